import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, PORTLAND, TORONTO } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';
const BILLING = { ...PORTLAND, phone: '5035550100' };

interface Option { id: string; description: string; cost: number }
interface Consignment { id: string; available_shipping_options: Option[] }

describe.each(STORE_KINDS)('tax, coupons, fees and orders on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** Lamp (49) and 2 mugs (14 each) shipped, plus the e-book (9.99). */
  const newCart = async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }, { product_id: 9, quantity: 1 }] })).json().data;
    const [lamp, mugs] = cart.line_items.physical_items;
    return { id: cart.id as string, lamp: lamp.id as string, mugs: mugs.id as string, ebook: cart.line_items.digital_items[0].id as string };
  };

  const select = async (cartId: string, consignment: Consignment, description: string) => {
    const option = consignment.available_shipping_options.find((o) => o.description === description)!;
    const response = await t.api('PUT', `/v3/checkouts/${cartId}/consignments/${consignment.id}`, { shipping_option_id: option.id });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  };

  /** Austin gets the lamp by courier (taxed in Texas), Portland the mugs at a flat rate (untaxed). */
  const splitCheckout = async () => {
    const cart = await newCart();
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] },
      { address: PORTLAND, line_items: [{ item_id: cart.mugs, quantity: 2 }] },
    ])).json().data;
    await select(cart.id, created.consignments[0], 'Same-day Courier');
    const data = await select(cart.id, created.consignments[1], 'Flat Rate');
    return { cart, checkout: data };
  };

  it('taxes each consignment at its own address, items and shipping, with a taxes[] breakdown', async () => {
    const { checkout } = await splitCheckout();
    const [austin, portland] = checkout.consignments;
    // Texas: 6.25% + 2% on the lamp (49) and on the courier (12); Oregon: no tax zone.
    expect(austin.shipping_cost_ex_tax).toBe(12);
    expect(austin.shipping_cost_inc_tax).toBe(12.99);
    expect(portland.shipping_cost_inc_tax).toBe(9.99);
    // With no billing address yet, the e-book (9.99) is taxed at the first consignment's address (Texas).
    expect(checkout.taxes).toEqual([
      { name: 'Texas State Tax', amount: Number((3.06 + 0.75 + 0.62).toFixed(2)) },
      { name: 'Local Tax', amount: Number((0.98 + 0.24 + 0.2).toFixed(2)) },
    ]);
    expect(checkout.tax_total).toBe(5.85);
    expect(checkout.subtotal_ex_tax).toBe(49 + 28 + 9.99);
    expect(checkout.grand_total).toBe(Number((49 + 28 + 9.99 + 12 + 9.99 + 5.85).toFixed(2)));

    // A billing address in Oregon moves the e-book's tax there (no tax zone): only Austin's remains.
    const billed = await t.api('POST', `/v3/checkouts/${checkout.id}/billing-address`, BILLING);
    expect(billed.statusCode, billed.body).toBe(200);
    expect((await t.api('GET', `/v3/checkouts/${checkout.id}`)).json().data.tax_total).toBe(5.03);
  });

  it('applies coupons: item discounts on lines, shipping discounts per consignment, and removes them', async () => {
    const { cart } = await splitCheckout();
    const save = await t.api('POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'save10' });
    expect(save.statusCode, save.body).toBe(200);
    const saved = save.json().data;
    expect(saved.coupons).toEqual([{ id: expect.any(Number), code: 'SAVE10', coupon_type: 'percentage_discount', display_name: '10% off everything', discounted_amount: 8.7 }]);
    expect(saved.cart.discount_amount).toBe(8.7);
    expect(saved.cart.line_items.physical_items[0].discount_amount).toBe(4.9);

    const second = await t.api('POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'SHIP5' });
    expect(second.statusCode).toBe(422);
    const invalid = await t.api('POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'NOPE' });
    expect(invalid.statusCode).toBe(422);

    const removed = await t.api('DELETE', `/v3/checkouts/${cart.id}/coupons/SAVE10`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().data.coupons).toEqual([]);
    const ship = (await t.api('POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'SHIP5' })).json().data;
    expect(ship.consignments.map((c: { coupon_discounts: unknown[] }) => c.coupon_discounts)).toEqual([[{ code: 'SHIP5', amount: 5 }], [{ code: 'SHIP5', amount: 5 }]]);
    // Shipping totals are before discounts; the grand total is after them.
    expect(ship.shipping_cost_total_ex_tax).toBe(21.99);
    const before = (await t.api('DELETE', `/v3/checkouts/${cart.id}/coupons/SHIP5`)).json().data;
    expect(Number((before.grand_total - ship.grand_total).toFixed(2))).toBeGreaterThan(10);
  });

  it('refuses a coupon whose minimum purchase is not met', async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 4, quantity: 1 }] })).json().data;
    const response = await t.api('POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'TAKE15' });
    expect(response.statusCode).toBe(422);
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.version).toBe(1);
  });

  it('adds, changes and deletes fees (at most five), counted in the grand total', async () => {
    const cart = await newCart();
    const base = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.grand_total;
    const fee = { type: 'custom_fee', name: 'gift-wrap', display_name: 'Gift wrapping', cost: 4.5, source: 'wrapper-app' };
    const added = await t.api('POST', `/v3/checkouts/${cart.id}/fees`, { fees: [fee, { ...fee, name: 'insurance', cost: 2 }] });
    expect(added.statusCode, added.body).toBe(200);
    const data = added.json().data;
    expect(data.fees).toHaveLength(2);
    expect(data.fees[0]).toMatchObject({ type: 'custom_fee', name: 'gift-wrap', display_name: 'Gift wrapping', cost_ex_tax: 4.5, cost_inc_tax: 4.5, source: 'wrapper-app' });
    expect(data.grand_total).toBe(Number((base + 6.5).toFixed(2)));
    const changed = await t.api('PUT', `/v3/checkouts/${cart.id}/fees`, { fees: [{ ...fee, id: data.fees[0].id, cost: 1 }] });
    expect(changed.json().data.grand_total).toBe(Number((base + 3).toFixed(2)));
    const tooMany = await t.api('POST', `/v3/checkouts/${cart.id}/fees`, { fees: [fee, fee, fee, fee] });
    expect(tooMany.statusCode).toBe(422);
    const deleted = await t.api('DELETE', `/v3/checkouts/${cart.id}/fees`, { ids: [data.fees[1].id] });
    expect(deleted.json().data.fees).toHaveLength(1);
  });

  it('refuses an order naming what is missing, then creates one whose snapshot later changes do not alter', async () => {
    const cart = await newCart();
    const refused = await t.api('POST', `/v3/checkouts/${cart.id}/orders`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().title).toMatch(/no billing address/);
    expect(refused.json().title).toMatch(/in no consignment/);

    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] },
      { address: TORONTO, line_items: [{ item_id: cart.mugs, quantity: 2 }] },
    ])).json().data;
    await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...BILLING, postal_code: '' });
    const stillRefused = await t.api('POST', `/v3/checkouts/${cart.id}/orders`);
    expect(stillRefused.json().title).toMatch(/billing address lacks postal_code/);
    expect(stillRefused.json().title).toMatch(/has no selected shipping or pickup option/);

    await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, BILLING);
    await select(cart.id, created.consignments[0], 'Same-day Courier');
    await select(cart.id, created.consignments[1], 'Canada Flat Rate');
    await t.api('POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'SAVE10' });
    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;

    const placed = await t.api('POST', `/v3/checkouts/${cart.id}/orders`);
    expect(placed.statusCode, placed.body).toBe(200);
    const orderId = placed.json().data.id;
    expect(orderId).toEqual(expect.any(Number));
    expect(placed.json().meta).toEqual({});
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.order_id).toBe(String(orderId));

    const read = async () => (await t.api('GET', `/v2/orders/${orderId}`)).json();
    const order = await read();
    expect(order).toMatchObject({
      id: orderId,
      status: 'Incomplete',
      cart_id: cart.id,
      currency_code: 'USD',
      total_inc_tax: checkout.grand_total.toFixed(4),
      total_tax: checkout.tax_total.toFixed(4),
      subtotal_ex_tax: checkout.subtotal_ex_tax.toFixed(4),
      shipping_cost_ex_tax: checkout.shipping_cost_total_ex_tax.toFixed(4),
      handling_cost_ex_tax: checkout.handling_cost_total_ex_tax.toFixed(4),
      discount_amount: checkout.cart.discount_amount.toFixed(4),
      billing_address: { first_name: 'Ada', city: 'Portland', country_iso2: 'US', zip: '97201' },
    });
    const addresses = (await t.api('GET', `/v2/orders/${orderId}/shipping_addresses`)).json();
    expect(addresses.map((a: { city: string; shipping_method: string }) => [a.city, a.shipping_method])).toEqual([
      ['Austin', 'Same-day Courier'],
      ['Toronto', 'Canada Flat Rate'],
    ]);
    const products = (await t.api('GET', `/v2/orders/${orderId}/products`)).json();
    expect(products.map((p: { name: string; quantity: number }) => [p.name, p.quantity])).toEqual([
      ['Orbit Desk Lamp', 1],
      ['Stoneware Mug', 2],
      ['Field Guide to Shipping (eBook)', 1],
    ]);

    // Change the catalog and the shipping configuration: the order does not move.
    await t.api('PUT', '/v3/catalog/products/1', { price: 99 });
    const zones = (await t.api('GET', '/v2/shipping/zones')).json();
    const austinZone = zones.find((z: { name: string }) => z.name === 'Austin metro');
    const methods = (await t.api('GET', `/v2/shipping/zones/${austinZone.id}/methods`)).json();
    await t.api('PUT', `/v2/shipping/zones/${austinZone.id}/methods/${methods[0].id}`, { settings: { rate: 50 } });
    expect(await read()).toEqual(order);

    // The checkout stays open: it can change, and placing again makes a new order; the first stays as it was.
    expect((await t.api('POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 9, quantity: 1 }] })).statusCode).toBe(201);
    const again = await t.api('POST', `/v3/checkouts/${cart.id}/orders`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().data.id).toBeGreaterThan(orderId);
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.order_id).toBe(String(again.json().data.id));
    expect(await read()).toEqual(order);
  });

  it('answers an unknown order with 404 in the v2 shape, and needs the orders scope', async () => {
    const missing = await t.api('GET', '/v2/orders/999999');
    expect(missing.statusCode).toBe(404);
    expect(Array.isArray(missing.json())).toBe(true);
    const token = await t.tokenWith(['store_checkout']);
    expect((await t.api('GET', '/v2/orders/1', undefined, { token })).statusCode).toBe(403);
  });

  it('manages tax zones and settings; prices entered with tax are split, not raised', async () => {
    const unknownClass = await t.api('POST', '/v3/tax/zones', { name: 'Bad', locations: [{ country_code: 'US', subdivision_codes: ['OR'] }], rates: [{ name: 'X', class_rates: [{ tax_class_id: 77, rate: 5 }] }] });
    expect(unknownClass.statusCode).toBe(422);
    const zone = await t.api('POST', '/v3/tax/zones', { name: 'Oregon', locations: [{ country_code: 'US', subdivision_codes: ['OR'] }], rates: [{ name: 'Oregon Tax', class_rates: [{ tax_class_id: 0, rate: 10 }] }] });
    expect(zone.statusCode, zone.body).toBe(200);
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 4, quantity: 1 }] })).json().data;
    await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, BILLING);
    const exclusive = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    expect([exclusive.subtotal_ex_tax, exclusive.subtotal_inc_tax, exclusive.tax_total]).toEqual([14, 15.4, 1.4]);

    expect((await t.api('PUT', '/v3/tax/settings', { tax_entered_with_prices: true })).statusCode).toBe(200);
    const inclusive = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    expect([inclusive.subtotal_ex_tax, inclusive.subtotal_inc_tax, inclusive.tax_total, inclusive.grand_total]).toEqual([12.73, 14, 1.27, 14]);
    await t.api('PUT', '/v3/tax/settings', { tax_entered_with_prices: false });
    await t.api('DELETE', `/v3/tax/zones/${zone.json().data.id}`);
  });

  it('manages coupons through the v2 API, with unique codes', async () => {
    const created = await t.api('POST', '/v2/coupons', { name: 'Five off', code: 'FIVE', type: 'per_total_discount', amount: '5.00' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'FIVE', type: 'per_total_discount', amount: '5.0000', enabled: true });
    const duplicate = await t.api('POST', '/v2/coupons', { name: 'Again', code: 'five', type: 'per_total_discount', amount: 1 });
    expect(duplicate.statusCode).toBe(422);
    expect(Array.isArray(duplicate.json())).toBe(true);
    expect((await t.api('DELETE', `/v2/coupons/${created.json().id}`)).statusCode).toBe(204);
  });
});
