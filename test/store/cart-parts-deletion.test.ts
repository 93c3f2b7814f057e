import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import type { CartPart, Store } from '../../src/store/store.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/**
 * A cart's parts go with the cart however it is deleted: by its own delete, the expired-cart sweep,
 * a store's carts cleared, the store's own row deleted. On PostgreSQL a trigger does it since
 * migration 25 (a foreign key's cascade before, as still on SQLite); parts written before the
 * migration stay and go the same way.
 */
describe.each(STORE_KINDS)('cart parts on %s, from a database made before migration 25', (kind) => {
  let testStore: TestStore | undefined;
  afterEach(async () => testStore?.destroy());

  const NOW = 1_000_000;
  const parts = (cart: string): CartPart[] => [
    { key: `c:${cart}`, document: `{"c":"${cart}"}` },
    { key: `l:${cart}`, document: `{"l":"${cart}"}` },
  ];
  const insert = async (store: Store, storeId: number, id: string, expiresAt = NOW + 60_000) =>
    expect(await store.insertCart({ id, storeId, version: 1, document: '{}', expiresAt, parts: { written: parts(id), removed: [] } }, await store.configVersion(storeId))).toBe(true);
  const partCount = async (db: Kysely<Database>, id: string) =>
    Number((await sql<{ n: number | string }>`SELECT count(*) AS n FROM cart_parts WHERE cart_id = ${id}`.execute(db)).rows[0]!.n);
  const dbOf = (store: Store) => (store as unknown as { db: Kysely<Database> }).db;

  it('deletes the parts of a deleted cart, whoever deletes it, and only those', async () => {
    testStore = await openTestStore(kind);
    const store = testStore.store;
    if (kind === 'postgres') {
      // Back to the schema before migration 25: the foreign key, no trigger.
      for (const statement of [
        'DROP TRIGGER carts_delete_parts ON carts',
        'DROP FUNCTION carts_delete_parts()',
        'ALTER TABLE cart_parts ADD CONSTRAINT cart_parts_cart_id_fkey FOREIGN KEY (cart_id) REFERENCES carts(id) ON DELETE CASCADE',
      ]) {
        await sql.raw(statement).execute(dbOf(store));
      }
    }
    await sql`DELETE FROM schema_migrations WHERE version = 25`.execute(dbOf(store));
    const first = await store.createStore({ hash: 'parts-one', name: 'One', settings: '{}' });
    const second = await store.createStore({ hash: 'parts-two', name: 'Two', settings: '{}' });
    await insert(store, first.id, 'before');
    await store.close();

    const reopened = await testStore.reopen();
    try {
      const db = dbOf(reopened);
      expect(await partCount(db, 'before')).toBe(2);
      await insert(reopened, first.id, 'deleted');
      await insert(reopened, first.id, 'expired', NOW - 1);
      await insert(reopened, second.id, 'cleared');
      await insert(reopened, second.id, 'also-cleared');
      const third = await reopened.createStore({ hash: 'parts-three', name: 'Three', settings: '{}' });
      await insert(reopened, third.id, 'store-deleted');

      expect(await reopened.deleteCart(first.id, 'deleted', 1)).toBe(true);
      expect(await partCount(db, 'deleted')).toBe(0);
      expect(await reopened.deleteExpiredCarts(NOW, 10)).toBe(1);
      expect(await partCount(db, 'expired')).toBe(0);
      expect(await reopened.deleteCarts(first.id)).toBe(1);
      expect(await partCount(db, 'before')).toBe(0);
      await sql`DELETE FROM stores WHERE id = ${third.id}`.execute(db);
      expect(await partCount(db, 'store-deleted')).toBe(0);

      // Another store's carts kept theirs, until that store's carts are cleared.
      expect(await partCount(db, 'cleared')).toBe(2);
      expect(await partCount(db, 'also-cleared')).toBe(2);
      expect(await reopened.deleteCarts(second.id)).toBe(2);
      expect(await partCount(db, 'cleared')).toBe(0);
      expect(await partCount(db, 'also-cleared')).toBe(0);
    } finally {
      await reopened.close();
    }
  });
});
