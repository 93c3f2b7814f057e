import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_LIMITS } from '../../src/domain/checkout-limits.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, DALLAS } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from '../storefront/shopper.js';

const TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

/**
 * `count` lines of the lamp, each with its own price so that none merge (lines with a price
 * override never do), and a name as long as allowed.
 */
const distinctLines = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ product_id: 1, quantity: 1, list_price: 10 + (from + i) / 100, name: `${from + i} `.padEnd(250, 'n') }));

/** An address with every text at its longest, and five long custom fields. */
const LONGEST_ADDRESS = {
  ...AUSTIN,
  first_name: 'F'.repeat(250), last_name: 'L'.repeat(250), email: `${'e'.repeat(243)}@example.com`, company: 'C'.repeat(250),
  address1: 'A'.repeat(250), address2: 'B'.repeat(250), city: 'c'.repeat(100), phone: '5'.repeat(50),
  custom_fields: Array.from({ length: 5 }, (_, i) => ({ field_id: `field_${i}`, field_value: 'v'.repeat(250) })),
};

/** An address as large as the schema allows: fifty custom fields of 2,000 characters each (about 100 KB). */
const HEAVY_CUSTOM_FIELDS = Array.from({ length: 50 }, (_, i) => ({ fieldId: `field_${i}`, fieldValue: 'x'.repeat(2000) }));

/**
 * The bounds of one checkout (src/domain/checkout-limits.ts, docs/api.md "Limits"): past one, a
 * 422 naming the limit in the dialect's shape, and nothing changes; at the limit, everything works.
 */
describe.each(STORE_KINDS)('checkout limits on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** A cart of `CHECKOUT_LIMITS.lineItems` distinct lines, built in requests of at most 250. */
  const fullCart = async () => {
    const created = await t.api('POST', '/v3/carts', { line_items: distinctLines(250) });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id as string;
    for (let from = 250; from < CHECKOUT_LIMITS.lineItems; from += 250) {
      const added = await t.api('POST', `/v3/carts/${id}/items`, { line_items: distinctLines(Math.min(250, CHECKOUT_LIMITS.lineItems - from), from) });
      expect(added.statusCode, added.body).toBe(201);
    }
    return id;
  };

  it(`a cart at ${CHECKOUT_LIMITS.lineItems} line items works, with ${CHECKOUT_LIMITS.consignments} consignments and every text at its longest; one more of either is 422 naming the limit, and changes nothing`, async () => {
    const id = await fullCart();
    const lines = (await t.api('GET', `/v3/checkouts/${id}`)).json().data.cart.line_items.physical_items as { id: string }[];
    expect(lines).toHaveLength(CHECKOUT_LIMITS.lineItems);

    // One more line, in a new request or in the one that creates the cart.
    const before = (await t.api('GET', `/v3/checkouts/${id}`)).body;
    const more = await t.api('POST', `/v3/carts/${id}/items`, { line_items: distinctLines(1, 9999) });
    expect(more.statusCode).toBe(422);
    expect(more.json()).toEqual({ status: 422, title: `A cart holds at most ${CHECKOUT_LIMITS.lineItems} line items; this change would leave ${CHECKOUT_LIMITS.lineItems + 1}.`, type: TYPE, errors: { line_items: `at most ${CHECKOUT_LIMITS.lineItems} per cart` } });
    expect((await t.api('GET', `/v3/checkouts/${id}`)).body).toBe(before);
    // A new cart past the limit in one request (250 of each kind of line) is refused too.
    const gift = { name: 'Gift', theme: 'General', amount: 10, quantity: 1, sender: { name: 'A', email: 'a@example.com' }, recipient: { name: 'B', email: 'b@example.com' } };
    const custom = (i: number) => ({ sku: `C${i}`, name: 'Custom', quantity: 1, list_price: 1 });
    const tooBig = await t.api('POST', '/v3/carts', { line_items: distinctLines(250), custom_items: Array.from({ length: 250 }, (_, i) => custom(i)), gift_certificates: Array.from({ length: 101 }, () => gift) });
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.json().errors).toEqual({ line_items: `at most ${CHECKOUT_LIMITS.lineItems} per cart` });

    // The lines into the most consignments a checkout holds, whole lines each (no split adds a line).
    const per = CHECKOUT_LIMITS.lineItems / CHECKOUT_LIMITS.consignments;
    const consignments = Array.from({ length: CHECKOUT_LIMITS.consignments }, (_, c) => ({
      address: c % 2 ? LONGEST_ADDRESS : { ...LONGEST_ADDRESS, ...DALLAS, custom_fields: LONGEST_ADDRESS.custom_fields },
      line_items: lines.slice(c * per, (c + 1) * per).map((l) => ({ item_id: l.id, quantity: 1 })),
    }));
    const created = await t.api('POST', `/v3/checkouts/${id}/consignments?include=consignments.available_shipping_options`, consignments);
    expect(created.statusCode, created.body.slice(0, 500)).toBe(200);
    const checkout = created.json().data;
    expect(checkout.consignments).toHaveLength(CHECKOUT_LIMITS.consignments);
    // Still a working checkout: an option can be chosen on the last consignment.
    const last = checkout.consignments.at(-1);
    const selected = await t.api('PUT', `/v3/checkouts/${id}/consignments/${last.id}`, { shipping_option_id: last.available_shipping_options[0].id });
    expect(selected.statusCode, selected.body.slice(0, 500)).toBe(200);
    expect(selected.json().data.consignments.at(-1).selected_shipping_option.id).toBe(last.available_shipping_options[0].id);

    // A 101st consignment (taking a whole line from another) is refused; so is a split that adds a 601st line.
    const full = (await t.api('GET', `/v3/checkouts/${id}`)).body;
    const another = await t.api('POST', `/v3/checkouts/${id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: lines[0]!.id, quantity: 1 }] }]);
    expect(another.statusCode).toBe(422);
    expect(another.json()).toEqual({ status: 422, title: `A checkout holds at most ${CHECKOUT_LIMITS.consignments} consignments; this change would leave ${CHECKOUT_LIMITS.consignments + 1}.`, type: TYPE, errors: { consignments: `at most ${CHECKOUT_LIMITS.consignments} per checkout` } });
    const raised = await t.api('PUT', `/v3/carts/${id}/items/${lines[0]!.id}`, { line_item: { quantity: 2 } });
    expect(raised.statusCode, raised.body.slice(0, 300)).toBe(200);
    const afterRaise = (await t.api('GET', `/v3/checkouts/${id}`)).body;
    const split = await t.api('PUT', `/v3/checkouts/${id}/consignments/${checkout.consignments[1].id}`, { line_items: [{ item_id: lines[0]!.id, quantity: 1 }] });
    expect(split.statusCode).toBe(422);
    expect(split.json().errors).toEqual({ line_items: `at most ${CHECKOUT_LIMITS.lineItems} per cart` });
    expect((await t.api('GET', `/v3/checkouts/${id}`)).body).toBe(afterRaise);
    expect(JSON.parse(full).data.version + 1).toBe(JSON.parse(afterRaise).data.version);

    // Shrinking is always allowed: a line and a consignment can still go.
    const removed = await t.api('DELETE', `/v3/checkouts/${id}/consignments/${last.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().data.consignments).toHaveLength(CHECKOUT_LIMITS.consignments - 1);
  });

  it('a storefront session is held to the same limits, answered in the storefront shape', async () => {
    const shopper = new Shopper(t.app);
    const cart = (await shopper.request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: CHECKOUT_LIMITS.consignments + 5 }] })).json();
    const lamp = cart.lineItems.physicalItems[0].id as string;
    const one = (n: number) => Array.from({ length: n }, () => ({ address: SF_AUSTIN, lineItems: [{ itemId: lamp, quantity: 1 }] }));
    // Each consignment splits one unit off the line: 100 consignments, 101 lines.
    const created = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, one(CHECKOUT_LIMITS.consignments));
    expect(created.statusCode, created.body.slice(0, 300)).toBe(200);
    expect(created.json().consignments).toHaveLength(CHECKOUT_LIMITS.consignments);
    const before = (await shopper.request('GET', `/api/storefront/checkouts/${cart.id}`)).body;
    const refused = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, one(1));
    expect(refused.statusCode).toBe(422);
    const title = `A checkout holds at most ${CHECKOUT_LIMITS.consignments} consignments; this change would leave ${CHECKOUT_LIMITS.consignments + 1}.`;
    expect(refused.json()).toEqual({ status: 422, title, type: TYPE, detail: title });
    expect((await shopper.request('GET', `/api/storefront/checkouts/${cart.id}`)).body).toBe(before);
  });

  it('a checkout whose stored document would pass its size limit is refused, in both dialects, and changes nothing', async () => {
    const shopper = new Shopper(t.app);
    const cart = (await shopper.request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 100 }] })).json();
    const lamp = cart.lineItems.physicalItems[0].id as string;
    const heavy = (n: number) => Array.from({ length: n }, () => ({ address: { ...SF_AUSTIN, customFields: HEAVY_CUSTOM_FIELDS }, lineItems: [{ itemId: lamp, quantity: 1 }] }));
    // Eight such consignments (800 KB) fit; eight more would take the checkout past 1 MiB.
    const first = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments?include=`, heavy(8));
    expect(first.statusCode, first.body.slice(0, 300)).toBe(200);
    const before = (await shopper.request('GET', `/api/storefront/checkouts/${cart.id}?include=`)).body;
    const refused = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments?include=`, heavy(8));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().title).toMatch(new RegExp(`^A checkout is stored in at most ${CHECKOUT_LIMITS.documentBytes} bytes \\(1 MiB\\); this change would take it to \\d+\\.$`));
    expect((await shopper.request('GET', `/api/storefront/checkouts/${cart.id}?include=`)).body).toBe(before);
    // The server-to-server dialect names the limit under `checkout`.
    const server = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, heavy(8).map(() => ({
      address: { ...AUSTIN, custom_fields: HEAVY_CUSTOM_FIELDS.map((f) => ({ field_id: f.fieldId, field_value: f.fieldValue })) },
      line_items: [{ item_id: lamp, quantity: 1 }],
    })));
    expect(server.statusCode).toBe(422);
    expect(server.json().errors).toEqual({ checkout: `at most ${CHECKOUT_LIMITS.documentBytes} bytes stored` });
    expect((await shopper.request('GET', `/api/storefront/checkouts/${cart.id}?include=`)).body).toBe(before);
  });
});
