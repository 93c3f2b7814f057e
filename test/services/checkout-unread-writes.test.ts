import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Consign, createConsign } from '../../src/api/app.js';
import { readFixture, seed } from '../../src/api/seed.js';
import { EMPTY_ADDRESS } from '../../src/domain/address.js';
import { type Checkout, createCart, setCustomerMessage } from '../../src/domain/checkout.js';
import { createConsignments } from '../../src/domain/consignments.js';
import { NotFoundError, VersionConflictError } from '../../src/domain/errors.js';
import { NO_LINE_ITEMS, type ProductLineItem } from '../../src/domain/line-items.js';
import { CheckoutService, type Command, consignmentContext } from '../../src/services/checkout-service.js';
import type { Database } from '../../src/store/schema.js';
import type { Store, StoreRecord } from '../../src/store/store.js';
import { DEMO_FIXTURE } from '../helpers/app.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

const DAY = 24 * 60 * 60 * 1000;
const AUSTIN = { ...EMPTY_ADDRESS, city: 'Austin', stateOrProvinceCode: 'TX', countryCode: 'US', postalCode: '78701', address1: '1 Main St', email: 'ada@example.com' };

/**
 * A write starts from the checkout its process keeps, with no read of the cart first: the
 * conditional write also requires the cart live and the store's configuration at the version the
 * checkout was priced with (docs/storage.md, "Writes from the kept checkout"). Whatever another
 * process did since (a write, a configuration change) or time did (expiry) makes that write match
 * nothing, and the write is then made again over what a read finds, as if the first had not been.
 */
describe.each(STORE_KINDS)('writes from the kept checkout, without a read, on %s', (kind) => {
  let testStore: TestStore;
  let otherStore: Store;
  let db: Kysely<Database>;
  let counting: Store;
  let a: Consign;
  let b: Consign;
  let record: StoreRecord;
  /** How many times a's store was asked to read a cart, and to update one. */
  const calls = { findCart: 0, updateCart: 0 };

  beforeAll(async () => {
    testStore = await openTestStore(kind);
    db = (testStore.store as unknown as { db: Kysely<Database> }).db;
    otherStore = await testStore.reopen();
    counting = new Proxy(testStore.store, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'findCart' || property === 'updateCart') {
          return (...args: unknown[]) => {
            calls[property]++;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    record = await seed(createConsign(testStore.store), await readFixture(DEMO_FIXTURE));
  });
  // Two processes that have kept nothing yet (each one's sightings of stale copies start afresh).
  beforeEach(() => {
    a = createConsign(counting);
    b = createConsign(otherStore);
  });
  afterAll(async () => {
    await otherStore.close();
    await testStore.destroy();
  });

  const line: ProductLineItem = {
    id: 'line', kind: 'physical', productId: 4, variantId: 4, sku: 'MUG', name: 'Mug', url: '', imageUrl: '',
    quantity: 1, listPrice: 1000, salePrice: 1000, originalPrice: 1000, hasPriceOverride: false,
    weight: 1, isTaxable: true, taxClassId: 0, isFreeShipping: false, fixedShippingPrice: 0, options: [],
  };
  /** A cart of one mug, written (and so kept) by `service`. */
  const newCart = async (service: CheckoutService = a.checkouts): Promise<Checkout> =>
    (
      await service.create(record, (config, at) =>
        createCart({ id: randomUUID(), storeId: record.id, channelId: 1, customerId: 0, email: '', locale: 'en', currency: config.settings.currency, now: at }, { ...NO_LINE_ITEMS, products: [line] }),
      )
    ).checkout;
  const change = async (consign: Consign, id: string, command: Command, version?: number) => (await consign.checkouts.mutate(record, id, version, 'checkout', command)).checkout!;
  const message = (text: string): Command => (current) => setCustomerMessage(current, text);
  const append = (text: string): Command => (current) => setCustomerMessage(current, `${current.customerMessage}${text}`);
  const read = async (consign: Consign, id: string) => (await consign.checkouts.get(record, id, 'checkout')).checkout;
  const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; findCart: number; updateCart: number }> => {
    calls.findCart = 0;
    calls.updateCart = 0;
    const result = await work();
    return { result, ...calls };
  };

  it('writes over the checkout it keeps with no read when nothing changed since', async () => {
    const cart = await newCart();
    const { result, findCart, updateCart } = await counted(() => change(a, cart.id, message('one')));
    expect(result).toMatchObject({ version: 2, customerMessage: 'one' });
    expect({ findCart, updateCart }).toEqual({ findCart: 0, updateCart: 1 });
    expect(await read(b, cart.id)).toEqual(result);
    // So does a write that names the version it keeps.
    const named = await counted(() => change(a, cart.id, append(' two'), 2));
    expect(named.result).toMatchObject({ version: 3, customerMessage: 'one two' });
    expect({ findCart: named.findCart, updateCart: named.updateCart }).toEqual({ findCart: 0, updateCart: 1 });
  });

  it('a write over a kept version another instance wrote over reads, and keeps both changes', async () => {
    const cart = await newCart();
    await change(b, cart.id, message('from b'));
    const { result, findCart, updateCart } = await counted(() => change(a, cart.id, append(' and a')));
    expect(result).toMatchObject({ version: 3, customerMessage: 'from b and a' });
    expect({ findCart, updateCart }).toEqual({ findCart: 1, updateCart: 2 });
    expect(await read(b, cart.id)).toEqual(result);
  });

  it('a command is judged on the stored checkout, not on a kept copy another instance wrote over', async () => {
    const cart = await newCart();
    await change(b, cart.id, message('from b'));
    // Refuses the kept copy (a's version 1): had the refusal stood, the request would have failed.
    const needsB: Command = (current) => {
      if (current.customerMessage !== 'from b') throw new Error(`judged on version ${current.version}`);
      return setCustomerMessage(current, 'after b');
    };
    expect(await change(a, cart.id, needsB)).toMatchObject({ version: 3, customerMessage: 'after b' });
  });

  it("a client's version is a conflict only when it is not the stored one, whatever the instance keeps", async () => {
    const cart = await newCart();
    await change(b, cart.id, message('from b'));
    // a keeps version 1, which a client names: the stored one is 2.
    await expect(change(a, cart.id, message('lost'), 1)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await read(b, cart.id)).customerMessage).toBe('from b');
    // a keeps version 1 of another cart; a client names 2, the stored version: a reads and writes.
    const other = await newCart();
    await change(b, other.id, message('from b'));
    expect(await change(a, other.id, append(' and a'), 2)).toMatchObject({ version: 3, customerMessage: 'from b and a' });
    expect((await read(b, other.id)).customerMessage).toBe('from b and a');
  });

  it('a deletion is made over what a read finds, never over the kept copy alone', async () => {
    const cart = await newCart();
    await change(b, cart.id, message('from b'));
    const { result, findCart } = await counted(() => a.checkouts.mutate(record, cart.id, undefined, 'cart', () => null));
    expect(result.checkout).toBeNull();
    expect(findCart).toBe(1);
    await expect(read(b, cart.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('an expired cart stays expired: a write from the kept copy does not bring it back', async () => {
    let now = Date.now();
    const clocked = new CheckoutService(a.store, a.configs, () => now);
    const cart = await newCart(clocked);
    const stored = async () => (await sql<{ version: number; expires_at: number }>`SELECT version, expires_at FROM carts WHERE id = ${cart.id}`.execute(db)).rows[0];
    const before = await stored();
    now += 31 * DAY;
    await expect(clocked.mutate(record, cart.id, undefined, 'cart', message('late'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(clocked.mutate(record, cart.id, 1, 'cart', message('late'))).rejects.toBeInstanceOf(NotFoundError);
    expect(await stored()).toEqual(before);
    await expect(clocked.get(record, cart.id, 'cart')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a configuration change made in another instance is in the next write from the kept copy', async () => {
    const cart = await newCart();
    const quoted = await change(a, cart.id, (current, config) => createConsignments(current, [{ address: AUSTIN, items: [{ itemId: current.lineItems.products[0]!.id, quantity: 1 }] }], consignmentContext(config)));
    const option = quoted.consignments[0]!.availableShippingOptions[0]!;
    expect(option.description).not.toBe('Renamed in b');
    // a keeps this configuration (read just now) and this checkout; b renames the option's method.
    await a.configs.get(record);
    await b.shipping.updateMethod(record, option.zoneId, option.methodId, ({ id: _id, ...method }) => ({ ...method, name: 'Renamed in b' }));
    const written = await change(a, cart.id, message('after the change'));
    expect(written.customerMessage).toBe('after the change');
    const renamed = written.consignments[0]!.availableShippingOptions.find((o) => o.methodId === option.methodId && o.zoneId === option.zoneId);
    expect(renamed?.description).toBe('Renamed in b');
    expect(await read(b, cart.id)).toEqual(written);
  });

  it('reads first while the checkouts it keeps are mostly stale (a load balancer sending a cart to each process in turn), and stops when they are not', async () => {
    const cart = await newCart();
    for (let round = 0; round < 10; round++) {
      await change(b, cart.id, append('b'));
      await change(a, cart.id, append('a'));
    }
    await change(b, cart.id, append('b'));
    // a's kept copy is stale, as it was each time: a reads first, and its one write matches.
    const shared = await counted(() => change(a, cart.id, append('a')));
    expect({ findCart: shared.findCart, updateCart: shared.updateCart }).toEqual({ findCart: 1, updateCart: 1 });
    expect(shared.result.customerMessage).toBe(`${'ba'.repeat(11)}`);
    // Only a writes now: its reads find the version it keeps, and it writes without them again.
    for (let round = 0; round < 10; round++) await change(a, cart.id, append('a'));
    const alone = await counted(() => change(a, cart.id, append('a')));
    expect({ findCart: alone.findCart, updateCart: alone.updateCart }).toEqual({ findCart: 0, updateCart: 1 });
  });
});
