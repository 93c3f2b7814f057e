import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from './shopper.js';

const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

/**
 * The domain names fields in snake_case; the storefront's errors name them as the storefront
 * spells them, in the storefront's shape `{status, title, type, detail}`: the checkout SDK reads
 * `detail`, and fails outright on a v3 `errors` object.
 */
describe.each(STORE_KINDS)('storefront errors in camelCase on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  it('answers an id that cannot exist, however long, as one that does not: 404', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    for (const id of ['x'.repeat(65), 'x'.repeat(5000)]) {
      for (const [method, path] of [
        ['GET', `/api/storefront/checkout/${id}`],
        ['GET', `/api/storefront/checkouts/${id}`],
        ['DELETE', `/api/storefront/carts/${id}`],
        ['DELETE', `/api/storefront/carts/${cart.id}/items/${id}`],
        ['DELETE', `/api/storefront/checkouts/${cart.id}/coupons/${id}`],
      ] as const) {
        const response = await shopper.request(method, path);
        expect(response.statusCode, `${method} ${path.slice(0, 60)}`).toBe(404);
      }
    }
  });

  it('names a missing list of items as the request spells it', async () => {
    const response = await new Shopper(t.app).request('POST', '/api/storefront/carts', {});
    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ status: 422, title: 'Missing lineItems in request body', type: ERROR_TYPE, detail: 'Missing lineItems in request body' });
  });

  it('names nested fields of consignments, options and coupons in camelCase, and leaves what the shopper typed alone', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const base = `/api/storefront/checkouts/${cart.id}`;
    const unknownItem = await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: 'no_such_item', quantity: 1 }] }]);
    expect(unknownItem.statusCode).toBe(422);
    expect(unknownItem.json()).toEqual({
      status: 422,
      title: 'Line item no_such_item is not a physical item of this cart.',
      type: ERROR_TYPE,
      detail: 'Line item no_such_item is not a physical item of this cart. (0.lineItems.0.itemId: not a physical item of this cart)',
    });

    const created = (await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }])).json();
    const badOption = await shopper.request('PUT', `${base}/consignments/${created.consignments[0].id}`, { shippingOptionId: 'nope' });
    expect(badOption.statusCode).toBe(422);
    expect(badOption.json().detail).toBe("The shipping option 'nope' is not available for this consignment. (shippingOptionId: not one of the available shipping options)");

    const coupon = await shopper.request('POST', `${base}/coupons`, { couponCode: 'no_such_code' });
    expect(coupon.statusCode).toBe(422);
    expect(coupon.json()).toMatchObject({ title: "The coupon code 'no_such_code' is not valid.", detail: "The coupon code 'no_such_code' is not valid. (couponCode: not valid)" });

    const message = await shopper.request('PUT', base, { customerMessage: 'x'.repeat(2001) });
    expect(message.statusCode).toBe(422);
    expect(message.json().detail).toMatch(/^Invalid customerMessage: /);
    // The server-to-server dialect keeps its own spelling.
    const mgmt = await t.api('POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'no_such_code' });
    expect(mgmt.json().errors).toEqual({ coupon_code: 'not valid' });
  });
});
