import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { ALL_SCOPES } from '../../src/domain/scopes.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from './shopper.js';

const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

describe.each(STORE_KINDS)('storefront sessions and safety on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  it('creates a cart without a token, answers JSON whatever Accept says, and sets an HttpOnly session cookie and a readable XSRF-TOKEN', async () => {
    const shopper = new Shopper(t.app);
    const response = await shopper.request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] as string[]);
    const session = cookies.find((c) => c.startsWith('SHOP_SESSION_TOKEN='))!;
    const xsrf = cookies.find((c) => c.startsWith('XSRF-TOKEN='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(xsrf).not.toMatch(/HttpOnly/);
    const cart = response.json();
    expect(cart).toMatchObject({ customerId: 0, currency: { code: 'USD', decimalPlaces: 2 }, baseAmount: 49, cartAmount: 49, version: 1 });
    expect(cart.lineItems.physicalItems[0]).toMatchObject({ productId: 1, quantity: 1, listPrice: 49, isShippingRequired: true });
  });

  it('GET /carts returns an array: the session\'s cart, and nothing for anyone else', async () => {
    const ada = new Shopper(t.app);
    const cart = await ada.createCart();
    const mine = await ada.request('GET', '/api/storefront/carts');
    expect(mine.json().map((c: { id: string }) => c.id)).toEqual([cart.id]);
    const stranger = await new Shopper(t.app).request('GET', '/api/storefront/carts');
    expect(stranger.statusCode).toBe(200);
    expect(stranger.json()).toEqual([]);
  });

  it('answers a cart id that is not the session\'s exactly as one that does not exist, and changes nothing', async () => {
    const ada = new Shopper(t.app);
    const cart = await ada.createCart();
    const eve = new Shopper(t.app);
    await eve.createCart();
    const foreign = await eve.request('GET', `/api/storefront/checkouts/${cart.id}`);
    const missing = await eve.request('GET', '/api/storefront/checkouts/00000000-0000-4000-8000-000000000000');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    expect(foreign.json()).toEqual({ errors: [{ status: 404, title: 'Checkout not found.', type: ERROR_TYPE, detail: 'Checkout not found.' }] });
    // The singular path the SDK uses, and every change, are refused the same way.
    expect((await eve.request('GET', `/api/storefront/checkout/${cart.id}`)).statusCode).toBe(404);
    expect((await eve.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }])).statusCode).toBe(404);
    expect((await eve.request('PUT', `/api/storefront/checkouts/${cart.id}`, { customerMessage: 'hi' })).statusCode).toBe(404);
    expect((await eve.request('POST', `/api/storefront/carts/${cart.id}/items`, { lineItems: [{ productId: 1, quantity: 1 }] })).statusCode).toBe(404);
    expect((await eve.request('DELETE', `/api/storefront/carts/${cart.id}`)).statusCode).toBe(404);
    // A request with no session at all learns nothing either.
    expect((await new Shopper(t.app).request('GET', `/api/storefront/checkouts/${cart.id}`)).json()).toEqual(missing.json());
    const still = await ada.request('GET', `/api/storefront/checkouts/${cart.id}`);
    expect(still.json()).toMatchObject({ version: cart.version, customerMessage: '', consignments: [] });
  });

  it('refuses a change that carries the session cookie without the right X-XSRF-TOKEN, in the storefront\'s error shape', async () => {
    const ada = new Shopper(t.app);
    const cart = await ada.createCart();
    const path = `/api/storefront/checkouts/${cart.id}`;
    for (const xsrf of [null, 'not-the-token']) {
      const response = await ada.request('PUT', path, { customerMessage: 'leave at the door' }, { xsrf });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ status: 403, title: 'The X-XSRF-TOKEN header is missing or does not match this session.', type: ERROR_TYPE, detail: 'The X-XSRF-TOKEN header is missing or does not match this session.' });
    }
    // Even creating a cart: a request with a session cookie has a session to misuse.
    expect((await ada.request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] }, { xsrf: null })).statusCode).toBe(403);
    // Another session's token is no good either.
    const eve = new Shopper(t.app);
    await eve.createCart();
    expect((await ada.request('PUT', path, { customerMessage: 'x' }, { xsrf: eve.cookies.get('XSRF-TOKEN')! })).statusCode).toBe(403);
    // Reads need no token; the right token lets the change through.
    expect((await ada.request('GET', path, undefined, { xsrf: null })).statusCode).toBe(200);
    const ok = await ada.request('PUT', path, { customerMessage: 'leave at the door' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().customerMessage).toBe('leave at the door');
  });

  it('hands a server-made cart to a browser through redirect_urls, once', async () => {
    const created = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] });
    const cartId = created.json().data.id as string;
    const urls = await t.api('POST', `/v3/carts/${cartId}/redirect_urls`, { query_params: { utm_source: 'email' } });
    expect(urls.statusCode, urls.body).toBe(201);
    const { cart_url, checkout_url, embedded_checkout_url } = urls.json().data;
    expect(checkout_url).toMatch(new RegExp(`/cart\\.php\\?action=loadInCheckout&id=${cartId}&token=[\\w-]+&utm_source=email$`));
    expect(cart_url).toContain('action=load&');
    expect(embedded_checkout_url).toContain('embedded=1');

    const browser = new Shopper(t.app);
    const url = new URL(checkout_url);
    const opened = await browser.request('GET', url.pathname + url.search);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe('/checkout?utm_source=email');
    expect(browser.cookies.has('SHOP_SESSION_TOKEN')).toBe(true);
    const carts = await browser.request('GET', '/api/storefront/carts');
    expect(carts.json().map((c: { id: string }) => c.id)).toEqual([cartId]);
    expect((await browser.request('GET', `/api/storefront/checkout/${cartId}`)).statusCode).toBe(200);

    // Single use: the same link does nothing for anyone else.
    const late = new Shopper(t.app);
    expect((await late.request('GET', url.pathname + url.search)).statusCode).toBe(404);
    expect((await late.request('GET', '/api/storefront/carts')).json()).toEqual([]);
    // And needs the token of a live cart of this store.
    expect((await t.api('POST', '/v3/carts/00000000-0000-4000-8000-000000000000/redirect_urls', {})).statusCode).toBe(404);
    // The body is optional, as upstream's.
    const bare = await t.api('POST', `/v3/carts/${cartId}/redirect_urls`);
    expect(bare.statusCode, bare.body).toBe(201);
    expect(bare.json().data.checkout_url).toMatch(/token=[\w-]+$/);
    expect((await t.api('POST', `/v3/carts/${cartId}/redirect_urls`, { query_params: ['x'] })).statusCode).toBe(422);
  });

  it('answers a hand-off link whose id cannot be a cart (a NUL byte) as an expired one, and spends nothing', async () => {
    const cartId = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data.id as string;
    const link = new URL((await t.api('POST', `/v3/carts/${cartId}/redirect_urls`)).json().data.cart_url);
    const token = link.searchParams.get('token')!;
    const browser = new Shopper(t.app);
    for (const id of ['%00', `${cartId}%00`, '%ED%A0%80']) {
      const opened = await browser.request('GET', `/cart.php?action=load&id=${id}&token=${token}`);
      expect(opened.statusCode, opened.body).toBe(404);
      expect(opened.body).toContain('Link expired');
    }
    expect((await browser.request('GET', link.pathname + link.search)).statusCode).toBe(303);
    expect((await browser.request('GET', '/api/storefront/carts')).json().map((c: { id: string }) => c.id)).toEqual([cartId]);
  });

  it('selects the store by host name, and keeps each store\'s sessions apart', async () => {
    const fixture = await readFixture(DEMO_FIXTURE);
    const other = await seed(t.app.consign, { ...fixture, store: { ...fixture.store, name: 'Shop B', storefront_hosts: ['shop-b.localhost'] } });
    t.app.consign.storefronts.invalidate();
    const token = await t.app.consign.accounts.createToken(other.id, ALL_SCOPES);

    const shopper = new Shopper(t.app, 'shop-b.localhost:3000');
    const cart = await shopper.createCart();
    // The cart is store B's: its server-to-server API sees it, the default store's does not.
    expect((await t.api('GET', `/stores/${other.hash}/v3/carts/${cart.id}`, undefined, { token })).statusCode).toBe(200);
    expect((await t.api('GET', `/v3/carts/${cart.id}`)).statusCode).toBe(404);
    const settings = await shopper.request('GET', '/api/storefront/checkout-settings');
    expect(settings.json().storeConfig.storeProfile).toMatchObject({ storeHash: other.hash, storeName: 'Shop B' });
    // The same browser at the default store's host has no cart there, even carrying store B's cookie.
    expect((await shopper.request('GET', '/api/storefront/carts', undefined, { host: 'consign.test' })).json()).toEqual([]);
    expect((await shopper.request('GET', '/api/storefront/carts', undefined, { host: 'consign.test', cookiesOf: 'shop-b.localhost' })).json()).toEqual([]);
    expect((await shopper.request('GET', '/api/storefront/carts')).json()).toHaveLength(1);
  });

  it('is same-origin by default and lets a store allow other storefront origins (CORS with credentials)', async () => {
    const fixture = await readFixture(DEMO_FIXTURE);
    await seed(t.app.consign, { ...fixture, store: { ...fixture.store, storefront_hosts: ['api.shop-c.localhost'], storefront_origins: ['https://shop-c.localhost'] } });
    t.app.consign.storefronts.invalidate();
    const host = 'api.shop-c.localhost';
    const preflight = (origin: string) =>
      t.app.inject({ method: 'OPTIONS', url: '/api/storefront/carts', headers: { host, origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-xsrf-token' } });
    const allowed = await preflight('https://shop-c.localhost');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop-c.localhost');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    expect(allowed.headers['access-control-allow-headers']).toBe('content-type,x-xsrf-token');
    expect((await preflight('https://evil.example')).statusCode).toBe(403);

    const shopper = new Shopper(t.app, host);
    const created = await shopper.request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] }, { headers: { origin: 'https://shop-c.localhost' } });
    expect(created.statusCode).toBe(200);
    expect(created.headers['access-control-allow-origin']).toBe('https://shop-c.localhost');
    // A cross-origin page cannot read the API's cookies; it gets the CSRF token in a header it may read.
    expect(created.headers['x-xsrf-token']).toBe(decodeURIComponent(shopper.cookies.get('XSRF-TOKEN')!));
    const refused = await new Shopper(t.app, host).request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] }, { headers: { origin: 'https://evil.example' } });
    expect(refused.statusCode).toBe(403);
    // The default store allows no other origin: a cross-origin read gets no CORS headers, a change is refused.
    const read = await t.app.inject({ method: 'GET', url: '/api/storefront/carts', headers: { host: 'consign.test', origin: 'https://shop-c.localhost' } });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    const write = await new Shopper(t.app).request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] }, { headers: { origin: 'https://shop-c.localhost' } });
    expect(write.statusCode).toBe(403);
    // Same origin (Origin matches Host) is always fine.
    const same = await new Shopper(t.app).request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] }, { headers: { origin: 'http://consign.test' } });
    expect(same.statusCode).toBe(200);
  });
});
