import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consign, createConsign } from '../../src/api/app.js';
import { readFixture, seed } from '../../src/api/seed.js';
import { EMPTY_ADDRESS } from '../../src/domain/address.js';
import { type Checkout, createCart } from '../../src/domain/checkout.js';
import { createConsignments, deleteConsignment, updateConsignment } from '../../src/domain/consignments.js';
import { NO_LINE_ITEMS, type ProductLineItem } from '../../src/domain/line-items.js';
import { type Command, consignmentContext } from '../../src/services/checkout-service.js';
import type { Database } from '../../src/store/schema.js';
import type { FoundCart, Store, StoreRecord } from '../../src/store/store.js';
import { DEMO_FIXTURE } from '../helpers/app.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

const COUNT = 20;
const ADDRESSES = [
  { city: 'Austin', stateOrProvinceCode: 'TX', countryCode: 'US', postalCode: '78701' },
  { city: 'Portland', stateOrProvinceCode: 'OR', countryCode: 'US', postalCode: '97201' },
  { city: 'Toronto', stateOrProvinceCode: 'ON', countryCode: 'CA', postalCode: 'M5H 2N2' },
].map((a) => ({ ...EMPTY_ADDRESS, ...a, address1: '1 Main St', email: 'ada@example.com' }));

/**
 * A process keeping version v of a checkout stored in parts reads, when another process wrote a
 * later one, the head and only the parts written after v (services/checkout-document.ts). What it
 * reads must be the checkout the writer saved, whatever changed: a consignment changed, removed
 * or added, several writes in a row, a write by a release that does not record what it wrote,
 * rows written before migration 21.
 */
describe.each(STORE_KINDS)('a checkout of %s consignments read by the parts written since', (kind) => {
  let testStore: TestStore;
  let otherStore: Store;
  let db: Kysely<Database>;
  let a: Consign;
  let b: Consign;
  let record: StoreRecord;
  /** What each of b's reads found: how many parts, and whether only those written since. */
  const found: FoundCart[] = [];

  beforeAll(async () => {
    testStore = await openTestStore(kind);
    db = (testStore.store as unknown as { db: Kysely<Database> }).db;
    otherStore = await testStore.reopen();
    const recording = new Proxy(otherStore, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'findCart') {
          return async (...args: Parameters<Store['findCart']>) => {
            const cart = await target.findCart(...args);
            if (cart) found.push(cart);
            return cart;
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
    a = createConsign(testStore.store);
    b = createConsign(recording);
    record = await seed(a, await readFixture(DEMO_FIXTURE));
  });
  afterAll(async () => {
    await otherStore.close();
    await testStore.destroy();
  });

  const line: ProductLineItem = {
    id: 'line', kind: 'physical', productId: 4, variantId: 4, sku: 'MUG', name: 'Mug', url: '', imageUrl: '',
    quantity: COUNT, listPrice: 1000, salePrice: 1000, originalPrice: 1000, hasPriceOverride: false,
    weight: 1, isTaxable: true, taxClassId: 0, isFreeShipping: false, fixedShippingPrice: 0, options: [],
  };

  /** A checkout of COUNT consignments of one mug each, written by `a`. */
  const newCheckout = async (): Promise<Checkout> => {
    const { checkout } = await a.checkouts.create(record, (config, at) =>
      createCart({ id: randomUUID(), storeId: record.id, channelId: 1, customerId: 0, email: '', locale: 'en', currency: config.settings.currency, now: at }, { ...NO_LINE_ITEMS, products: [line] }),
    );
    const created = await change(a, checkout.id, (current, config) =>
      createConsignments(current, Array.from({ length: COUNT }, (_, i) => ({ address: ADDRESSES[i % ADDRESSES.length], items: [{ itemId: current.lineItems.products[0]!.id, quantity: 1 }] })), consignmentContext(config)),
    );
    expect(created.consignments).toHaveLength(COUNT);
    return created;
  };
  const change = async (consign: Consign, id: string, command: Command): Promise<Checkout> => (await consign.checkouts.mutate(record, id, undefined, 'checkout', command)).checkout!;
  const read = async (consign: Consign, id: string): Promise<Checkout> => (await consign.checkouts.get(record, id, 'checkout')).checkout;
  /** Selects the option of the consignment at `index` that it has not selected. */
  const select = (index: number): Command => (current, config) => {
    const consignment = current.consignments[index]!;
    const option = consignment.availableShippingOptions.find((o) => o.id !== consignment.selectedShippingOption?.id)!;
    return updateConsignment(current, consignment.id, { kind: 'select', shippingOptionId: option.id }, consignmentContext(config));
  };
  /** b reads what a wrote last (`written`), and says how many parts its read brought, if only those written since. */
  const bReads = async (written: Checkout): Promise<number | 'all'> => {
    found.length = 0;
    expect(await read(b, written.id)).toEqual(written);
    const last = found.at(-1)!;
    return last.partsAfter === undefined ? 'all' : last.parts.length;
  };

  it('reads only the consignments another process changed, removed or added, and the checkout they make', async () => {
    const checkout = await newCheckout();
    expect(await bReads(checkout)).toBe('all');

    const selected = await change(a, checkout.id, select(3));
    expect(selected.consignments[3]!.selectedShippingOption).not.toEqual(checkout.consignments[3]!.selectedShippingOption);
    expect(await bReads(selected)).toBe(1);

    const removed = await change(a, checkout.id, (current) => deleteConsignment(current, current.consignments[5]!.id));
    expect(removed.consignments).toHaveLength(COUNT - 1);
    // The line is stored apart too, and its allocation did not change: nothing but the head.
    expect(await bReads(removed)).toBe(0);

    // The mug the removed consignment held (a line of its own: the line was split) goes to a new one.
    const added = await change(a, checkout.id, (current, config) => {
      const unallocated = current.lineItems.products.find((l) => !current.consignments.some((c) => c.lineItemIds.includes(l.id)))!;
      return createConsignments(current, [{ address: ADDRESSES[1], items: [{ itemId: unallocated.id, quantity: 1 }] }], consignmentContext(config));
    });
    expect(added.consignments).toHaveLength(COUNT);
    expect(await bReads(added)).toBe(1);

    // Several writes while b keeps an older version, b's own write over what it keeps, and a's.
    await change(a, checkout.id, select(0));
    const twice = await change(a, checkout.id, select(1));
    expect(await bReads(twice)).toBe(2);
    const byB = await change(b, checkout.id, select(2));
    const byA = await change(a, checkout.id, select(4));
    expect(byA.consignments[2]).toEqual(byB.consignments[2]);
    expect(await bReads(byA)).toBe(1);
  });

  it("never keeps a part another release changed without recording it, even after this release's next write", async () => {
    const checkout = await newCheckout();
    await bReads(checkout);
    // An older release's write: the head at the next version and one part, neither recorded.
    const [head] = (await sql<{ document: string }>`SELECT document FROM carts WHERE id = ${checkout.id}`.execute(db)).rows;
    const target = checkout.consignments[7]!;
    const option = target.availableShippingOptions.find((o) => o.id !== target.selectedShippingOption?.id)!;
    await sql`UPDATE carts SET version = version + 1, document = ${head!.document} WHERE id = ${checkout.id}`.execute(db);
    await sql`UPDATE cart_parts SET document = ${JSON.stringify({ ...target, selectedShippingOption: option })} WHERE cart_id = ${checkout.id} AND part_key = ${`c:${target.id}`}`.execute(db);
    // a reads it (as a whole: the last write recorded nothing) and writes over it; b still keeps the version before.
    expect((await read(a, checkout.id)).consignments[7]!.selectedShippingOption).toEqual(option);
    const next = await change(a, checkout.id, select(0));
    expect(next.consignments[7]!.selectedShippingOption).toEqual(option);
    expect(await bReads(next)).toBe('all');
    // From the version a wrote over, what changed is recorded again.
    const after = await change(a, checkout.id, select(1));
    expect(await bReads(after)).toBe(1);
  });

  it('reads the rows of a cart written before migration 21, and only what changed after its next write', async () => {
    const checkout = await newCheckout();
    await bReads(checkout);
    // As migration 21 leaves a cart written before it; a version neither instance keeps.
    await sql`UPDATE carts SET parts_version = 0, parts_since = 0, version = version + 1 WHERE id = ${checkout.id}`.execute(db);
    await sql`UPDATE cart_parts SET written_version = 0 WHERE cart_id = ${checkout.id}`.execute(db);
    const before = { ...checkout, version: checkout.version + 1 };
    expect(await read(a, checkout.id)).toEqual(before);
    expect(await bReads(before)).toBe('all');
    const selected = await change(a, checkout.id, select(3));
    expect(await bReads(selected)).toBe(1);
  });
});
