import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteIntegrityCheck } from '../../src/store/sqlite-store.js';
import { type DataPlace, builtCliForFile, makeDataPlace } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { call, startService } from './processes.js';

/**
 * Issue 8, item 2: the service is killed with SIGKILL in the middle of a write load, three times
 * per store, and restarted on the same data. Every write it acknowledged before a kill must be
 * there afterwards, and the database must pass its own check.
 */
const KILLS = 3;
const WRITERS = 8;

const cli = builtCliForFile();

interface CartRow { id: string; version: number | string; document: string }

/** Every cart row of the data place, read straight from the database. */
async function cartRows(kind: string, place: DataPlace): Promise<CartRow[]> {
  if (kind === 'sqlite') {
    const database = new Database(join(place.env.DATA_DIR!, 'consign.db'), { readonly: true });
    try {
      return database.prepare('SELECT id, version, document FROM carts').all() as CartRow[];
    } finally {
      database.close();
    }
  }
  const client = new pg.Client({ connectionString: place.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<CartRow>('SELECT id, version, document FROM carts')).rows;
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL's own check, amcheck (contrib): every B-tree index of the test's schema is checked
 * against its table (`bt_index_check` with `heapallindexed`), and every table's heap
 * (`verify_heapam`). The extension is created in the test's schema, which is dropped afterwards;
 * where it cannot be created, the test says so and checks the rows alone. Returns what was checked.
 */
async function postgresAmcheck(place: DataPlace): Promise<string> {
  const schema = /search_path=(\w+)/.exec(new URL(place.env.DATABASE_URL!).searchParams.get('options') ?? '')?.[1];
  const client = new pg.Client({ connectionString: place.env.DATABASE_URL });
  await client.connect();
  try {
    let where: string;
    try {
      await client.query(`CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA ${schema}`);
      where = (await client.query<{ nspname: string }>(`SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'`)).rows[0]!.nspname;
    } catch (error) {
      console.warn(`amcheck is not available (${(error as Error).message}): PostgreSQL is checked row by row only`);
      return 'rows only (amcheck unavailable)';
    }
    const indexes = await client.query<{ index: string }>(
      `SELECT c.oid::regclass::text AS index FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND am.amname = 'btree'`,
      [schema],
    );
    for (const { index } of indexes.rows) await client.query(`SELECT ${where}.bt_index_check($1::regclass, true)`, [index]);
    const tables = await client.query<{ table: string }>(`SELECT c.oid::regclass::text AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`, [schema]);
    for (const { table } of tables.rows) {
      const corruption = await client.query(`SELECT * FROM ${where}.verify_heapam($1::regclass)`, [table]);
      expect(corruption.rows, `verify_heapam(${table})`).toEqual([]);
    }
    expect(indexes.rows.length).toBeGreaterThan(5);
    return `amcheck: ${indexes.rows.length} B-tree indexes and ${tables.rows.length} tables`;
  } finally {
    await client.end();
  }
}

/**
 * The database's own check: SQLite's `PRAGMA integrity_check`; PostgreSQL's amcheck. Also that
 * every cart row is whole: its document parses, is the cart it is filed under, and carries the
 * row's version. Returns what was checked.
 */
async function expectDatabaseSound(kind: string, place: DataPlace): Promise<string> {
  let checked = 'PRAGMA integrity_check';
  if (kind === 'sqlite') expect(sqliteIntegrityCheck(join(place.env.DATA_DIR!, 'consign.db'))).toBe('ok');
  else checked = await postgresAmcheck(place);
  for (const row of await cartRows(kind, place)) {
    const document = JSON.parse(row.document) as { id: string; version: number };
    expect(document.id).toBe(row.id);
    expect(document.version).toBe(Number(row.version));
  }
  return checked;
}

describe.each(STORE_KINDS)('SIGKILL during a write load on %s', (kind) => {
  let place: DataPlace;
  beforeAll(async () => {
    place = await makeDataPlace(kind);
  });
  afterAll(async () => place.destroy());

  it(`loses no acknowledged write over ${KILLS} kills, and the database stays sound`, { timeout: 90_000 }, async () => {
    /** Acknowledged writes: cart id -> the SKUs of the custom items the service said it added. */
    const acknowledged = new Map<string, Set<string>>();
    let counter = 0;
    let acknowledgedWrites = 0;
    let inFlightLost = 0;

    for (let round = 0; round <= KILLS; round++) {
      const service = await startService(cli.file, place.env);
      // Everything acknowledged before the previous kill is here, through the restarted service.
      const carts = [...acknowledged];
      for (let i = 0; i < carts.length; i += 16) {
        await Promise.all(
          carts.slice(i, i + 16).map(async ([id, skus]) => {
            const read = await call(service.base, 'GET', `/v3/carts/${id}`);
            expect(read.status, `cart ${id} after kill ${round}`).toBe(200);
            const present = new Set((read.body.data.line_items.custom_items as { sku: string }[]).map((c) => c.sku));
            for (const sku of skus) expect(present.has(sku), `${sku} in cart ${id} after kill ${round}`).toBe(true);
          }),
        );
      }
      if (round === KILLS) {
        await service.kill('SIGTERM');
        break;
      }

      // The load: each writer creates carts and adds items to the carts it created, and records
      // a write only once the service has answered 201. The kill comes at a random moment.
      let stop = false;
      const roundStart = acknowledgedWrites;
      const writer = async () => {
        const own: string[] = [];
        while (!stop) {
          const sku = `W${++counter}`;
          const item = { custom_items: [{ sku, name: sku, quantity: 1, list_price: 1 }] };
          const cartId = own.length > 0 && Math.random() < 0.6 ? own[Math.floor(Math.random() * own.length)] : undefined;
          const answer = cartId ? await call(service.base, 'POST', `/v3/carts/${cartId}/items`, item) : await call(service.base, 'POST', '/v3/carts', item);
          if (answer.status === 201) {
            const id = answer.body.data.id as string;
            if (!cartId) own.push(id);
            if (!acknowledged.has(id)) acknowledged.set(id, new Set());
            acknowledged.get(id)!.add(sku);
            acknowledgedWrites++;
          } else if (answer.status === 0) {
            inFlightLost++;
            return;
          } else {
            throw new Error(`write answered ${answer.status}: ${JSON.stringify(answer.body)}`);
          }
        }
      };
      const load = Promise.all(Array.from({ length: WRITERS }, writer));
      // Mid-load: once this round has some acknowledged writes, then at a random moment.
      const waitUntil = Date.now() + 15_000;
      while (acknowledgedWrites < roundStart + 20 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, Math.random() * 600));
      await service.kill('SIGKILL');
      stop = true;
      await load;
      // The database as the kill left it, before anything opens it for writing.
      await expectDatabaseSound(kind, place);
    }
    const checked = await expectDatabaseSound(kind, place);
    expect(acknowledgedWrites).toBeGreaterThanOrEqual(KILLS * 20);
    console.info(`crash on ${kind}: ${KILLS} SIGKILLs survived, ${acknowledgedWrites} acknowledged writes over ${acknowledged.size} carts all present, ${inFlightLost} requests cut off in flight; database checked by ${checked}`);
  });
});
