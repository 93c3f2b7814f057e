import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/**
 * Migration 6 on a database written before it: the SKUs and coupon codes already stored are claimed
 * (config_unique_keys), on both databases' JSON functions, and a duplicate that slipped in before
 * leaves the claim with the first item; items written before it load as before.
 */
describe.each(STORE_KINDS)('migration 6 on an existing %s database', (kind) => {
  let testStore: TestStore | undefined;
  afterEach(async () => testStore?.destroy());

  it('claims the stored SKUs and coupon codes, the first claimant keeping a duplicate', async () => {
    testStore = await openTestStore(kind);
    const db = (testStore.store as unknown as { db: Kysely<Database> }).db;
    const store = await testStore.store.createStore({ hash: 'premigration', name: 'Old', settings: '{}' });
    // Back to the schema before migration 6, with configuration written then.
    for (const statement of [
      'DROP TABLE config_unique_keys',
      'DROP TABLE config_deletions',
      'DROP INDEX config_items_written',
      'ALTER TABLE config_items DROP COLUMN written_version',
      'DELETE FROM schema_migrations WHERE version = 6',
    ]) {
      await sql.raw(statement).execute(db);
    }
    const item = (itemKind: string, id: number, document: object, parentId: number | null = null) =>
      sql`INSERT INTO config_items (store_id, kind, id, parent_kind, parent_id, document) VALUES (${store.id}, ${itemKind}, ${id}, ${parentId === null ? null : 'product'}, ${parentId}, ${JSON.stringify(document)})`.execute(db);
    await item('product', 1, { name: 'One', sku: 'SHIRT' });
    await item('variant', 1, { sku: 'SHIRT' }, 1);
    await item('variant', 2, { sku: 'SHIRT-L' }, 1);
    await item('product', 2, { name: 'Two', sku: '' });
    await item('variant', 3, { sku: 'SHIRT-L' }, 2);
    await item('coupon', 1, { code: 'Save10' });
    await item('coupon', 2, { code: 'SAVE10' });
    await item('coupon', 3, { code: 'other' });
    await testStore.store.close();

    const reopened = await testStore.reopen();
    try {
      const db2 = (reopened as unknown as { db: Kysely<Database> }).db;
      const claims = await db2.selectFrom('config_unique_keys').select(['name', 'value', 'owner_kind', 'owner_id']).where('store_id', '=', store.id).orderBy('name').orderBy('value').execute();
      expect(claims).toEqual([
        { name: 'coupon_code', value: 'other', owner_kind: 'coupon', owner_id: 3 },
        { name: 'coupon_code', value: 'save10', owner_kind: 'coupon', owner_id: 1 },
        { name: 'sku', value: 'SHIRT', owner_kind: 'product', owner_id: 1 },
        { name: 'sku', value: 'SHIRT-L', owner_kind: 'product', owner_id: 1 },
      ]);
      const loaded = await reopened.loadConfigChanges(store.id);
      expect(loaded.items).toHaveLength(8);
      // A cache at the current version finds nothing new.
      expect((await reopened.loadConfigChanges(store.id, loaded.version)).items).toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});
