import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { readFixture, seed } from '../../src/api/seed.js';
import { readConfig } from '../../src/config.js';
import { ensureDemoStore } from '../../src/demo.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS, openTestStore } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from './shopper.js';
import { checkResponses } from '../helpers/checked-responses.js';

/** The demo page and its order route serve the demo store only, and place orders with no credential. */
describe.each(STORE_KINDS)('the demo checkout on %s', (kind) => {
  let t: TestApp;
  let otherHost: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const { store: _store, ...fixture } = await readFixture(DEMO_FIXTURE);
    otherHost = `${(await seed(t.app.consign, fixture)).hash}.localhost:3000`;
  });
  afterAll(async () => t.close());

  /** A shopper at `host` whose checkout is ready to become an order. */
  const readyCheckout = async (host?: string) => {
    const shopper = new Shopper(t.app, host);
    const cart = await shopper.createCart();
    const base = `/api/storefront/checkouts/${cart.id}`;
    const consigned = await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }, { itemId: cart.mugs, quantity: 2 }] }]);
    const consignment = consigned.json().consignments[0];
    expect((await shopper.request('PUT', `${base}/consignments/${consignment.id}`, { shippingOptionId: consignment.availableShippingOptions[0].id })).statusCode).toBe(200);
    expect((await shopper.request('POST', `${base}/billing-address`, SF_AUSTIN)).statusCode).toBe(200);
    return { shopper, cartId: cart.id };
  };

  it('places the session\'s order on the demo store without creating any credential', async () => {
    const createToken = vi.spyOn(t.app.consign.accounts, 'createToken');
    const createAccount = vi.spyOn(t.app.consign.store, 'createApiAccount');
    try {
      const { shopper, cartId } = await readyCheckout();
      expect((await shopper.request('GET', '/demo/')).statusCode).toBe(200);
      // The page places it the SDK's way (submitOrder).
      const placed = await shopper.request('POST', '/internalapi/v1/checkout/order', { cartId, payment: { name: 'cod' } });
      expect(placed.statusCode, placed.body).toBe(200);
      const orderId = placed.json().data.order.orderId;
      expect(orderId).toBeGreaterThan(0);
      expect((await t.api('GET', `/v2/orders/${orderId}`)).json()).toMatchObject({ id: orderId, status: 'Awaiting Payment' });
      // Someone else's checkout is not found; the request needs the session's CSRF token.
      expect((await new Shopper(t.app).request('POST', '/internalapi/v1/checkout/order', { cartId, payment: { name: 'cod' } })).statusCode).toBe(404);
      expect((await shopper.request('POST', '/internalapi/v1/checkout/order', { cartId, payment: { name: 'cod' } }, { xsrf: null })).statusCode).toBe(403);
      expect(createToken).not.toHaveBeenCalled();
      expect(createAccount).not.toHaveBeenCalled();
    } finally {
      createToken.mockRestore();
      createAccount.mockRestore();
    }
  });

  it('serves no demo page and places no order for any other store', async () => {
    const { shopper, cartId } = await readyCheckout(otherHost);
    for (const path of ['/demo/', '/demo/app.js', '/demo/products.json', '/demo/checkout-sdk.js']) {
      const response = await shopper.request('GET', path);
      expect(response.statusCode, path).toBe(404);
      expect(response.json().title).toBe('The demo checkout is served only by the demo store.');
    }
    // Nor a demo order route: its shoppers place orders the SDK's way, as every store's do.
    expect((await shopper.request('POST', '/demo/orders', { checkoutId: cartId })).statusCode).toBe(404);
    expect((await shopper.request('GET', `/api/storefront/checkout/${cartId}`)).json().orderId).toBeNull();
    // Its hand-off links lead to its hosted checkout, not to a demo it does not have.
    const hash = otherHost.split('.')[0]!;
    const store = (await t.app.consign.accounts.findStore(hash))!;
    const token = await t.app.consign.accounts.createToken(store.id, ['store_cart']);
    const created = await t.api('POST', `/stores/${hash}/v3/carts?include=redirect_urls`, { line_items: [{ product_id: 1, quantity: 1 }] }, { token });
    const link = new URL(created.json().data.redirect_urls.checkout_url);
    const opened = await new Shopper(t.app, link.host).request('GET', link.pathname + link.search);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe('/checkout');
  });
});

describe.each(STORE_KINDS)('the demo store made on first start on %s', (kind) => {
  it('is marked as the demo, and is the one store serving /demo', async () => {
    const testStore = await openTestStore(kind);
    const app = checkResponses(await buildApp({ store: testStore.store }));
    try {
      const demo = await ensureDemoStore(app.consign, { ...readConfig({}), demoFixture: DEMO_FIXTURE });
      const record = (await app.consign.accounts.findStore(demo!.hash))!;
      expect((await app.consign.configs.get(record)).settings.demo).toBe(true);
      expect((await app.inject({ method: 'GET', url: '/demo/', headers: { host: `${demo!.hash}.localhost` } })).statusCode).toBe(200);
      const { store: _store, ...fixture } = await readFixture(DEMO_FIXTURE);
      const second = await seed(app.consign, fixture);
      expect((await app.consign.configs.get(second)).settings.demo).toBe(false);
      expect((await app.inject({ method: 'GET', url: '/demo/', headers: { host: `${second.hash}.localhost` } })).statusCode).toBe(404);
    } finally {
      await app.close();
      await testStore.destroy();
    }
  });
});
