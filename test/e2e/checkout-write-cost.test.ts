import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { WHOLE_UP_TO } from '../../src/services/checkout-document.js';
import type { Database } from '../../src/store/schema.js';
import type { CartRecord, Store } from '../../src/store/store.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

/**
 * Issue 14, item 3: a change to one consignment of a large checkout stores that consignment, not
 * the whole checkout (services/checkout-document.ts). Counted, not timed: which parts each write
 * stores. What is read back, by this process and by another one on the same database, must be
 * the checkout every answer showed.
 */
const COUNT = 12;
const OPTIONS = 'include=consignments.available_shipping_options';
const ADDRESSES = [
  { email: 'ada@example.com', address1: '600 Congress Ave', city: 'Austin', state_or_province_code: 'TX', country_code: 'US', postal_code: '78701' },
  { email: 'ada@example.com', address1: '1 Main St', city: 'Portland', state_or_province_code: 'OR', country_code: 'US', postal_code: '97201' },
  { email: 'ada@example.com', address1: '100 Queen St W', city: 'Toronto', state_or_province_code: 'ON', country_code: 'CA', postal_code: 'M5H 2N2' },
];

describe.each(STORE_KINDS)('what a checkout write stores on %s', (kind) => {
  const writes: CartRecord[] = [];
  const recording = (store: Store): Store =>
    new Proxy(store, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'updateCart' || property === 'insertCart') {
          return (cart: CartRecord, ...rest: unknown[]) => {
            writes.push(cart);
            return (value as (...a: unknown[]) => unknown).apply(target, [cart, ...rest]);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(target);
      },
    });
  let t: TestApp;
  let db: Kysely<Database>;
  let other: Awaited<ReturnType<typeof buildApp>>;
  let otherStore: Store;
  beforeAll(async () => {
    t = await createTestApp(kind, {}, recording);
    db = (t.testStore.store as unknown as { db: Kysely<Database> }).db;
    // Another process on the same database: its own handle, its own kept checkouts.
    otherStore = await t.testStore.reopen();
    other = await buildApp({ store: otherStore });
  });
  afterAll(async () => {
    await other?.close();
    await otherStore?.close();
    await t?.close();
  });

  const checkoutPath = (id: string) => `/v3/checkouts/${id}?${OPTIONS}`;
  const readElsewhere = async (id: string) => {
    const answer = await other.inject({ method: 'GET', url: `/stores/${t.hash}${checkoutPath(id)}`, headers: { 'x-auth-token': t.token, accept: 'application/json' } });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json().data as Record<string, unknown>;
  };
  /** Both processes read the checkout `answer` showed. */
  const expectReadBack = async (answer: { data: { id: string } }) => {
    expect(await readElsewhere(answer.data.id)).toEqual(answer.data);
    expect((await t.api('GET', checkoutPath(answer.data.id))).json().data).toEqual(answer.data);
  };

  const newCheckout = async (count = COUNT) => {
    const cart = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 4, quantity: count }] });
    expect(cart.statusCode, cart.body).toBe(201);
    const { id, line_items } = cart.json().data;
    const body = Array.from({ length: count }, (_, i) => ({ address: ADDRESSES[i % ADDRESSES.length], line_items: [{ item_id: line_items.physical_items[0].id, quantity: 1 }] }));
    const created = await t.api('POST', `/v3/checkouts/${id}/consignments?${OPTIONS}`, body);
    expect(created.statusCode, created.body).toBe(200);
    return created.json() as { data: { id: string; version: number; consignments: { id: string; available_shipping_options: { id: string }[] }[] } };
  };

  it('lists a checkout stored as parts with its every line and consignment (the console\'s live checkouts)', async () => {
    const checkout = await newCheckout();
    const listed = await t.api('GET', '/v3/consign/checkouts?limit=250');
    expect(listed.statusCode, listed.body).toBe(200);
    const entry = listed.json().data.find((c: { id: string }) => c.id === checkout.data.id);
    expect(entry).toMatchObject({ consignment_count: COUNT, line_count: COUNT });
  });

  it('stores one consignment when one changes, drops one deleted, and reads back the same in another process', async () => {
    const checkout = await newCheckout();
    expect(checkout.data.consignments).toHaveLength(COUNT);
    await expectReadBack(checkout);
    const target = checkout.data.consignments[3]!;
    for (const option of target.available_shipping_options.slice(0, 2)) {
      writes.length = 0;
      const put = await t.api('PUT', `/v3/checkouts/${checkout.data.id}/consignments/${target.id}?${OPTIONS}`, { shipping_option_id: option.id });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json().data.consignments[3].selected_shipping_option.id).toBe(option.id);
      expect(writes.map((w) => w.parts)).toEqual([{ written: [{ key: `c:${target.id}`, document: expect.any(String) }], removed: [] }]);
      await expectReadBack(put.json());
    }

    writes.length = 0;
    const deleted = await t.api('DELETE', `/v3/checkouts/${checkout.data.id}/consignments/${target.id}?${OPTIONS}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().data.consignments).toHaveLength(COUNT - 1);
    expect(writes[0]!.parts!.removed).toEqual([`c:${target.id}`]);
    await expectReadBack(deleted.json());
  });

  it('reads a cart stored whole, before parts were stored apart, and stores it in parts at its next write', async () => {
    const checkout = await newCheckout();
    const id = checkout.data.id;
    // What a cart written before migration 17 looks like: one document, no parts (the domain's own JSON).
    const [row] = (await sql<{ document: string; version: number }>`SELECT document, version FROM carts WHERE id = ${id}`.execute(db)).rows;
    const parts = (await sql<{ part_key: string; document: string }>`SELECT part_key, document FROM cart_parts WHERE cart_id = ${id}`.execute(db)).rows;
    expect(parts).toHaveLength(COUNT * 2);
    const byKey = new Map(parts.map((p) => [p.part_key, JSON.parse(p.document) as unknown]));
    const whole = JSON.parse(row!.document) as { consignments: string[]; lineItems: { products: string[] } };
    const document = JSON.stringify({ ...whole, lineItems: { ...whole.lineItems, products: whole.lineItems.products.map((k) => byKey.get(k)) }, consignments: whole.consignments.map((k) => byKey.get(k)) });
    // A version neither process holds, so that both read the row again.
    await sql`UPDATE carts SET document = ${document}, version = ${row!.version + 100} WHERE id = ${id}`.execute(db);
    await sql`DELETE FROM cart_parts WHERE cart_id = ${id}`.execute(db);
    const expected = { ...checkout.data, version: row!.version + 100 };
    expect(await readElsewhere(id)).toEqual(expected);
    expect((await t.api('GET', checkoutPath(id))).json().data).toEqual(expected);

    writes.length = 0;
    const put = await t.api('PUT', `/v3/checkouts/${id}?${OPTIONS}`, { customer_message: 'Leave it at the door' });
    expect(put.statusCode, put.body).toBe(200);
    expect(writes[0]!.parts!.written).toHaveLength(COUNT * 2);
    const split = (await sql<{ n: number }>`SELECT count(*) AS n FROM cart_parts WHERE cart_id = ${id}`.execute(db)).rows[0]!;
    expect(Number(split.n)).toBe(COUNT * 2);
    await expectReadBack(put.json());
  });

  it(`stores a checkout of at most ${WHOLE_UP_TO} consignments and lines whole: a change writes its one row`, async () => {
    const checkout = await newCheckout(2);
    const target = checkout.data.consignments[1]!;
    writes.length = 0;
    const put = await t.api('PUT', `/v3/checkouts/${checkout.data.id}/consignments/${target.id}?${OPTIONS}`, { shipping_option_id: target.available_shipping_options[0]!.id });
    expect(put.statusCode, put.body).toBe(200);
    expect(writes.map((w) => w.parts)).toEqual([{ written: [], removed: [] }]);
    const parts = (await sql<{ n: number }>`SELECT count(*) AS n FROM cart_parts WHERE cart_id = ${checkout.data.id}`.execute(db)).rows[0]!;
    expect(Number(parts.n)).toBe(0);
    await expectReadBack(put.json());
  });

  it("deletes a cart's parts with the cart", async () => {
    const checkout = await newCheckout();
    const deleted = await t.api('DELETE', `/v3/carts/${checkout.data.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    const left = (await sql<{ n: number }>`SELECT count(*) AS n FROM cart_parts WHERE cart_id = ${checkout.data.id}`.execute(db)).rows[0]!;
    expect(Number(left.n)).toBe(0);
  });
});
