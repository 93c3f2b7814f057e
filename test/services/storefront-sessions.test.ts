import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsign } from '../../src/api/app.js';
import { readFixture, seed } from '../../src/api/seed.js';
import { StorefrontSessions } from '../../src/services/storefront-sessions.js';
import type { StoreRecord } from '../../src/store/store.js';
import { DEMO_FIXTURE } from '../helpers/app.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/** A session lives 30 days after its last use, as a cart lives 30 days after its last change; measured by an injected clock. */
describe.each(STORE_KINDS)('storefront session expiry on %s', (kind) => {
  let testStore: TestStore;
  let record: StoreRecord;
  let now = Date.parse('2026-01-01T00:00:00Z');
  let sessions: StorefrontSessions;
  const DAY = 24 * 60 * 60 * 1000;

  beforeAll(async () => {
    testStore = await openTestStore(kind);
    record = await seed(createConsign(testStore.store), await readFixture(DEMO_FIXTURE));
    sessions = new StorefrontSessions(testStore.store, () => now);
    // Carts that outlive every session here: a session names only a live cart.
    for (const id of ['cart-a', 'cart-b']) await testStore.store.insertCart({ id, storeId: record.id, version: 1, document: '{}', expiresAt: now + 1000 * DAY }, await testStore.store.configVersion(record.id));
  });
  afterAll(async () => testStore.destroy());

  it('ends 30 days after binding when unused', async () => {
    const token = sessions.newToken();
    await sessions.bind(token, record, 'cart-a');
    now += 29 * DAY;
    expect(await sessions.resume(token, record)).toMatchObject({ cartId: 'cart-a' });
    // Used once more on day 29: alive on day 58, then gone 30 days after that last use.
    now += 29 * DAY;
    expect(await sessions.resume(token, record)).toMatchObject({ cartId: 'cart-a', extended: true });
    now += 31 * DAY;
    expect(await sessions.resume(token, record)).toBeUndefined();
  });

  it('is extended at most once a day', async () => {
    const token = sessions.newToken();
    await sessions.bind(token, record, 'cart-b');
    expect(await sessions.resume(token, record)).toMatchObject({ extended: false });
    now += DAY / 2;
    expect(await sessions.resume(token, record)).toMatchObject({ extended: false });
    now += DAY;
    expect(await sessions.resume(token, record)).toMatchObject({ extended: true });
    expect(await sessions.resume(token, record)).toMatchObject({ extended: false });
  });

  it('names its cart only while the cart is live, and lives on without it', async () => {
    const token = sessions.newToken();
    await testStore.store.insertCart({ id: 'cart-c', storeId: record.id, version: 1, document: '{}', expiresAt: now + DAY }, await testStore.store.configVersion(record.id));
    await sessions.bind(token, record, 'cart-c');
    expect(await sessions.resume(token, record)).toMatchObject({ token, cartId: 'cart-c' });
    now += 2 * DAY;
    expect(await sessions.resume(token, record)).toEqual({ token, cartId: undefined, extended: true, confirmed: true });
    await sessions.bind(token, record, 'cart-a');
    expect(await sessions.resume(token, record)).toMatchObject({ cartId: 'cart-a' });
    expect(await testStore.store.deleteCart(record.id, 'cart-a', 1)).toBe(true);
    expect(await sessions.resume(token, record)).toMatchObject({ token, cartId: undefined });
  });

  it('knows no token it did not issue', async () => {
    expect(await sessions.resume('made-up', record)).toBeUndefined();
    expect(await sessions.resume('', record)).toBeUndefined();
  });
});
