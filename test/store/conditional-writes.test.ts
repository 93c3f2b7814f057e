import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { CartRecord, NewWebhookDelivery, Store } from '../../src/store/store.js';
import { POSTGRES_URL, STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/**
 * A cart's conditional writes and what rides on them (src/store/conditional-write-sql.ts): a
 * cart's parts, a placed order, the webhook outbox's rows, a new cart's browser session commit
 * with the write, and only when it matched. On PostgreSQL all of it is one statement; a write that lost, whether to a version read
 * before or to a writer it waited for, must leave no rider behind (an outbox row would send an
 * event for a change that never happened).
 */
describe.each(STORE_KINDS)('conditional cart writes on %s', (kind) => {
  let testStore: TestStore | undefined;
  afterEach(async () => testStore?.destroy());

  const NOW = 1_000;
  const delivery = (storeId: number, eventId: string): NewWebhookDelivery => ({
    storeId,
    hookId: 1,
    eventId,
    scope: 'store/cart/updated',
    resource: 'cart:c1',
    body: `{"event":"${eventId}","quote":"\\"","text":"naïve ✓"}`,
    createdAt: NOW,
  });
  const cart = (storeId: number, version: number, parts: CartRecord['parts']): CartRecord => ({ id: 'c1', storeId, version, document: `{"v":${version}}`, expiresAt: NOW + 60_000, parts });

  async function setUp(): Promise<{ store: Store; storeId: number; configVersion: number }> {
    testStore = await openTestStore(kind);
    const store = testStore.store;
    const { id: storeId } = await store.createStore({ hash: 'writes', name: 'Writes', settings: '{}' });
    return { store, storeId, configVersion: await store.configVersion(storeId) };
  }
  const events = async (store: Store, storeId: number) => (await store.listWebhookDeliveries(storeId, 1, { page: 1, limit: 50 })).rows.map((row) => row.eventId).reverse();
  const stored = async (store: Store, storeId: number) => {
    const found = await store.findCart(storeId, 'c1', NOW);
    return found && { version: found.version, document: found.document, parts: Object.fromEntries(found.parts.map((p) => [p.key, p.document])) };
  };

  it('writes parts, order and outbox rows with a write that matched, and none with one that did not', async () => {
    const { store, storeId, configVersion } = await setUp();
    // An insert built from a configuration that is no longer the store's: nothing at all, no session either.
    const session = { tokenHash: 'session', storeId, cartId: 'c1', expiresAt: NOW + 60_000, customerId: 7 };
    expect(await store.insertCart(cart(storeId, 1, { written: [{ key: 'c:a', document: 'A1' }], removed: [] }), configVersion + 1, [delivery(storeId, 'lost-insert')], session)).toBe(false);
    expect(await stored(store, storeId)).toBeUndefined();
    expect(await events(store, storeId)).toEqual([]);
    expect(await store.findSessionCart('session', storeId, NOW)).toBeUndefined();

    expect(await store.insertCart(cart(storeId, 1, { written: [{ key: 'c:a', document: 'A1' }], removed: [] }), configVersion, [delivery(storeId, 'created')], session)).toBe(true);
    expect(await stored(store, storeId)).toEqual({ version: 1, document: '{"v":1}', parts: { 'c:a': 'A1' } });
    expect(await store.findSessionCart('session', storeId, NOW)).toEqual({ cartId: 'c1', cartVersion: 1, configVersion, expiresAt: NOW + 60_000, customerId: 7 });

    // A version that is not the stored one: the cart, its parts, the order and the outbox stay as they were.
    const order = { id: 1, storeId, checkoutId: 'c1', document: '{"order":1}', createdAt: '1970-01-01T00:00:01.000Z' };
    const changes = { written: [{ key: 'c:b', document: 'B2' }], removed: ['c:a'] };
    expect(await store.updateCart(cart(storeId, 3, changes), 2, order, [delivery(storeId, 'lost-update')])).toBe(false);
    expect(await stored(store, storeId)).toEqual({ version: 1, document: '{"v":1}', parts: { 'c:a': 'A1' } });
    expect(await store.findOrder(storeId, 1)).toBeUndefined();
    expect(await store.deleteCart(storeId, 'c1', 2, [delivery(storeId, 'lost-delete')])).toBe(false);
    expect(await events(store, storeId)).toEqual(['created']);

    // The stored version: everything commits, the outbox rows in the order given.
    expect(await store.updateCart(cart(storeId, 2, changes), 1, order, [delivery(storeId, 'first'), delivery(storeId, 'second'), delivery(storeId, 'third')])).toBe(true);
    expect(await stored(store, storeId)).toEqual({ version: 2, document: '{"v":2}', parts: { 'c:b': 'B2' } });
    expect(await store.findOrder(storeId, 1)).toMatchObject({ checkoutId: 'c1', document: '{"order":1}', version: 1 });
    const rows = (await store.listWebhookDeliveries(storeId, 1, { page: 1, limit: 50 })).rows;
    expect(rows.find((row) => row.eventId === 'first')).toMatchObject({ ...delivery(storeId, 'first'), status: 'pending', nextAttemptAt: NOW, attempts: 0 });
    expect(await events(store, storeId)).toEqual(['created', 'first', 'second', 'third']);

    // An order's payment: the same, by the order's version.
    expect(await store.updateOrder(storeId, 1, '{"order":"paid"}', 2, [delivery(storeId, 'lost-payment')])).toBe(false);
    expect(await store.updateOrder(storeId, 1, '{"order":"paid"}', 1, [delivery(storeId, 'paid')])).toBe(true);
    expect(await store.findOrder(storeId, 1)).toMatchObject({ document: '{"order":"paid"}', version: 2 });

    expect(await store.deleteCart(storeId, 'c1', 2, [delivery(storeId, 'deleted')])).toBe(true);
    expect(await stored(store, storeId)).toBeUndefined();
    expect(await events(store, storeId)).toEqual(['created', 'first', 'second', 'third', 'paid', 'deleted']);
  });

  // SQLite runs one writer at a time: a second one starts after the first committed, and sees its version.
  it.runIf(kind === 'postgres')('writes no rider when the write waited for another writer of the cart and then found its version', async () => {
    const { store, storeId, configVersion } = await setUp();
    expect(await store.insertCart(cart(storeId, 1, { written: [{ key: 'c:a', document: 'A1' }], removed: [] }), configVersion)).toBe(true);
    const other = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${testStore!.location.schema}` });
    await other.connect();
    try {
      // Another process's write of version 2, holding the cart's row until it commits.
      await other.query('BEGIN');
      await other.query(`UPDATE carts SET version = 2, document = '{"v":2}' WHERE id = 'c1'`);
      const losing = store.updateCart(cart(storeId, 2, { written: [{ key: 'c:b', document: 'B2' }], removed: ['c:a'] }), 1, undefined, [delivery(storeId, 'lost')]);
      // It waits for the row's lock (having read version 1 in its snapshot) before the other commits.
      for (let waited = 0; ; waited += 20) {
        const { rows } = await other.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH matched%' AND datname = current_database()`);
        if (rows.length > 0) break;
        if (waited > 5_000) throw new Error('the write never waited for the lock');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await other.query('COMMIT');
      expect(await losing).toBe(false);
    } finally {
      await other.end();
    }
    expect(await stored(store, storeId)).toEqual({ version: 2, document: '{"v":2}', parts: { 'c:a': 'A1' } });
    expect(await events(store, storeId)).toEqual([]);
  });
});
