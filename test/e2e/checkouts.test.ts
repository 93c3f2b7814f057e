import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUSTIN } from '../helpers/addresses.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

const TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const CONFLICT = {
  status: 409,
  title: 'The request cannot be processed due to a possible conflict. Please review the changes and try again.',
  type: TYPE,
};
const ADDRESS = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.com',
  company: 'Analytical Engines',
  address1: '600 Congress Ave',
  address2: 'Suite 1',
  city: 'Austin',
  state_or_province: 'Texas',
  state_or_province_code: 'TX',
  country_code: 'US',
  postal_code: '78701',
  phone: '+15125550100',
  custom_fields: [{ field_id: 'field_25', field_value: 'Leave with the doorman' }],
};

/** The amounts of upstream's Checkout object (checkouts.v3.yml), every one of them always sent. */
const TOTALS = [
  'shipping_cost_total_inc_tax',
  'shipping_cost_total_ex_tax',
  'handling_cost_total_inc_tax',
  'handling_cost_total_ex_tax',
  'tax_total',
  'subtotal_inc_tax',
  'subtotal_ex_tax',
  'grand_total',
] as const;

describe.each(STORE_KINDS)('checkouts (server-to-server) on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** A cart of 2 lamps at 49.00, one throw at 89.00 on sale for 74.00, and a custom item. */
  const createCart = async () => {
    const response = await t.api('POST', '/v3/carts', {
      line_items: [{ product_id: 1, quantity: 2 }, { product_id: 6, quantity: 1 }],
      custom_items: [{ sku: 'ENGRAVE', name: 'Engraving', quantity: 2, list_price: 5.5 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().data as { id: string; version: number; line_items: { physical_items: { id: string; quantity: number }[] } };
  };
  const getCheckout = async (id: string) => {
    const response = await t.api('GET', `/v3/checkouts/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  };

  it('GET answers the checkout of a cart, with the same id and version and every total, consistent', async () => {
    const cart = await createCart();
    const response = await t.api('GET', `/v3/checkouts/${cart.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().meta).toEqual({});
    const checkout = response.json().data;
    expect(checkout.id).toBe(cart.id);
    expect(checkout.cart.id).toBe(cart.id);
    expect(checkout.version).toBe(cart.version);
    for (const key of [...TOTALS, 'id', 'cart', 'consignments', 'taxes', 'coupons', 'fees', 'order_id', 'created_time', 'updated_time', 'customer_message', 'promotions', 'version']) {
      expect(checkout, key).toHaveProperty(key);
    }
    for (const key of TOTALS) expect(typeof checkout[key], key).toBe('number');
    for (const key of ['base_amount', 'discount_amount', 'cart_amount_inc_tax', 'cart_amount_ex_tax']) expect(typeof checkout.cart[key], key).toBe('number');
    expect(checkout.order_id).toBeNull();
    expect(checkout.consignments).toEqual([]);
    expect(checkout.customer_message).toBe('');
    expect(checkout).not.toHaveProperty('billing_address');

    // 2 x 49.00 + 74.00 (the sale price) + 2 x 5.50; nothing shipped or taxed yet.
    expect(checkout.subtotal_ex_tax).toBe(183);
    expect(checkout.cart.base_amount).toBe(98 + 89 + 11);
    expect(checkout.cart.cart_amount_ex_tax).toBe(checkout.subtotal_ex_tax);
    expect(checkout.cart.cart_amount_inc_tax).toBe(checkout.subtotal_inc_tax);
    const sum = (...amounts: number[]) => Math.round(amounts.reduce((a, b) => a + b, 0) * 100) / 100;
    expect(checkout.grand_total).toBe(sum(checkout.subtotal_ex_tax, checkout.shipping_cost_total_ex_tax, checkout.handling_cost_total_ex_tax, checkout.tax_total));
    expect(checkout.shipping_cost_total_ex_tax).toBe(0);
    expect(checkout.handling_cost_total_ex_tax).toBe(0);
    const items = checkout.cart.line_items;
    expect(items.physical_items.map((i: { is_taxable: boolean }) => i.is_taxable)).toEqual([true, true]);
    expect(sum(...items.physical_items.map((i: { extended_sale_price: number }) => i.extended_sale_price), ...items.custom_items.map((i: { extended_list_price: number }) => i.extended_list_price))).toBe(checkout.subtotal_ex_tax);
  });

  it('GET adds available_shipping_options to consignments only when include asks for them; other values, known or not, change nothing', async () => {
    const cart = await createCart();
    const lamp = cart.line_items.physical_items[0]!;
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: lamp.id, quantity: lamp.quantity }] }]);
    expect(created.statusCode, created.body).toBe(200);
    const get = async (query: string) => {
      const response = await t.api('GET', `/v3/checkouts/${cart.id}${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data;
    };
    const plain = await get('');
    expect(plain.consignments[0]).not.toHaveProperty('available_shipping_options');
    const withOptions = await get('?include=consignments.available_shipping_options');
    const options = withOptions.consignments[0].available_shipping_options;
    expect(options.map((o: { description: string }) => o.description)).toContain('Same-day Courier');
    expect(options.every((o: { id: string; cost: number }) => typeof o.id === 'string' && typeof o.cost === 'number')).toBe(true);
    const { available_shipping_options: _, ...consignment } = withOptions.consignments[0];
    expect({ ...withOptions, consignments: [consignment] }).toEqual(plain);
    // Every value upstream lists, plus one it does not, comma-separated.
    const all = await get('?include=cart.line_items.physical_items.options,consignments.available_shipping_options,promotions.banners,unknown.thing');
    expect(all).toEqual(withOptions);
    expect(await get('?include=cart.line_items.physical_items.options,promotions.banners,unknown.thing')).toEqual(plain);
  });

  it('PUT sets customer_message, increments version, and the cart sees the same version', async () => {
    const cart = await createCart();
    const response = await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'Please ring twice.', version: 1 });
    expect(response.statusCode, response.body).toBe(200);
    const checkout = response.json().data;
    expect(checkout.customer_message).toBe('Please ring twice.');
    expect(checkout.version).toBe(2);
    expect((await getCheckout(cart.id)).customer_message).toBe('Please ring twice.');
    expect((await t.api('GET', `/v3/carts/${cart.id}`)).json().data.version).toBe(2);
    const cleared = await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: '' });
    expect(cleared.json().data).toMatchObject({ customer_message: '', version: 3 });
  });

  it('PUT takes a customer_message of 2,000 characters and refuses 2,001 with 422, changing nothing', async () => {
    const cart = await createCart();
    const longest = 'é'.repeat(2000);
    const ok = await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: longest });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data.customer_message).toBe(longest);
    const before = await getCheckout(cart.id);
    const tooLong = await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'x'.repeat(2001) });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json()).toMatchObject({ status: 422, type: TYPE, errors: { customer_message: expect.any(String) } });
    expect(await getCheckout(cart.id)).toEqual(before);
  });

  it('POST billing-address sets it (with an id), and sets the cart email', async () => {
    const cart = await createCart();
    const response = await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...ADDRESS, version: 1 });
    expect(response.statusCode, response.body).toBe(200);
    const checkout = response.json().data;
    expect(checkout.version).toBe(2);
    const { id, ...fields } = checkout.billing_address;
    expect(id).toEqual(expect.any(String));
    expect(id.length).toBeGreaterThan(0);
    expect(fields).toEqual({ ...ADDRESS, country: 'United States' });
    expect(checkout.cart.email).toBe('ada@example.com');
    expect((await getCheckout(cart.id)).billing_address).toEqual(checkout.billing_address);
    // Posting again replaces the address and keeps its id, as upstream's POST does.
    const again = (await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...ADDRESS, city: 'Dallas' })).json().data;
    expect(again.billing_address).toEqual({ ...checkout.billing_address, city: 'Dallas' });
  });

  it('POST billing-address needs only email and country_code', async () => {
    const cart = await createCart();
    const response = await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { email: 'min@example.com', country_code: 'ca' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.billing_address).toMatchObject({ email: 'min@example.com', country_code: 'CA', country: 'Canada', first_name: '' });
  });

  it('PUT billing-address/{id} replaces the address under the same id; another id is 404 and changes nothing', async () => {
    const cart = await createCart();
    const posted = (await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, ADDRESS)).json().data;
    const addressId = posted.billing_address.id;
    const moved = { ...ADDRESS, address1: '2500 McKinney Ave', address2: '', city: 'Dallas', postal_code: '75201', custom_fields: [] };
    const response = await t.api('PUT', `/v3/checkouts/${cart.id}/billing-address/${addressId}`, { ...moved, version: posted.version });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.billing_address).toEqual({ id: addressId, ...moved, country: 'United States' });
    expect(response.json().data.version).toBe(posted.version + 1);

    const before = await getCheckout(cart.id);
    const wrong = await t.api('PUT', `/v3/checkouts/${cart.id}/billing-address/not-${addressId}`, ADDRESS);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toMatchObject({ status: 404, type: TYPE });
    expect(await getCheckout(cart.id)).toEqual(before);
  });

  it('PUT billing-address/{id} before any billing address exists is 404', async () => {
    const cart = await createCart();
    const response = await t.api('PUT', `/v3/checkouts/${cart.id}/billing-address/abc123`, ADDRESS);
    expect(response.statusCode).toBe(404);
    expect((await getCheckout(cart.id)).version).toBe(1);
  });

  it('POSTing the billing address again replaces it and keeps its id', async () => {
    const cart = await createCart();
    const first = (await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, ADDRESS)).json().data.billing_address;
    const second = (await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...ADDRESS, city: 'Round Rock' })).json().data.billing_address;
    expect(second.id).toBe(first.id);
    expect(second.city).toBe('Round Rock');
  });

  it('answers a stale version with 409 and upstream\'s body on every checkout write, changing nothing', async () => {
    const cart = await createCart();
    const posted = (await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, ADDRESS)).json().data;
    const addressId = posted.billing_address.id;
    const before = await getCheckout(cart.id);
    expect(before.version).toBe(2);
    const stale = [
      ['PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'late', version: 1 }],
      ['POST', `/v3/checkouts/${cart.id}/billing-address`, { ...ADDRESS, city: 'Late', version: 1 }],
      ['PUT', `/v3/checkouts/${cart.id}/billing-address/${addressId}`, { ...ADDRESS, city: 'Late', version: 1 }],
      ['PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'early', version: 3 }],
      ['PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'zero', version: 0 }],
    ] as const;
    for (const [method, path, body] of stale) {
      const response = await t.api(method, path, body);
      expect(response.statusCode, `${method} ${path} version ${body.version}`).toBe(409);
      expect(response.json()).toEqual(CONFLICT);
    }
    expect(await getCheckout(cart.id)).toEqual(before);
    // The current version is accepted.
    expect((await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'on time', version: 2 })).statusCode).toBe(200);
  });

  it('a version taken from the cart is the checkout\'s version too', async () => {
    const cart = await createCart();
    const added = (await t.api('POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 4, quantity: 1 }] })).json().data;
    expect(added.version).toBe(2);
    expect((await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'x', version: 1 })).statusCode).toBe(409);
    expect((await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'x', version: added.version })).statusCode).toBe(200);
  });

  it('writes without a version are never lost, even when sent at once', async () => {
    const cart = await createCart();
    const messages = Array.from({ length: 8 }, (_, i) => `message ${i}`);
    const responses = await Promise.all(messages.map((customer_message) => t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message })));
    expect(responses.map((r) => r.statusCode)).toEqual(messages.map(() => 200));
    expect(responses.map((r) => r.json().data.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await getCheckout(cart.id)).version).toBe(9);
  });
});
