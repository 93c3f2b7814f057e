import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsign } from '../../src/api/app.js';
import { readFixture, seed } from '../../src/api/seed.js';
import { type Checkout, createCart, setCustomerId } from '../../src/domain/checkout.js';
import { NotFoundError } from '../../src/domain/errors.js';
import { NO_LINE_ITEMS } from '../../src/domain/line-items.js';
import { CART_TTL_MS, CheckoutService } from '../../src/services/checkout-service.js';
import type { StoreRecord } from '../../src/store/store.js';
import { DEMO_FIXTURE } from '../helpers/app.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/** Carts expire 30 days after their last change (upstream's rule), measured by an injected clock. */
describe.each(STORE_KINDS)('cart expiry on %s', (kind) => {
  let testStore: TestStore;
  let record: StoreRecord;
  let checkouts: CheckoutService;
  let now = Date.parse('2026-01-01T00:00:00Z');
  const DAY = 24 * 60 * 60 * 1000;

  beforeAll(async () => {
    testStore = await openTestStore(kind);
    const consign = createConsign(testStore.store);
    record = await seed(consign, await readFixture(DEMO_FIXTURE));
    checkouts = new CheckoutService(testStore.store, consign.configs, () => now);
  });
  afterAll(async () => testStore.destroy());

  const newCart = async (): Promise<Checkout> => {
    const { checkout } = await checkouts.create(record, (config, at) =>
      createCart(
        { id: randomUUID(), storeId: record.id, channelId: 1, customerId: 0, email: '', locale: 'en', currency: config.settings.currency, now: at },
        { ...NO_LINE_ITEMS, customItems: [{ id: randomUUID(), sku: 'X', name: 'X', quantity: 1, listPrice: 100, imageUrl: '' }] },
      ),
    );
    return checkout;
  };
  const expectGone = async (id: string) => {
    for (const resource of ['cart', 'checkout'] as const) {
      const error = await checkouts.get(record, id, resource).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).resource).toBe(resource);
    }
    await expect(checkouts.mutate(record, id, undefined, 'cart', (c) => c)).rejects.toBeInstanceOf(NotFoundError);
  };

  it('is 30 days', () => {
    expect(CART_TTL_MS).toBe(30 * DAY);
  });

  it('a cart untouched for 30 days is gone (a read does not extend it)', async () => {
    const cart = await newCart();
    now += 30 * DAY - 1;
    expect((await checkouts.get(record, cart.id, 'cart')).checkout.id).toBe(cart.id);
    now += 1;
    await expectGone(cart.id);
  });

  it('every change starts the 30 days again', async () => {
    const cart = await newCart();
    now += 20 * DAY;
    await checkouts.mutate(record, cart.id, undefined, 'cart', (c) => setCustomerId(c, 5));
    now += 20 * DAY;
    const { checkout } = await checkouts.get(record, cart.id, 'cart');
    expect(checkout.customerId).toBe(5);
    expect(checkout.version).toBe(2);
    now += 10 * DAY;
    await expectGone(cart.id);
  });

  it('an expired cart cannot be changed, even with its version', async () => {
    const cart = await newCart();
    now += 31 * DAY;
    await expect(checkouts.mutate(record, cart.id, 1, 'cart', (c) => setCustomerId(c, 9))).rejects.toBeInstanceOf(NotFoundError);
  });
});
