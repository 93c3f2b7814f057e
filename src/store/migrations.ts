import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/** Column types that differ between the two databases; everything else is shared SQL. */
export interface SqlFlavour {
  /** An auto-incrementing integer primary key. */
  readonly serialKey: string;
  readonly bigint: string;
  /** Which database: the few statements that read JSON are spelled differently in each. */
  readonly name: 'sqlite' | 'postgres';
  /** The text of `field` in the JSON document held (as text) by `column`. */
  jsonText(column: string, field: string): string;
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
    version: 6,
    statements: (f) => [
      // Which configuration version last wrote each item, and which deleted it: a cache at version v
      // reads only what changed after v (docs/storage.md, "Configuration changes").
      `ALTER TABLE config_items ADD COLUMN written_version INTEGER NOT NULL DEFAULT 0`,
      `CREATE INDEX config_items_written ON config_items (store_id, written_version)`,
      `CREATE TABLE config_deletions (
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        id INTEGER NOT NULL,
        deleted_version INTEGER NOT NULL,
        PRIMARY KEY (store_id, kind, id)
      )`,
      `CREATE INDEX config_deletions_version ON config_deletions (store_id, deleted_version)`,
      // Values that must be one item's only in a store (SKUs, coupon codes lower-cased): the primary
      // key refuses a second claim, between requests and between processes alike.
      `CREATE TABLE config_unique_keys (
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        owner_kind TEXT NOT NULL,
        owner_id INTEGER NOT NULL,
        PRIMARY KEY (store_id, name, value)
      )`,
      `CREATE INDEX config_unique_keys_owner ON config_unique_keys (store_id, owner_kind, owner_id)`,
      // The claims of what is stored already. A duplicate that slipped in before keeps its first
      // claimant (by id); the other loses its claim and must change its SKU or code to be saved again.
      `INSERT INTO config_unique_keys (store_id, name, value, owner_kind, owner_id)
        SELECT store_id, 'sku', ${f.jsonText('document', 'sku')}, 'product', id FROM config_items
        WHERE kind = 'product' AND ${f.jsonText('document', 'sku')} <> '' ORDER BY store_id, id
        ON CONFLICT DO NOTHING`,
      `INSERT INTO config_unique_keys (store_id, name, value, owner_kind, owner_id)
        SELECT store_id, 'sku', ${f.jsonText('document', 'sku')}, 'product', parent_id FROM config_items
        WHERE kind = 'variant' AND parent_id IS NOT NULL AND ${f.jsonText('document', 'sku')} <> '' ORDER BY store_id, parent_id, id
        ON CONFLICT DO NOTHING`,
      `INSERT INTO config_unique_keys (store_id, name, value, owner_kind, owner_id)
        SELECT store_id, 'coupon_code', lower(${f.jsonText('document', 'code')}), 'coupon', id FROM config_items
        WHERE kind = 'coupon' ORDER BY store_id, id
        ON CONFLICT DO NOTHING`,
    ],
  },
  {
    version: 7,
    statements: (f) => [
      // A storefront host belongs to one store: the primary key decides between two stores (two
      // processes) claiming it at once (docs/storefront.md). Written with the store's settings.
      `CREATE TABLE storefront_hosts (
        host TEXT PRIMARY KEY,
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE
      )`,
      `CREATE INDEX storefront_hosts_store ON storefront_hosts (store_id)`,
      // The hosts the stores' settings already claim; where two claimed one, the store created
      // first keeps it, as the storefront directory already decided.
      f.name === 'sqlite'
        ? `INSERT INTO storefront_hosts (host, store_id)
           SELECT h.value, s.id FROM stores s, json_each(s.settings, '$.storefrontHosts') h
           WHERE h.type = 'text' ORDER BY s.id, h.key
           ON CONFLICT (host) DO NOTHING`
        : `INSERT INTO storefront_hosts (host, store_id)
           SELECT h.value, s.id FROM stores s
           CROSS JOIN LATERAL jsonb_array_elements_text(
             CASE WHEN jsonb_typeof(s.settings::jsonb -> 'storefrontHosts') = 'array' THEN s.settings::jsonb -> 'storefrontHosts' ELSE '[]'::jsonb END
           ) WITH ORDINALITY AS h(value, n)
           ORDER BY s.id, h.n
           ON CONFLICT (host) DO NOTHING`,
      // A replay no longer repeats Set-Cookie (docs/reliability.md): saved answers that carry a
      // session token are dropped, and with them the tokens kept in plain text.
      `DELETE FROM idempotency_keys WHERE headers LIKE '%set-cookie%'`,
    ],
  },
  {
    version: 8,
    statements: (f) => [
      // Tokens that can be listed and expire (docs/api.md#stores-tokens-and-scopes). Accounts made
      // before this migration have no creation date (NULL); NULL expiry is "never".
      `ALTER TABLE api_accounts ADD COLUMN created_at TEXT`,
      `ALTER TABLE api_accounts ADD COLUMN expires_at ${f.bigint}`,
      // Rate-limit windows every process counts in (PostgreSQL without REDIS_URL, docs/reliability.md).
      // Unlogged on PostgreSQL: counts are worth no fsync, and a crash that loses them only
      // gives callers a fresh window.
      `CREATE ${f.name === 'postgres' ? 'UNLOGGED ' : ''}TABLE rate_limit_windows (
        bucket TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        reset_at ${f.bigint} NOT NULL
      )`,
      `CREATE INDEX rate_limit_windows_reset ON rate_limit_windows (reset_at)`,
    ],
  },
  {
    version: 9,
    statements: () => [
      // Customer accounts (docs/customers.md). Ids are per store, from config_sequences (kind
      // 'customer'), as upstream's are. `email_key` is the trimmed, lower-cased email: the unique
      // constraint makes an email one account per store whatever its case, even between processes.
      // The password is kept only as an Argon2id hash.
      `CREATE TABLE customers (
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        id INTEGER NOT NULL,
        email_key TEXT NOT NULL,
        password_hash TEXT,
        document TEXT NOT NULL,
        PRIMARY KEY (store_id, id),
        UNIQUE (store_id, email_key)
      )`,
      // A customer's address book; ids from config_sequences (kind 'customer_address').
      // `address_key` holds the fields upstream compares to call two addresses one: unique per
      // customer, so an identical address is saved once even when two requests race.
      `CREATE TABLE customer_addresses (
        store_id INTEGER NOT NULL,
        id INTEGER NOT NULL,
        customer_id INTEGER NOT NULL,
        address_key TEXT NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (store_id, id),
        UNIQUE (store_id, customer_id, address_key),
        FOREIGN KEY (store_id, customer_id) REFERENCES customers(store_id, id) ON DELETE CASCADE
      )`,
      // The customer a browser session is signed in as, if any. A session signed in with no cart
      // yet holds the empty cart id '', which no cart has.
      `ALTER TABLE storefront_sessions ADD COLUMN customer_id INTEGER`,
    ],
  },
  {
    version: 10,
    statements: () => [
      // Payments: an order changes after it is placed (paid, declined); changes are conditional on this.
      `ALTER TABLE orders ADD COLUMN version INTEGER NOT NULL DEFAULT 1`,
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
  {
    version: 13,
    statements: (f) => [
      // The webhook outbox (docs/webhooks.md): one row per event and subscribed hook, written in the
      // transaction of the change that caused it, then claimed (lease_*) and sent by any process.
      `CREATE TABLE webhook_deliveries (
        id ${f.serialKey},
        store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
        hook_id INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        resource TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_status_code INTEGER,
        last_answer TEXT,
        next_attempt_at ${f.bigint} NOT NULL,
        first_attempt_at ${f.bigint},
        delivered_at ${f.bigint},
        created_at ${f.bigint} NOT NULL,
        lease_owner TEXT,
        lease_until ${f.bigint}
      )`,
      // Only what is still to send is indexed for the dispatcher's poll, so an idle poll reads nothing.
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'failed')`,
      `CREATE INDEX webhook_deliveries_chain ON webhook_deliveries (store_id, hook_id, resource, id) WHERE status IN ('pending', 'failed')`,
      `CREATE INDEX webhook_deliveries_log ON webhook_deliveries (store_id, hook_id, id)`,
    ],
  },
  {
    version: 17,
    statements: () => [
      // A cart's consignments and lines, a row each, so that a change to one writes one row and
      // not the whole document. Rows written before stay whole documents until their next write
      // (services/checkout-document.ts reads both).
      `CREATE TABLE cart_parts (
        cart_id TEXT NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
        part_key TEXT NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (cart_id, part_key)
      )`,
    ],
  },
  {
    version: 20,
    statements: () => [
      // Finished deliveries, by when they finished (next_attempt_at), for the dispatcher's pruning
      // of what is older than the retention period (docs/webhooks.md).
      `CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (next_attempt_at) WHERE status IN ('delivered', 'abandoned')`,
    ],
  },
  {
    version: 21,
    statements: () => [
      // Which cart version wrote each part, so that a process keeping version v of a checkout
      // reads only the parts written after v (services/checkout-document.ts). Rows written
      // before keep 0, as if written before any version a process can keep.
      `ALTER TABLE cart_parts ADD COLUMN written_version INTEGER NOT NULL DEFAULT 0`,
      // The version whose write last set written_version, and the oldest version from which every
      // later write did: a release older than this one writes a cart without them, and a process
      // keeping a version before such a write reads every part again (docs/storage.md). Carts
      // written before hold 0 in both, which no version equals: they read whole once.
      `ALTER TABLE carts ADD COLUMN parts_version INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE carts ADD COLUMN parts_since INTEGER NOT NULL DEFAULT 0`,
    ],
  },
  {
    version: 22,
    statements: (f) => [
      // The expired-cart sweep finds carts by `sweep_at`, a time at or before the cart's expiry
      // that a cart's writes leave alone, instead of by `expires_at`, which every write moves: an
      // index on it cost every write of a cart a second page or two (docs/storage.md, "Cart
      // expiry"). A row an older release inserts gets 0, which the sweep finds and sets right.
      `ALTER TABLE carts ADD COLUMN sweep_at ${f.bigint} NOT NULL DEFAULT 0`,
      `UPDATE carts SET sweep_at = expires_at`,
      `CREATE INDEX carts_sweep ON carts (sweep_at)`,
      `DROP INDEX carts_expiry`,
    ],
  },
  {
    version: 25,
    statements: (f) =>
      f.name === 'sqlite'
        ? // SQLite checks the key in the process, a lookup in `carts` per part (1 to 3 % of a write
          // of 200 parts, measured): not worth copying the table, the only way it drops a key.
          []
        : [
            // A cart's parts go with it by a trigger instead of a foreign key. The key had every
            // part a write inserts look up and lock its cart's row (a sixth of the time of a write
            // of 200 parts), where a part is only ever written by a rider of its cart's own write,
            // after that matched (conditional-write-sql.ts), so the cart is there and locked. The
            // trigger deletes a deleted cart's parts, as the key's cascade did, whoever deletes it
            // (a store's deletion, the expired-cart sweep, an older release).
            `ALTER TABLE cart_parts DROP CONSTRAINT cart_parts_cart_id_fkey`,
            // The function reads cart_parts in the schema it was made in, whatever the caller's path.
            `CREATE FUNCTION carts_delete_parts() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
              BEGIN DELETE FROM cart_parts WHERE cart_id = OLD.id; RETURN NULL; END $$`,
            `CREATE TRIGGER carts_delete_parts AFTER DELETE ON carts FOR EACH ROW EXECUTE FUNCTION carts_delete_parts()`,
          ],
  },
  {
    version: 28,
    statements: (f) =>
      f.name === 'sqlite'
        ? [
            // A new cart is the one write that inserts into every index of `carts`, and each index
            // is a page more in its commit. A store's carts (its reset, the console's list, a store's
            // deletion) and the expired-cart sweep (`sweep_at`, store by store) now share one index.
            // PostgreSQL keeps both: its planner reads a two-column index for the sweep by scanning
            // the table instead, and an index there costs an entry, not a page written per commit.
            `CREATE INDEX carts_store_sweep ON carts (store_id, sweep_at)`,
            `DROP INDEX carts_store`,
            `DROP INDEX carts_sweep`,
            // A session's row kept in its primary key's b-tree, where PostgreSQL's is found through
            // its key too: a new session writes that b-tree and the expiry index, not also a rowid
            // table. SQLite makes a table WITHOUT ROWID only when creating it: this copies it.
            `CREATE TABLE storefront_sessions_by_token (
              token_hash TEXT NOT NULL,
              store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
              cart_id TEXT NOT NULL,
              expires_at INTEGER NOT NULL,
              customer_id INTEGER,
              PRIMARY KEY (token_hash, store_id)
            ) WITHOUT ROWID`,
            `INSERT INTO storefront_sessions_by_token (token_hash, store_id, cart_id, expires_at, customer_id)
              SELECT token_hash, store_id, cart_id, expires_at, customer_id FROM storefront_sessions`,
            `DROP TABLE storefront_sessions`,
            `ALTER TABLE storefront_sessions_by_token RENAME TO storefront_sessions`,
            `CREATE INDEX storefront_sessions_expiry ON storefront_sessions (expires_at)`,
          ]
        : [],
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
