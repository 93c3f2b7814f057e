import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from './shopper.js';

/** The end of a cart, as the shopper's browser sees it: removing items, deleting it, and what the SDK is told afterwards. */
describe.each(STORE_KINDS)('a storefront cart\'s end on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const settingsOf = async (shopper: Shopper) => (await shopper.request('GET', '/api/storefront/checkout-settings')).json().context;

  it('answers 200 with the emptied cart when its last item goes, and then forgets it everywhere', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    await shopper.request('DELETE', `/api/storefront/carts/${cart.id}/items/${cart.mugs}`);
    const last = await shopper.request('DELETE', `/api/storefront/carts/${cart.id}/items/${cart.lamp}`);
    expect(last.statusCode, last.body).toBe(200);
    expect(last.json()).toMatchObject({ id: cart.id, version: cart.version + 2, baseAmount: 0, cartAmount: 0, lineItems: { physicalItems: [], digitalItems: [] } });
    expect((await shopper.request('GET', '/api/storefront/carts')).json()).toEqual([]);
    expect((await shopper.request('GET', `/api/storefront/checkout/${cart.id}`)).statusCode).toBe(404);
    // The SDK's loadDefaultCheckout() must not be sent to a cart that is gone.
    expect(await settingsOf(shopper)).not.toHaveProperty('checkoutId');
  });

  it('answers 200 with the emptied checkout on the checkout path, consignments and all gone', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const base = `/api/storefront/checkouts/${cart.id}`;
    await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }, { itemId: cart.mugs, quantity: 2 }] }]);
    await shopper.request('DELETE', `${base}/carts/${cart.id}/items/${cart.mugs}`);
    const last = await shopper.request('DELETE', `${base}/carts/${cart.id}/items/${cart.lamp}`);
    expect(last.statusCode, last.body).toBe(200);
    expect(last.json()).toMatchObject({ id: cart.id, consignments: [], grandTotal: 0, cart: { lineItems: { physicalItems: [] } } });
    expect((await shopper.request('GET', base)).statusCode).toBe(404);
  });

  it('lets the owner delete the cart (with the CSRF token only), after which the SDK is told of no checkout', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    expect((await settingsOf(shopper)).checkoutId).toBe(cart.id);
    for (const path of [`/api/storefront/carts/${cart.id}`, `/api/storefront/carts/${cart.id}/items/${cart.lamp}`, `/api/storefront/checkouts/${cart.id}/carts/${cart.id}/items/${cart.lamp}`]) {
      const refused = await shopper.request('DELETE', path, undefined, { xsrf: null });
      expect(refused.statusCode, path).toBe(403);
    }
    expect((await shopper.request('GET', `/api/storefront/checkout/${cart.id}`)).json().cart.lineItems.physicalItems).toHaveLength(2);

    const deleted = await shopper.request('DELETE', `/api/storefront/carts/${cart.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await shopper.request('GET', '/api/storefront/carts')).json()).toEqual([]);
    expect((await shopper.request('GET', `/api/storefront/checkout/${cart.id}`)).statusCode).toBe(404);
    expect(await settingsOf(shopper)).not.toHaveProperty('checkoutId');
    expect((await t.api('GET', `/v3/carts/${cart.id}`)).statusCode).toBe(404);
  });

  it('updates the checkout at the singular path the SDK uses, as at the plural one', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const singular = await shopper.request('PUT', `/api/storefront/checkout/${cart.id}`, { customerMessage: 'ring twice' });
    expect(singular.statusCode, singular.body).toBe(200);
    expect(singular.json()).toMatchObject({ customerMessage: 'ring twice', version: cart.version + 1 });
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.customer_message).toBe('ring twice');
  });
});
