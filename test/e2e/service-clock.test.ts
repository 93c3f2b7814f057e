import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, PORTLAND } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { Shopper } from '../storefront/shopper.js';

/**
 * Every time the service stamps comes from its clock (AppOptions.now), never the machine's: here a
 * clock years away from today, so that a stamp taken anywhere else shows.
 */
describe.each(STORE_KINDS)("the service's clock on %s", (kind) => {
  let t: TestApp;
  let now = Date.parse('2031-07-04T09:30:00Z');
  beforeAll(async () => {
    t = await createTestApp(kind, { now: () => now });
  });
  afterAll(async () => t.close());

  it('stamps the cart that removing its last line left behind, on the cart and the checkout path', async () => {
    const shopper = new Shopper(t.app);
    for (const base of ['/api/storefront', '/api/storefront/checkouts/{id}']) {
      const cart = await shopper.createCart();
      const path = `${base.replace('{id}', cart.id)}/carts/${cart.id}/items`;
      expect((await shopper.request('DELETE', `${path}/${cart.mugs}`)).statusCode).toBe(200);
      now += 60_000;
      const last = await shopper.request('DELETE', `${path}/${cart.lamp}`);
      expect(last.statusCode, last.body).toBe(200);
      const emptied = base === '/api/storefront' ? last.json() : last.json().cart;
      expect(emptied).toMatchObject({ id: cart.id, updatedTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, '+00:00'), lineItems: { physicalItems: [] } });
    }
  });

  it('dates an order by the clock', async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data;
    const consigned = await t.api('POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [
      { address: AUSTIN, line_items: [{ item_id: cart.line_items.physical_items[0].id, quantity: 1 }] },
    ]);
    const consignment = consigned.json().data.consignments[0];
    await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: consignment.available_shipping_options[0].id });
    await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...PORTLAND, phone: '5035550100' });
    now += 60_000;
    const placed = await t.api('POST', `/v3/checkouts/${cart.id}/orders`);
    expect(placed.statusCode, placed.body).toBe(200);
    const order = await t.api('GET', `/v2/orders/${placed.json().data.id}`);
    expect(order.json().date_created).toBe(new Date(now).toUTCString().replace(/GMT$/, '+0000'));
  });
});
