import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/**
 * Migration 28 gives SQLite's `carts` one index for a store's carts and the expired-cart sweep
 * instead of one for each, and keeps each storefront session in its primary key's b-tree (WITHOUT
 * ROWID). A database made before it keeps its sessions and carts, and every look-up through those
 * indexes finds what it found before, on both databases (the sweep's query is theirs to share).
 */
describe.each(STORE_KINDS)('carts and sessions on %s, from a database made before migration 28', (kind) => {
  let testStore: TestStore | undefined;
  afterEach(async () => testStore?.destroy());

  const NOW = 1_000_000;
  const LIVE = NOW + 60_000;
  const dbOf = (store: Store) => (store as unknown as { db: Kysely<Database> }).db;
  const insert = async (store: Store, storeId: number, id: string, expiresAt = LIVE) =>
    expect(await store.insertCart({ id, storeId, version: 1, document: '{}', expiresAt }, await store.configVersion(storeId))).toBe(true);
  const cartIds = async (db: Kysely<Database>) => (await db.selectFrom('carts').select('id').orderBy('id').execute()).map((r) => r.id);
  const sessionTokens = async (db: Kysely<Database>) => (await db.selectFrom('storefront_sessions').select('token_hash').orderBy('token_hash').execute()).map((r) => r.token_hash);

  /** The schema as migrations 1 to 27 left it (PostgreSQL's is as it was: migration 28 is SQLite's). */
  const before28 =
    kind === 'sqlite'
      ? [
          `CREATE TABLE storefront_sessions_rowid (
            token_hash TEXT NOT NULL,
            store_id INTEGER NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
            cart_id TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            customer_id INTEGER,
            PRIMARY KEY (token_hash, store_id)
          )`,
          'DROP TABLE storefront_sessions',
          'ALTER TABLE storefront_sessions_rowid RENAME TO storefront_sessions',
          'CREATE INDEX storefront_sessions_expiry ON storefront_sessions (expires_at)',
          'CREATE INDEX carts_store ON carts (store_id)',
          'CREATE INDEX carts_sweep ON carts (sweep_at)',
          'DROP INDEX carts_store_sweep',
        ]
      : [];
  const cartIndexesAfter = kind === 'sqlite' ? ['carts_store_sweep'] : ['carts_store', 'carts_sweep'];

  const cartIndexes = async (db: Kysely<Database>) =>
    kind === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'carts' AND sql IS NOT NULL ORDER BY name`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'carts' AND indexname <> 'carts_pkey' ORDER BY indexname`.execute(db)).rows.map((r) => r.name);

  it('keeps every session and cart, and finds, sweeps and clears them as before', async () => {
    testStore = await openTestStore(kind);
    const store = testStore.store;
    for (const statement of before28) await sql.raw(statement).execute(dbOf(store));
    await sql`DELETE FROM schema_migrations WHERE version = 28`.execute(dbOf(store));
    const first = await store.createStore({ hash: 'indexes-one', name: 'One', settings: '{}' });
    const second = await store.createStore({ hash: 'indexes-two', name: 'Two', settings: '{}' });
    await insert(store, first.id, 'live');
    await insert(store, first.id, 'expired', NOW - 1);
    await insert(store, second.id, 'other-live');
    await insert(store, second.id, 'other-expired', NOW - 1);
    await store.bindSessionCart({ tokenHash: 'live-session', storeId: first.id, cartId: 'live', expiresAt: LIVE });
    await store.bindSessionCart({ tokenHash: 'expired-session', storeId: first.id, cartId: 'expired', expiresAt: NOW - 1 });
    await store.bindSessionCustomer({ tokenHash: 'signed-in', storeId: second.id, cartId: '', expiresAt: LIVE }, 7);
    await store.close();

    const reopened = await testStore.reopen();
    try {
      const db = dbOf(reopened);
      expect(await cartIndexes(db)).toEqual(cartIndexesAfter);
      if (kind === 'sqlite') {
        const [table] = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'storefront_sessions'`.execute(db)).rows;
        expect(table!.sql).toMatch(/WITHOUT ROWID$/);
      }
      expect(await sessionTokens(db)).toEqual(['expired-session', 'live-session', 'signed-in']);
      expect(await reopened.findSessionCart('live-session', first.id, NOW)).toEqual({ cartId: 'live', cartVersion: 1, configVersion: 1, expiresAt: LIVE, customerId: undefined });
      expect(await reopened.findSessionCart('signed-in', second.id, NOW)).toEqual({ cartId: undefined, cartVersion: undefined, configVersion: 1, expiresAt: LIVE, customerId: 7 });
      expect(await reopened.findSessionCart('expired-session', first.id, NOW)).toBeUndefined();

      // A new session binds and rebinds as before: one row per token and store.
      await reopened.bindSessionCart({ tokenHash: 'new-session', storeId: first.id, cartId: 'live', expiresAt: LIVE });
      await reopened.bindSessionCart({ tokenHash: 'new-session', storeId: first.id, cartId: 'expired', expiresAt: LIVE + 1 });
      expect(await reopened.findSessionCart('new-session', first.id, NOW)).toEqual({ cartId: undefined, cartVersion: undefined, configVersion: 1, expiresAt: LIVE + 1, customerId: undefined });

      // The sweep finds the expired carts of every store, and the expired session.
      expect(await reopened.deleteExpiredCarts(NOW, 10)).toBe(2);
      expect(await cartIds(db)).toEqual(['live', 'other-live']);
      expect(await sessionTokens(db)).toEqual(['live-session', 'new-session', 'signed-in']);

      // A store's carts are cleared through the same index; the other store keeps its own.
      expect(await reopened.deleteCarts(first.id)).toBe(1);
      expect(await cartIds(db)).toEqual(['other-live']);
      expect(await sessionTokens(db)).toEqual(['signed-in']);
    } finally {
      await reopened.close();
    }
  });
});
