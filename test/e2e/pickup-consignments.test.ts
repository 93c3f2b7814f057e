import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, catalogVariants, createTestApp } from '../helpers/app.js';
import { AUSTIN, PORTLAND } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';
const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const PICKUP_LIMIT = { status: 422, title: 'Pickup method is limited to 1 consignment.', type: ERROR_TYPE };

/** The demo fixture's pickup methods: Austin (location 1) stocks everything, Dallas (2) no desk frames and little else. */
const AUSTIN_IN_STORE = 1;
const AUSTIN_CURBSIDE = 2;
const DALLAS_IN_STORE = 3;

interface Method { id: number; location_id: number; display_name: string; collection_instructions: string; collection_time_description: string; date_created: string; date_modified: string }

describe.each(STORE_KINDS)('pickup consignments (server-to-server) on %s', (kind) => {
  let t: TestApp;
  /** Variant ids of the demo catalog by SKU. */
  let variants: Map<string, { productId: number; variantId: number }>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    variants = await catalogVariants(t);
  });
  afterAll(async () => t.close());

  const variant = (sku: string) => variants.get(sku)!.variantId;

  /** A cart of `items` (SKU and quantity), with the ids of its lines in the same order. */
  const cartOf = async (...items: [string, number][]) => {
    const response = await t.api('POST', '/v3/carts', {
      line_items: items.map(([sku, quantity]) => ({ product_id: variants.get(sku)!.productId, variant_id: variant(sku), quantity })),
    });
    expect(response.statusCode, response.body).toBe(201);
    const cart = response.json().data;
    const lines = cart.line_items.physical_items as { id: string; sku: string; quantity: number }[];
    return { id: cart.id as string, lines: items.map(([sku]) => lines.find((l) => l.sku === sku)!) };
  };
  const allOf = (cart: { lines: { id: string; quantity: number }[] }) => cart.lines.map((l) => ({ item_id: l.id, quantity: l.quantity }));

  it('creates a pickup consignment: no address, the method selected, nothing to pay for shipping', async () => {
    const cart = await cartOf(['LAMP-ORBIT', 1], ['MUG-STONE', 2]);
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: DALLAS_IN_STORE }, version: 1 }]);
    expect(created.statusCode, created.body).toBe(200);
    const consignment = created.json().data.consignments[0];
    expect(consignment).not.toHaveProperty('address');
    expect(consignment).not.toHaveProperty('selected_shipping_option');
    expect(consignment).toMatchObject({ selected_pickup_option: { pickup_method_id: DALLAS_IN_STORE }, available_shipping_options: [], shipping_cost_ex_tax: 0, handling_cost_ex_tax: 0 });
    expect(consignment.line_item_ids).toEqual(cart.lines.map((l) => l.id));

    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    expect(checkout.consignments[0].selected_pickup_option).toEqual({ pickup_method_id: DALLAS_IN_STORE });
    expect(checkout.shipping_cost_total_ex_tax).toBe(0);
    expect(checkout.grand_total).toBe(checkout.subtotal_inc_tax);
  });

  it('refuses a second pickup consignment, and pickup beside shipping, in upstream\'s words; nothing changes', async () => {
    const cart = await cartOf(['LAMP-ORBIT', 1], ['MUG-STONE', 2]);
    const [lamp, mugs] = allOf(cart);
    const mixed = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [
      { line_items: [lamp], pickup_option: { pickup_method_id: AUSTIN_IN_STORE } },
      { address: AUSTIN, line_items: [mugs] },
    ]);
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json()).toMatchObject(PICKUP_LIMIT);
    const two = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [
      { line_items: [lamp], pickup_option: { pickup_method_id: AUSTIN_IN_STORE } },
      { line_items: [mugs], pickup_option: { pickup_method_id: AUSTIN_CURBSIDE } },
    ]);
    expect(two.json()).toMatchObject(PICKUP_LIMIT);

    expect((await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [mugs] }])).statusCode).toBe(200);
    const later = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: [lamp], pickup_option: { pickup_method_id: AUSTIN_IN_STORE } }]);
    expect(later.json()).toMatchObject(PICKUP_LIMIT);
    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    expect(checkout.consignments).toHaveLength(1);
    expect(checkout.version).toBe(2);
    // Switching the one shipping consignment to pickup while another ships is refused too.
    const second = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: PORTLAND, line_items: [lamp] }]);
    const [austin] = second.json().data.consignments;
    const switched = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${austin.id}`, { pickup_option: { pickup_method_id: AUSTIN_IN_STORE } });
    expect(switched.json()).toMatchObject(PICKUP_LIMIT);
  });

  it('refuses an unknown method, a location that lacks an item, and an address with a pickup option', async () => {
    const cart = await cartOf(['LAMP-ORBIT', 1], ['DESK-FRAME', 1]);
    const unknown = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: 999 } }]);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toHaveProperty(['0.pickup_option.pickup_method_id']);
    const lacking = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: DALLAS_IN_STORE } }]);
    expect(lacking.statusCode).toBe(422);
    expect(lacking.json().title).toMatch(/not every item/i);
    const both = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: allOf(cart), pickup_option: { pickup_method_id: AUSTIN_IN_STORE } }]);
    expect(both.statusCode).toBe(422);
    const neither = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart) }]);
    expect(neither.statusCode).toBe(422);
    const austin = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: AUSTIN_IN_STORE } }]);
    expect(austin.statusCode, austin.body).toBe(200);
  });

  it('switches shipping to pickup and back with PUT; each selection deselects the other; both at once is refused', async () => {
    const cart = await cartOf(['LAMP-ORBIT', 1]);
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address: AUSTIN, line_items: allOf(cart) }])).json().data;
    const consignment = created.consignments[0];
    const courier = consignment.available_shipping_options.find((o: { description: string }) => o.description === 'Same-day Courier');
    const url = `/v3/checkouts/${cart.id}/consignments/${consignment.id}`;
    const shipped = (await t.api('PUT', url, { shipping_option_id: courier.id })).json().data;
    expect(shipped.shipping_cost_total_ex_tax).toBe(12);

    const both = await t.api('PUT', url, { shipping_option_id: courier.id, pickup_option: { pickup_method_id: AUSTIN_IN_STORE } });
    expect(both.statusCode).toBe(422);
    expect((await t.api('PUT', url, { address: AUSTIN, pickup_option: { pickup_method_id: AUSTIN_IN_STORE } })).statusCode).toBe(422);
    expect((await t.api('PUT', url, { custom_shipping: { price: 1, description: 'x' }, pickup_option: { pickup_method_id: AUSTIN_IN_STORE } })).statusCode).toBe(422);

    const picked = await t.api('PUT', `${url}${INCLUDE}`, { pickup_option: { pickup_method_id: AUSTIN_IN_STORE }, line_items: allOf(cart) });
    expect(picked.statusCode, picked.body).toBe(200);
    const pickup = picked.json().data;
    expect(pickup.consignments[0]).not.toHaveProperty('selected_shipping_option');
    expect(pickup.consignments[0]).not.toHaveProperty('address');
    expect(pickup.consignments[0]).toMatchObject({ selected_pickup_option: { pickup_method_id: AUSTIN_IN_STORE } });
    // The options of the address it shipped to stay on offer: choosing one is the way back.
    expect(pickup.consignments[0].available_shipping_options).toEqual(consignment.available_shipping_options);
    expect(pickup.shipping_cost_total_ex_tax).toBe(0);
    // Taxed where the goods are handed over (the Austin store), as the Austin address without shipping was.
    expect(pickup.tax_total).toBe(created.tax_total);
    expect(pickup.grand_total).toBe(created.grand_total);
    expect(pickup.grand_total).toBeLessThan(shipped.grand_total);

    // Upstream: a shipping option sent to a pickup consignment deselects the pickup option.
    const back = await t.api('PUT', url, { shipping_option_id: courier.id });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().data.consignments[0]).toMatchObject({ selected_shipping_option: { id: courier.id, cost: 12 }, address: { city: 'Austin', postal_code: '78701' } });
    expect(back.json().data.consignments[0]).not.toHaveProperty('selected_pickup_option');
    expect(back.json().data.shipping_cost_total_ex_tax).toBe(12);

    // And the other way round; custom shipping goes back to the address too.
    const curbside = (await t.api('PUT', url, { pickup_option: { pickup_method_id: AUSTIN_CURBSIDE } })).json().data;
    expect(curbside.consignments[0]).toMatchObject({ selected_pickup_option: { pickup_method_id: AUSTIN_CURBSIDE } });
    expect(curbside.consignments[0]).not.toHaveProperty('selected_shipping_option');
    const van = (await t.api('PUT', url, { custom_shipping: { price: 5, description: 'Van' } })).json().data;
    expect(van.consignments[0]).toMatchObject({ selected_shipping_option: { id: 'custom', description: 'Van', cost: 5 }, address: { city: 'Austin' } });
    expect(van.consignments[0]).not.toHaveProperty('selected_pickup_option');

    await t.api('PUT', url, { pickup_option: { pickup_method_id: AUSTIN_IN_STORE } });
    const readdressed = (await t.api('PUT', `${url}${INCLUDE}`, { address: PORTLAND, line_items: allOf(cart) })).json().data.consignments[0];
    expect(readdressed).not.toHaveProperty('selected_pickup_option');
    expect(readdressed.address).toMatchObject({ city: 'Portland', country_code: 'US' });
    const flat = readdressed.available_shipping_options.find((o: { description: string }) => o.description === 'Flat Rate');
    const reshipped = (await t.api('PUT', url, { shipping_option_id: flat.id })).json().data;
    expect(reshipped.consignments[0]).toMatchObject({ selected_shipping_option: { id: flat.id, cost: 9.99 } });
  });

  it('refuses a shipping choice on a consignment created for pickup, which has no address to ship to', async () => {
    const cart = await cartOf(['LAMP-ORBIT', 1]);
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: AUSTIN_IN_STORE } }])).json().data;
    const consignment = created.consignments[0];
    expect(consignment.available_shipping_options).toEqual([]);
    const url = `/v3/checkouts/${cart.id}/consignments/${consignment.id}`;
    const option = await t.api('PUT', url, { shipping_option_id: 'f'.repeat(32) });
    expect(option.statusCode).toBe(422);
    expect(option.json()).toEqual({
      status: 422,
      title: 'This pickup consignment has no address to ship to, so no shipping options: give it an address first.',
      type: ERROR_TYPE,
      errors: { shipping_option_id: 'not one of the available shipping options' },
    });
    const custom = await t.api('PUT', url, { custom_shipping: { price: 5, description: 'Van' } });
    expect(custom.statusCode).toBe(422);
    expect(custom.json().errors).toEqual({ custom_shipping: 'needs an address' });
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.version).toBe(created.version);
  });

  it('drops the pickup selection when the cart outgrows the location\'s stock or the method is deleted', async () => {
    const cart = await cartOf(['LAMP-ORBIT', 2]);
    await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: DALLAS_IN_STORE } }]);
    const grown = await t.api('PUT', `/v3/carts/${cart.id}/items/${cart.lines[0]!.id}`, { line_item: { quantity: 6 } });
    expect(grown.statusCode, grown.body).toBe(200);
    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}${INCLUDE}`)).json().data;
    expect(checkout.consignments[0]).not.toHaveProperty('selected_pickup_option');
    // Created for pickup, it has no address to fall back on, so nothing to ship with either.
    expect(checkout.consignments[0]).not.toHaveProperty('address');
    expect(checkout.consignments[0].available_shipping_options).toEqual([]);

    // One that shipped before pickup goes back to shipping there, with nothing selected.
    const shipped = await cartOf(['LAMP-ORBIT', 2]);
    const consignment = (await t.api('POST', `/v3/checkouts/${shipped.id}/consignments`, [{ address: PORTLAND, line_items: allOf(shipped) }])).json().data.consignments[0];
    await t.api('PUT', `/v3/checkouts/${shipped.id}/consignments/${consignment.id}`, { pickup_option: { pickup_method_id: DALLAS_IN_STORE } });
    await t.api('PUT', `/v3/carts/${shipped.id}/items/${shipped.lines[0]!.id}`, { line_item: { quantity: 6 } });
    const fallen = (await t.api('GET', `/v3/checkouts/${shipped.id}${INCLUDE}`)).json().data.consignments[0];
    expect(fallen).not.toHaveProperty('selected_pickup_option');
    expect(fallen).not.toHaveProperty('selected_shipping_option');
    expect(fallen.address).toMatchObject({ city: 'Portland' });
    // Quoted for its six lamps ($294): past the US zone's free-shipping threshold.
    expect(fallen.available_shipping_options.map((o: { description: string }) => o.description)).toEqual(['Free Shipping']);

    const method = (await t.api('POST', '/v3/pickup/methods', [{ location_id: 1, display_name: 'Temporary' }])).json().data[0] as Method;
    const other = await cartOf(['MUG-STONE', 1]);
    await t.api('POST', `/v3/checkouts/${other.id}/consignments`, [{ line_items: allOf(other), pickup_option: { pickup_method_id: method.id } }]);
    expect((await t.api('DELETE', `/v3/pickup/methods?id:in=${method.id}`)).statusCode).toBe(204);
    const after = (await t.api('GET', `/v3/checkouts/${other.id}`)).json().data;
    expect(after.consignments[0]).not.toHaveProperty('selected_pickup_option');
  });
});
