import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, DALLAS, PORTLAND, TORONTO } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';
const BILLING = { ...PORTLAND, phone: '5035550100' };
const DUBLIN = { ...AUSTIN, address1: '1 O\'Connell St', city: 'Dublin', state_or_province: '', state_or_province_code: '', country_code: 'IE', postal_code: '' };

interface Option { id: string; description: string }
interface Consignment { id: string; available_shipping_options: Option[] }

describe.each(STORE_KINDS)('orders on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** Lamp (49) and 2 mugs (14 each), shipped, plus the e-book (9.99). */
  const newCart = async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }, { product_id: 9, quantity: 1 }] })).json().data;
    const [lamp, mugs] = cart.line_items.physical_items;
    return { id: cart.id as string, lamp: lamp.id as string, mugs: mugs.id as string };
  };
  const consign = async (cartId: string, body: unknown[]) => {
    const response = await t.api('POST', `/v3/checkouts/${cartId}/consignments${INCLUDE}`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data.consignments as Consignment[];
  };
  const select = async (cartId: string, consignment: Consignment, description: string) => {
    const option = consignment.available_shipping_options.find((o) => o.description === description)!;
    const response = await t.api('PUT', `/v3/checkouts/${cartId}/consignments/${consignment.id}`, { shipping_option_id: option.id });
    expect(response.statusCode, response.body).toBe(200);
  };
  const billing = async (cartId: string, address: object) => expect((await t.api('POST', `/v3/checkouts/${cartId}/billing-address`, address)).statusCode).toBe(200);
  const place = (cartId: string) => t.api('POST', `/v3/checkouts/${cartId}/orders`);
  const v2 = async (path: string) => {
    const response = await t.api('GET', `/v2/orders/${path}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  /** A checkout ready to become an order: lamp to Austin by courier, mugs to Toronto at the flat rate. */
  const orderable = async () => {
    const cart = await newCart();
    const [austin, toronto] = await consign(cart.id, [
      { address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] },
      { address: TORONTO, line_items: [{ item_id: cart.mugs, quantity: 2 }] },
    ]);
    await select(cart.id, austin!, 'Same-day Courier');
    await select(cart.id, toronto!, 'Canada Flat Rate');
    await billing(cart.id, BILLING);
    return cart;
  };

  it('refuses an order while something is missing, naming each thing, and spends no order id on it', async () => {
    const cart = await newCart();
    const refused = await place(cart.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().title).toMatch(/no billing address/);
    expect(refused.json().title).toMatch(/in no consignment/);

    const [austin] = await consign(cart.id, [{ address: { ...AUSTIN, first_name: '', address1: '' }, line_items: [{ item_id: cart.lamp, quantity: 1 }, { item_id: cart.mugs, quantity: 2 }] }]);
    await billing(cart.id, { ...BILLING, postal_code: '' });
    const still = (await place(cart.id)).json();
    expect(still.title).toMatch(/billing address lacks postal_code/);
    expect(still.title).toMatch(/has no selected shipping or pickup option/);
    expect(still.title).toMatch(new RegExp(`the address of consignment ${austin!.id} lacks first_name, address1`));
    expect(Object.keys(still.errors)).toEqual(['order.0', 'order.1', 'order.2']);

    // Country rules: a US address needs a state.
    await billing(cart.id, { ...BILLING, state_or_province: '', state_or_province_code: '' });
    expect((await place(cart.id)).json().title).toMatch(/billing address lacks state_or_province/);
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.order_id).toBeNull();

    // Put right, it becomes this store's first order: the refusals used no order id.
    await billing(cart.id, BILLING);
    const fixed = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${austin!.id}${INCLUDE}`, { address: AUSTIN });
    await select(cart.id, fixed.json().data.consignments[0], 'Same-day Courier');
    const placed = await place(cart.id);
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json()).toEqual({ data: { id: 1 }, meta: {} });
  });

  it('accepts an address without a postcode in a country that has none (Ireland), shipped and billed', async () => {
    const cart = await newCart();
    const [dublin] = await consign(cart.id, [{ address: DUBLIN, line_items: [{ item_id: cart.lamp, quantity: 1 }, { item_id: cart.mugs, quantity: 2 }] }]);
    await select(cart.id, dublin!, 'International Flat Rate');
    await billing(cart.id, DUBLIN);
    const placed = await place(cart.id);
    expect(placed.statusCode, placed.body).toBe(200);
    const [address] = await v2(`${placed.json().data.id}/shipping_addresses`);
    expect(address).toMatchObject({ city: 'Dublin', country_iso2: 'IE', zip: '', shipping_method: 'International Flat Rate' });
  });

  it('refuses an order whose grand total a negative fee would take below zero', async () => {
    const cart = await orderable();
    const before = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.grand_total;
    const fee = { type: 'custom_fee', name: 'credit', display_name: 'Store credit', cost: -Math.floor(before - 1), source: 'loyalty-app' };
    expect((await t.api('POST', `/v3/checkouts/${cart.id}/fees`, { fees: [fee] })).statusCode).toBe(200);
    // The cart shrinks after the fee was added: the total would go negative, and the order is refused.
    expect((await t.api('DELETE', `/v3/carts/${cart.id}/items/${cart.lamp}`)).statusCode).toBe(200);
    const refused = await place(cart.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().title).toMatch(/grand total is negative/);
  });

  it('makes as many orders as asked from one checkout, which stays open; order_id names the latest', async () => {
    const cart = await orderable();
    const first = (await place(cart.id)).json().data.id as number;
    const firstOrder = await v2(`${first}`);
    // The checkout can still change (upstream keeps the cart until it is paid).
    const added = await t.api('POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 10, quantity: 1 }] });
    expect(added.statusCode, added.body).toBe(201);
    const sticker = (added.json().data.line_items.physical_items as { id: string; sku: string }[]).find((i) => i.sku === 'STICKERS')!;
    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}${INCLUDE}`)).json().data;
    const austin = checkout.consignments[0];
    expect((await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${austin.id}`, { line_items: [{ item_id: cart.lamp, quantity: 1 }, { item_id: sticker.id, quantity: 1 }] })).statusCode).toBe(200);
    const reselect = (await t.api('GET', `/v3/checkouts/${cart.id}${INCLUDE}`)).json().data.consignments[0];
    await select(cart.id, reselect, 'Same-day Courier');

    const second = await place(cart.id);
    expect(second.statusCode, second.body).toBe(200);
    const secondId = second.json().data.id as number;
    expect(secondId).toBeGreaterThan(first);
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.order_id).toBe(String(secondId));
    expect((await v2(`${secondId}/products`)).map((p: { sku: string }) => p.sku)).toContain('STICKERS');
    // Each order keeps the checkout as it was when it was placed.
    expect(await v2(`${first}`)).toEqual(firstOrder);
    expect((await v2(`${first}/products`)).map((p: { sku: string }) => p.sku)).not.toContain('STICKERS');
  });

  it('reads a pickup order back: the pickup consignment with its method and location, no shipping address', async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 9, quantity: 1 }] })).json().data;
    const lamp = cart.line_items.physical_items[0].id;
    const methods = (await t.api('GET', '/v3/pickup/methods')).json().data as { id: number; display_name: string; location_id: number }[];
    const curbside = methods.find((m) => m.display_name.startsWith('Curbside'))!;
    await consign(cart.id, [{ line_items: [{ item_id: lamp, quantity: 1 }], pickup_option: { pickup_method_id: curbside.id } }]);
    await billing(cart.id, BILLING);
    const placed = await place(cart.id);
    expect(placed.statusCode, placed.body).toBe(200);
    const id = placed.json().data.id;

    const order = await v2(`${id}?include=consignments&consignment_structure=object`);
    expect(order.shipping_address_count).toBe(0);
    expect(await v2(`${id}/shipping_addresses`)).toEqual([]);
    const consignments = await v2(`${id}/consignments`);
    expect(order.consignments).toEqual(consignments);
    expect(consignments.shipping).toEqual([]);
    expect(consignments.pickups).toEqual([
      {
        id: 1,
        pickup_method_id: curbside.id,
        pickup_method_display_name: 'Curbside pickup, Austin Downtown',
        collection_instructions: 'Park in a marked bay and call the number on your confirmation email.',
        collection_time_description: 'Ready in 3 hours',
        location: expect.objectContaining({ id: curbside.location_id, name: 'Consign Austin Downtown', code: 'AUS-DT', address_line_1: '600 Congress Ave', city: 'Austin', country_alpha2: 'US' }),
        line_items: [{ url: expect.stringMatching(new RegExp(`/v2/orders/${id}/products/1$`)), resource: `/orders/${id}/products/1` }],
      },
    ]);
    expect(consignments.downloads).toEqual([{ recipient_email: BILLING.email, line_items: [expect.objectContaining({ resource: `/orders/${id}/products/2` })] }]);
    const products = await v2(`${id}/products`);
    expect(products.map((p: { id: number; order_address_id: number; order_pickup_method_id: number }) => [p.id, p.order_address_id, p.order_pickup_method_id])).toEqual([[1, 0, 1], [2, 0, 0]]);
    const embedded = await v2(`${id}/consignments?include=consignments.line_items`);
    expect(embedded.pickups[0].line_items).toEqual([products[0]]);
    expect(await v2(`${id}/consignments?include=fees&include=consignments.line_items`)).toEqual(embedded);

    // Renaming the method later leaves the order as it was.
    expect((await t.api('PUT', '/v3/pickup/methods', [{ id: curbside.id, display_name: 'Renamed' }])).statusCode).toBe(200);
    expect(await v2(`${id}/consignments`)).toEqual(consignments);
  });

  it('keeps custom items with their tax, and gift certificates untaxed, emailed to their recipient', async () => {
    const cart = (await t.api('POST', '/v3/carts', {
      custom_items: [{ sku: 'ENGRAVE', name: 'Engraving', quantity: 2, list_price: 10 }],
      gift_certificates: [{ name: 'Gift', theme: 'General', amount: 25, quantity: 1, sender: { name: 'Ada', email: 'ada@example.com' }, recipient: { name: 'Bo', email: 'bo@example.com' } }],
    })).json().data;
    await billing(cart.id, DALLAS);
    const placed = await place(cart.id);
    expect(placed.statusCode, placed.body).toBe(200);
    const id = placed.json().data.id;
    // Billed in Dallas: one engraving of 10.00 is 10.83 with Texas tax, two are 21.66.
    const products = await v2(`${id}/products`);
    expect(products.map((p: Record<string, unknown>) => [p.sku, p.type, p.price_ex_tax, p.price_inc_tax, p.total_inc_tax, p.total_tax])).toEqual([
      ['ENGRAVE', 'physical', '10.0000', '10.8300', '21.6600', '1.6600'],
      ['', 'giftcertificate', '25.0000', '25.0000', '25.0000', '0.0000'],
    ]);
    expect((await v2(`${id}`)).total_inc_tax).toBe('46.6600');
    expect((await v2(`${id}/consignments`)).email.gift_certificates).toEqual([{ recipient_email: 'bo@example.com', line_items: [expect.objectContaining({ resource: `/orders/${id}/products/2` })] }]);
  });

  it('gives integer ids everywhere in v2, links in upstream\'s {url, resource} form, and 404 in the v2 shape', async () => {
    const cart = await orderable();
    const id = (await place(cart.id)).json().data.id;
    const order = await v2(`${id}`);
    expect(order.products).toEqual({ url: expect.stringMatching(new RegExp(`^http://.+/stores/${t.hash}/v2/orders/${id}/products$`)), resource: `/orders/${id}/products` });
    expect(order.coupons.resource).toBe(`/orders/${id}/coupons`);
    expect(order.fees.resource).toBe(`/orders/${id}/fees`);
    const addresses = await v2(`${id}/shipping_addresses`);
    expect(addresses.map((a: { id: number }) => a.id)).toEqual([1, 2]);
    const products = await v2(`${id}/products`);
    expect(products.map((p: { id: number; order_address_id: number }) => [p.id, p.order_address_id])).toEqual([[1, 1], [2, 2], [3, 0]]);
    for (const p of products) expect(Number.isInteger(p.id) && Number.isInteger(p.order_address_id)).toBe(true);

    const missing = await t.api('GET', '/v2/orders/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ status: 404, message: 'Order 999999 was not found.' }]);
    const token = await t.tokenWith(['store_checkout']);
    expect((await t.api('GET', `/v2/orders/${id}`, undefined, { token })).statusCode).toBe(403);
  });
});
