import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consign, createConsign } from '../../src/api/app.js';
import { readFixture, seed } from '../../src/api/seed.js';
import { type Checkout, createCart, setCustomerMessage } from '../../src/domain/checkout.js';
import { NotFoundError } from '../../src/domain/errors.js';
import { NO_LINE_ITEMS } from '../../src/domain/line-items.js';
import { CheckoutCache } from '../../src/services/checkout-cache.js';
import type { Store, StoreRecord } from '../../src/store/store.js';
import { DEMO_FIXTURE } from '../helpers/app.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/**
 * Each process keeps the checkouts it read or wrote, parsed. Two service instances over one
 * database (as two processes behind a load balancer) must still each see the other's latest
 * write, and never a cart the other deleted.
 */
describe.each(STORE_KINDS)('checkouts cached by two service instances on %s', (kind) => {
  let testStore: TestStore;
  let otherStore: Store;
  let a: Consign;
  let b: Consign;
  let record: StoreRecord;

  beforeAll(async () => {
    testStore = await openTestStore(kind);
    otherStore = await testStore.reopen();
    a = createConsign(testStore.store);
    b = createConsign(otherStore);
    record = await seed(a, await readFixture(DEMO_FIXTURE));
  });
  afterAll(async () => {
    await otherStore.close();
    await testStore.destroy();
  });

  const newCart = async (): Promise<Checkout> =>
    (
      await a.checkouts.create(record, (config, at) =>
        createCart(
          { id: randomUUID(), storeId: record.id, channelId: 1, customerId: 0, email: '', locale: 'en', currency: config.settings.currency, now: at },
          { ...NO_LINE_ITEMS, customItems: [{ id: randomUUID(), sku: 'X', name: 'X', quantity: 1, listPrice: 100, imageUrl: '' }] },
        ),
      )
    ).checkout;
  const message = (consign: Consign, id: string, text: string) =>
    consign.checkouts.mutate(record, id, undefined, 'checkout', (current) => setCustomerMessage(current, text));
  const read = async (consign: Consign, id: string) => (await consign.checkouts.get(record, id, 'checkout')).checkout;

  it("reads the other instance's latest write, whichever instance wrote last", async () => {
    const cart = await newCart();
    expect((await read(a, cart.id)).version).toBe(1);
    expect((await read(b, cart.id)).version).toBe(1);
    for (let round = 0; round < 6; round++) {
      const [writer, reader] = round % 2 === 0 ? [a, b] : [b, a];
      await message(writer, cart.id, `round ${round}`);
      const seen = await read(reader, cart.id);
      expect(seen.customerMessage).toBe(`round ${round}`);
      expect(seen.version).toBe(round + 2);
      // The writer's own read comes from what it wrote, and agrees.
      expect(await read(writer, cart.id)).toEqual(seen);
    }
  });

  it('takes a version seen earlier in the request (a session read) for a read only when it is the version kept', async () => {
    const cart = await newCart();
    const configVersion = await testStore.store.configVersion(record.id);
    await message(b, cart.id, 'from b');
    // The session read in a's request saw b's write: a keeps only version 1, so it reads.
    const seen = await a.checkouts.get(record, cart.id, 'checkout', { id: cart.id, version: 2, configVersion });
    expect(seen.checkout.customerMessage).toBe('from b');
    await message(b, cart.id, 'from b again');
    // Seen at version 2 before b wrote version 3: a's write over 2 loses, and a second round reads.
    const written = await a.checkouts.mutate(record, cart.id, undefined, 'checkout', (current) => ({ ...current, customerMessage: `${current.customerMessage} and a` }), {
      seen: { id: cart.id, version: 2, configVersion },
    });
    expect(written.checkout).toMatchObject({ version: 4, customerMessage: 'from b again and a' });
  });

  it('never answers from memory for a cart the other instance deleted', async () => {
    const cart = await newCart();
    await read(a, cart.id);
    await b.checkouts.mutate(record, cart.id, undefined, 'cart', () => null);
    await expect(read(a, cart.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the checkout cache', () => {
  const checkout = (id: string, version = 1) => ({ id, version }) as Checkout;
  const stored = (length: number) => ({ head: 'x'.repeat(length), parts: new Map<string, string>() });

  it('drops the least recently used checkouts once their documents pass the budget', () => {
    const cache = new CheckoutCache(100);
    cache.set(checkout('a'), stored(40));
    cache.set(checkout('b'), stored(40));
    expect(cache.get('a')?.checkout.id).toBe('a');
    cache.set(checkout('c'), stored(40));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.checkout.id).toBe('a');
    expect(cache.get('c')?.checkout.id).toBe('c');
  });

  it('keeps one entry per checkout, the latest version, and nothing larger than the budget', () => {
    const cache = new CheckoutCache(100);
    cache.set(checkout('a', 1), stored(60));
    cache.set(checkout('a', 2), stored(60));
    expect(cache.get('a')?.checkout.version).toBe(2);
    cache.set(checkout('b'), stored(30));
    expect(cache.get('a')?.checkout.version).toBe(2);
    cache.set(checkout('huge'), stored(101));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('b')?.checkout.id).toBe('b');
  });
});
