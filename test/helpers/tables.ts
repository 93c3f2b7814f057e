import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';

/** Each table's row count and a digest of its rows: equal snapshots mean nothing was written. */
export type TableSnapshot = Record<string, { rows: number; digest: string }>;

const tableNames = new WeakMap<Store, Promise<string[]>>();

export interface SnapshotOptions {
  /** Leaves out the idempotency_keys rows of one key: a refused request that sent a key may save its answer there. */
  readonly ignoreKey?: string;
  /** Only the rows of one store (tenant), where another store's own rows may legitimately change. */
  readonly storeId?: number;
}

/**
 * Every table of the store, read straight from the database (so a row written by any path shows),
 * in one round trip on PostgreSQL.
 */
export async function snapshotTables(store: Store, { ignoreKey, storeId }: SnapshotOptions = {}): Promise<TableSnapshot> {
  const db = (store as unknown as { db: Kysely<Database> }).db;
  let names = tableNames.get(store);
  if (!names) {
    names = listTables(store, db);
    tableNames.set(store, names);
  }
  const tables = await names;
  const snapshot: TableSnapshot = {};
  if (store.kind === 'postgres') {
    const parts = tables.map((table) => {
      const conditions = [sql`true`];
      if (table === 'idempotency_keys' && ignoreKey !== undefined) conditions.push(sql`x.idempotency_key <> ${ignoreKey}`);
      if (storeId !== undefined && table === 'cart_parts') conditions.push(sql`x.cart_id IN (SELECT id FROM carts WHERE store_id = ${storeId})`);
      else if (storeId !== undefined && table !== 'schema_migrations') conditions.push(sql`${sql.ref(table === 'stores' ? 'x.id' : 'x.store_id')} = ${storeId}`);
      return sql`SELECT ${table}::text AS name, count(*)::int AS rows, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS digest FROM ${sql.table(table)} x WHERE ${sql.join(conditions, sql` AND `)}`;
    });
    const { rows } = await sql<{ name: string; rows: number; digest: string }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db);
    for (const row of rows) snapshot[row.name] = { rows: row.rows, digest: row.digest };
    return snapshot;
  }
  // A cart's parts (cart_parts) have no store of their own: they are their cart's store's.
  const cartsOfStore = storeId === undefined ? undefined : new Set((await sql<{ id: string }>`SELECT id FROM carts WHERE store_id = ${storeId}`.execute(db)).rows.map((r) => r.id));
  for (const table of tables) {
    let { rows } = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db);
    if (table === 'idempotency_keys' && ignoreKey !== undefined) rows = rows.filter((r) => r.idempotency_key !== ignoreKey);
    if (cartsOfStore && table === 'cart_parts') rows = rows.filter((r) => cartsOfStore.has(r.cart_id as string));
    else if (storeId !== undefined && table !== 'schema_migrations') rows = rows.filter((r) => (table === 'stores' ? r.id : r.store_id) === storeId);
    const lines = rows.map((r) => JSON.stringify(r)).sort();
    snapshot[table] = { rows: rows.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return snapshot;
}

async function listTables(store: Store, db: Kysely<Database>): Promise<string[]> {
  const query =
    store.kind === 'postgres'
      ? sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`
      : sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`;
  // Rate-limit windows count requests, not data: every request may change them (shared counting
  // on PostgreSQL), refused ones included; docs/reliability.md#rate-limits states what they promise.
  const names = (await query.execute(db)).rows.map((r) => r.name).filter((name) => name !== 'rate_limit_windows');
  if (!names.includes('carts') || !names.includes('idempotency_keys')) throw new Error(`unexpected tables: ${names.join(', ')}`);
  return names;
}
