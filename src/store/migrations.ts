import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/** Column types that differ between the two databases; everything else is shared SQL. */
export interface SqlFlavour {
  /** An auto-incrementing integer primary key. */
  readonly serialKey: string;
  readonly bigint: string;
}

interface Migration {
  readonly version: number;
  readonly statements: (f: SqlFlavour) => string[];
}

/**
 * Versioned migrations, applied in order at start. Never edit one that has shipped: add another.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: (f) => [
      `CREATE TABLE stores (
        id ${f.serialKey},
        hash TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        settings TEXT NOT NULL,
        config_version INTEGER NOT NULL DEFAULT 1
      )`,
      `CREATE TABLE api_accounts (
        id ${f.serialKey},
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        scopes TEXT NOT NULL
      )`,
      // Ids are per store and per kind (a store's products are 1, 2, 3, ...), as upstream's are.
      `CREATE TABLE config_items (
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        id INTEGER NOT NULL,
        parent_kind TEXT,
        parent_id INTEGER,
        document TEXT NOT NULL,
        PRIMARY KEY (store_id, kind, id)
      )`,
      `CREATE INDEX config_items_parent ON config_items (store_id, parent_kind, parent_id)`,
      // The last id handed out per store and kind: ids are never reused, even after a delete,
      // so a stale reference (a selected shipping option, say) can never match a newer item.
      `CREATE TABLE config_sequences (
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        last_id INTEGER NOT NULL,
        PRIMARY KEY (store_id, kind)
      )`,
      `CREATE TABLE carts (
        id TEXT PRIMARY KEY,
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        expires_at ${f.bigint} NOT NULL
      )`,
      `CREATE INDEX carts_store ON carts (store_id)`,
      `CREATE INDEX carts_expiry ON carts (expires_at)`,
    ],
  },
  {
    version: 2,
    statements: (f) => [
      // A shopper's browser session holds one cart per store; the session token is kept hashed.
      `CREATE TABLE storefront_sessions (
        token_hash TEXT NOT NULL,
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        cart_id TEXT NOT NULL,
        expires_at ${f.bigint} NOT NULL,
        PRIMARY KEY (token_hash, store_id)
      )`,
      `CREATE INDEX storefront_sessions_expiry ON storefront_sessions (expires_at)`,
      // Single-use tokens of redirect_urls: opening one binds its cart to the browser's session.
      `CREATE TABLE cart_handoffs (
        token_hash TEXT PRIMARY KEY,
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        cart_id TEXT NOT NULL,
        expires_at ${f.bigint} NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    statements: () => [
      // An order is a snapshot of the checkout it came from; ids come from config_sequences (kind 'order').
      `CREATE TABLE orders (
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        id INTEGER NOT NULL,
        checkout_id TEXT NOT NULL,
        document TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (store_id, id)
      )`,
    ],
  },
  {
    version: 4,
    statements: (f) => [
      // Idempotency-Key: one row per key, scoped by store, credential and route (docs/reliability.md).
      // `status` is NULL while the first request is in flight; `expires_at` is then a short lease.
      `CREATE TABLE idempotency_keys (
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        scope TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER,
        content_type TEXT,
        body TEXT,
        expires_at ${f.bigint} NOT NULL,
        PRIMARY KEY (store_id, scope, idempotency_key)
      )`,
      `CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`,
    ],
  },
  {
    version: 5,
    statements: () => [
      // The response headers a replay must repeat (a storefront session's Set-Cookie), as JSON.
      `ALTER TABLE idempotency_keys ADD COLUMN headers TEXT`,
    ],
  },
  {
    version: 12,
    statements: (f) => [
      // Carrier rate answers shared by every process, keyed by a hash of the rate request (docs/shipping-rates.md).
      `CREATE TABLE carrier_quotes (
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        request_key TEXT NOT NULL,
        document TEXT NOT NULL,
        expires_at ${f.bigint} NOT NULL,
        PRIMARY KEY (store_id, request_key)
      )`,
    ],
  },
];

/** Applies the migrations this database has not seen yet, each in its own transaction. */
export async function migrate(db: Kysely<Database>, flavour: SqlFlavour): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(db);
  const applied = new Set((await db.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    try {
      await db.transaction().execute(async (trx) => {
        for (const statement of migration.statements(flavour)) await sql.raw(statement).execute(trx);
        await trx.insertInto('schema_migrations').values({ version: migration.version, applied_at: new Date().toISOString() }).execute();
      });
    } catch (error) {
      // Two processes opening a new SQLite file at once both see the migration as pending; the
      // second fails on a table the first just made. That is no failure if the first succeeded.
      const done = await db.selectFrom('schema_migrations').select('version').where('version', '=', migration.version).executeTakeFirst();
      if (!done) throw error;
    }
  }
}
