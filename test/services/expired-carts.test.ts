import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsign } from '../../src/api/app.js';
import { readFixture, seed } from '../../src/api/seed.js';
import { type Checkout, createCart } from '../../src/domain/checkout.js';
import { NO_LINE_ITEMS, priceProductItem } from '../../src/domain/line-items.js';
import { CART_TTL_MS, CheckoutService } from '../../src/services/checkout-service.js';
import { SWEEP_EVERY_MS } from '../../src/services/expired-carts.js';
import type { Database } from '../../src/store/schema.js';
import type { StoreRecord } from '../../src/store/store.js';
import { DEMO_FIXTURE } from '../helpers/app.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/** Expired carts are deleted by a sweep that cart creation starts (docs/storage.md, "Cart expiry"). */
describe.each(STORE_KINDS)('the expired-cart sweep on %s', (kind) => {
  let testStore: TestStore;
  let db: Kysely<Database>;
  let record: StoreRecord;
  let checkouts: CheckoutService;
  let now = Date.parse('2026-01-01T00:00:00Z');

  beforeAll(async () => {
    testStore = await openTestStore(kind);
    db = (testStore.store as unknown as { db: Kysely<Database> }).db;
    const consign = createConsign(testStore.store);
    record = await seed(consign, await readFixture(DEMO_FIXTURE));
    checkouts = new CheckoutService(testStore.store, consign.configs, () => now);
  });
  afterAll(async () => testStore.destroy());

  // Twenty lines (named apart, so that they are not merged): a cart stored as parts, which must go with it.
  const newCart = async (lines = 1): Promise<Checkout> => {
    const { checkout } = await checkouts.create(record, (config, at) =>
      createCart(
        { id: randomUUID(), storeId: record.id, channelId: 1, customerId: 0, email: '', locale: 'en', currency: config.settings.currency, now: at },
        { ...NO_LINE_ITEMS, products: Array.from({ length: lines }, (_, i) => priceProductItem(config.catalog, { productId: 1, quantity: 1, name: `Lamp ${i}` }, randomUUID(), 'line_items')) },
      ),
    );
    return checkout;
  };
  const rows = async (table: 'carts' | 'cart_parts', id: string) =>
    (await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).where(table === 'carts' ? 'id' : 'cart_id', '=', id).executeTakeFirstOrThrow()).n;

  it('deletes carts past their expiry with their parts, keeps live ones, and sweeps at most once per interval', async () => {
    const old = await newCart(20);
    expect(Number(await rows('cart_parts', old.id))).toBeGreaterThan(0);
    now += CART_TTL_MS - 60_000;
    const live = await newCart();
    now += 60_000 + SWEEP_EVERY_MS;
    // The old cart has expired; this creation starts a sweep in the background.
    await newCart();
    await vi.waitFor(async () => expect(Number(await rows('carts', old.id))).toBe(0), { timeout: 5_000 });
    expect(Number(await rows('cart_parts', old.id))).toBe(0);
    expect(Number(await rows('carts', live.id))).toBe(1);
    expect((await checkouts.get(record, live.id, 'cart')).checkout.id).toBe(live.id);

    // A cart dated 30 days back (the clock set back) is expired a minute after that sweep, but the
    // next sweep is not due until ten minutes after it.
    const sweptAt = now;
    now = sweptAt - CART_TTL_MS;
    const stale = await newCart();
    now = sweptAt + 60_000;
    await newCart();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(Number(await rows('carts', stale.id))).toBe(1);
    now = sweptAt + SWEEP_EVERY_MS;
    await newCart();
    await vi.waitFor(async () => expect(Number(await rows('carts', stale.id))).toBe(0), { timeout: 5_000 });
    expect(Number(await rows('carts', live.id))).toBe(1);
  });

  it('deletes at most the batch it is given', async () => {
    await newCart();
    await newCart();
    const later = now + CART_TTL_MS;
    const all = async () => Number((await db.selectFrom('carts').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await all();
    expect(before).toBeGreaterThanOrEqual(2);
    expect(await testStore.store.deleteExpiredCarts(later, 1)).toBe(1);
    expect(await all()).toBe(before - 1);
    expect(await testStore.store.deleteExpiredCarts(later, before)).toBe(before - 1);
    expect(await all()).toBe(0);
    expect(await testStore.store.deleteExpiredCarts(later, 1)).toBe(0);
  });

  // The sweep finds carts by when they first expire (`sweep_at`), which a cart's writes leave as it is.
  it('keeps a cart changed since it was created until its last change expires, and sweeps rows an older release inserted', async () => {
    const store = testStore.store;
    const configVersion = await store.configVersion(record.id);
    const cart = (id: string, version: number, expiresAt: number) => ({ id, storeId: record.id, version, document: '{}', expiresAt });
    const created = now;
    for (const id of ['changed', 'also-changed']) {
      expect(await store.insertCart(cart(id, 1, created + CART_TTL_MS), configVersion)).toBe(true);
      expect(await store.updateCart(cart(id, 2, created + 2 * CART_TTL_MS), 1)).toBe(true);
    }
    expect(await store.insertCart(cart('untouched', 1, created + CART_TTL_MS), configVersion)).toBe(true);
    // A batch of one: the first sweep cannot look at both changed carts, and deletes neither.
    expect(await store.deleteExpiredCarts(created + CART_TTL_MS, 1)).toBe(1);
    expect(Number(await rows('carts', 'untouched'))).toBe(0);
    expect(await store.deleteExpiredCarts(created + CART_TTL_MS, 1)).toBe(0);
    expect(await store.deleteExpiredCarts(created + 2 * CART_TTL_MS - 1, 10)).toBe(0);
    expect(Number(await rows('carts', 'changed')) + Number(await rows('carts', 'also-changed'))).toBe(2);
    expect(await store.deleteExpiredCarts(created + 2 * CART_TTL_MS, 10)).toBe(2);
    expect(Number(await rows('carts', 'changed')) + Number(await rows('carts', 'also-changed'))).toBe(0);

    // An older release's insert leaves sweep_at at its default, 0.
    expect(await store.insertCart(cart('old-live', 1, created + CART_TTL_MS), configVersion)).toBe(true);
    expect(await store.insertCart(cart('old-expired', 1, created - 1), configVersion)).toBe(true);
    await db.updateTable('carts').set({ sweep_at: 0 }).where('id', 'in', ['old-live', 'old-expired']).execute();
    expect(await store.deleteExpiredCarts(created, 10)).toBe(1);
    expect(Number(await rows('carts', 'old-expired'))).toBe(0);
    expect(Number(await rows('carts', 'old-live'))).toBe(1);
    expect(await store.deleteExpiredCarts(created + CART_TTL_MS, 10)).toBe(1);
    expect(Number(await rows('carts', 'old-live'))).toBe(0);
  });
});
