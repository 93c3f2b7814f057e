import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/**
 * A newer release's migration may add a column while older processes still serve from the same
 * database (a rolling upgrade). Those keep answering: PostgreSQL refuses to run a statement
 * prepared before the change whose result would gain the column ("cached plan must not change
 * result type"), so every read names its columns.
 */
describe.each(STORE_KINDS)('reads on %s after another process adds columns', (kind) => {
  let testStore: TestStore | undefined;
  afterEach(async () => testStore?.destroy());

  it('keep answering as before', async () => {
    testStore = await openTestStore(kind);
    const store = testStore.store;
    const shop = await store.createStore({ hash: 'added', name: 'Added', settings: '{}' });
    await store.createApiAccount({ storeId: shop.id, name: 'app', tokenHash: 'hash', scopes: ['carts'], createdAt: '2026-01-01T00:00:00Z', expiresAt: null });
    const expiresAt = Date.now() + 60_000;
    expect(await store.insertCart({ id: 'cart', storeId: shop.id, version: 1, document: '{}', expiresAt }, await store.configVersion(shop.id))).toBe(true);
    const order = { id: await store.nextOrderId(shop.id), storeId: shop.id, checkoutId: 'cart', document: '{"placed":true}', createdAt: '2026-01-01T00:00:00Z' };
    expect(await store.updateCart({ id: 'cart', storeId: shop.id, version: 2, document: '{}', expiresAt }, 1, order)).toBe(true);
    const delivery = { storeId: shop.id, hookId: 1, eventId: 'e1', scope: 'store/cart/created', resource: 'cart:cart', body: '{}', createdAt: 1 };
    await store.recordWebhookDeliveries([delivery, { ...delivery, eventId: 'e2', resource: 'cart:other' }]);

    const read = async () => ({
      account: await store.findApiAccountByTokenHash('hash'),
      accounts: await store.listApiAccounts(shop.id),
      order: await store.findOrder(shop.id, order.id),
      deliveries: await store.listWebhookDeliveries(shop.id, 1, { page: 1, limit: 10 }),
    });
    const [claimed] = await store.claimWebhookDeliveries('one', 2, 1_000, 1);
    const before = await read();

    // Another process (a newer release) migrates.
    const other = await testStore.reopen();
    try {
      const db = (other as unknown as { db: Kysely<Database> }).db;
      for (const table of ['api_accounts', 'orders', 'webhook_deliveries']) await sql.raw(`ALTER TABLE ${table} ADD COLUMN added_later TEXT`).execute(db);
    } finally {
      await other.close();
    }

    expect(await read()).toEqual(before);
    const [claimedAfter] = await store.claimWebhookDeliveries('one', 2, 1_000, 1);
    expect(claimed?.eventId).toBe('e1');
    expect(claimedAfter?.eventId).toBe('e2');
  });
});
