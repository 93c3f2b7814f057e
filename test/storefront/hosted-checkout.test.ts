import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from './shopper.js';

const DEV_LOADER = 'http://127.0.0.1:8080/auto-loader-dev.js';

/** The `window.checkoutConfig` a hosted page sets, read back from its HTML. */
function checkoutConfigOf(html: string): Record<string, unknown> {
  const match = /<script nonce="[^"]+">window\.checkoutConfig = (.*?);<\/script>/.exec(html);
  expect(match, html).not.toBeNull();
  return JSON.parse(match![1]!);
}

/** The scripts a page loads by URL, with their attributes. */
function scriptTagsOf(html: string): string[] {
  return [...html.matchAll(/<script ([^>]*src="[^"]*"[^>]*)><\/script>/g)].map((m) => m[1]!);
}

/** Each store's hosted checkout and order-confirmation pages, and what checkout-js loads beside them. */
describe.each(STORE_KINDS)('the hosted checkout on %s', (kind) => {
  let t: TestApp;
  let otherHash: string;
  let otherHost: string;
  let otherToken: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const { store: _store, ...fixture } = await readFixture(DEMO_FIXTURE);
    otherHash = (await seed(t.app.consign, fixture)).hash;
    otherHost = `${otherHash}.localhost:3000`;
    otherToken = await t.tokenWith(['store_checkouts', 'store_cart'], otherHash);
  });
  afterAll(async () => t.close());

  const putSettings = async (body: object, hash = otherHash, token = otherToken) => {
    const response = await t.api('PUT', `/stores/${hash}/v3/checkouts/settings`, body, { token });
    expect(response.statusCode, response.body).toBe(200);
  };

  it('turns on guest multi-address shipping and adding addresses in it, in the SDK\'s checkout settings', async () => {
    const settings = (await new Shopper(t.app, otherHost).request('GET', '/api/storefront/checkout-settings')).json();
    expect(settings.storeConfig.checkoutSettings.features).toEqual({
      'CHECKOUT-9161.enable_storefront_guest_multi_shipping': true,
      'CHECKOUT-4726.add_address_in_multishipping_checkout': true,
    });
    expect(settings.storeConfig.checkoutSettings.hasMultiShippingEnabled).toBe(true);
    expect(settings.storeConfig.links).toMatchObject({
      checkoutLink: `http://${otherHost}/checkout`,
      orderConfirmationLink: `http://${otherHost}/checkout/order-confirmation`,
    });
  });

  it('answers GET /api/storefront/checkout-extensions with no extensions, as JSON', async () => {
    const shopper = new Shopper(t.app, otherHost);
    const response = await shopper.request('GET', '/api/storefront/checkout-extensions');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual([]);
    // With a session and a cart it is the same.
    await shopper.createCart();
    expect((await shopper.request('GET', '/api/storefront/checkout-extensions')).json()).toEqual([]);
  });

  it('serves the session\'s checkout with Consign\'s own checkout when the store sets no script', async () => {
    const shopper = new Shopper(t.app, otherHost);
    const cart = await shopper.createCart();
    const page = await shopper.request('GET', '/checkout');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<div id="checkout-app"></div>');
    expect(checkoutConfigOf(page.body)).toEqual({ containerId: 'checkout-app', checkoutId: cart.id, publicPath: '/checkout/assets/' });
    expect(scriptTagsOf(page.body)).toEqual(['type="module" src="/checkout/assets/app.js"']);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
    expect(csp).not.toContain('unsafe-eval');
    // Its files answer at the store's host.
    for (const file of ['app.js', 'style.css']) expect((await shopper.request('GET', `/checkout/assets/${file}`)).statusCode).toBe(200);
  });

  it('loads the store\'s custom checkout script, allowed by the page\'s Content-Security-Policy', async () => {
    await putSettings({ custom_checkout_script_url: DEV_LOADER });
    const shopper = new Shopper(t.app, otherHost);
    const cart = await shopper.createCart();
    const page = await shopper.request('GET', '/checkout');
    expect(checkoutConfigOf(page.body)).toEqual({ containerId: 'checkout-app', checkoutId: cart.id, publicPath: 'http://127.0.0.1:8080/' });
    expect(scriptTagsOf(page.body)).toEqual([`src="${DEV_LOADER}"`]);
    const csp = String(page.headers['content-security-policy']);
    // A dev server on this machine: its scripts, its eval-based source maps and its web socket.
    expect(csp).toMatch(/script-src 'self' http:\/\/127\.0\.0\.1:8080 'nonce-[^']+' 'unsafe-eval'/);
    expect(csp).toContain('connect-src \'self\' http://127.0.0.1:8080 ws://127.0.0.1:8080');

    // A script elsewhere, with its integrity: loaded with CORS, and no eval.
    const sri = 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC';
    await putSettings({ custom_checkout_script_url: 'https://cdn.example.com/checkout/v2/auto-loader.js', custom_checkout_sri_hash: sri });
    const cdn = await shopper.request('GET', '/checkout');
    expect(checkoutConfigOf(cdn.body).publicPath).toBe('https://cdn.example.com/checkout/v2/');
    expect(scriptTagsOf(cdn.body)).toEqual([`src="https://cdn.example.com/checkout/v2/auto-loader.js" integrity="${sri}" crossorigin="anonymous"`]);
    const cdnCsp = String(cdn.headers['content-security-policy']);
    expect(cdnCsp).toMatch(/script-src 'self' https:\/\/cdn\.example\.com 'nonce-[^']+'(;|$)/);
    expect(cdnCsp).not.toContain('ws://');

    // Another store's page is untouched by this store's setting.
    const own = await new Shopper(t.app).request('GET', '/checkout');
    expect(own.body).not.toContain('cdn.example.com');
    await putSettings({ custom_checkout_script_url: '', custom_checkout_sri_hash: '' });
  });

  it('keeps a script URL from ending its tag or the page\'s config, whatever it holds', async () => {
    await putSettings({ custom_checkout_script_url: 'https://cdn.example.com/a"b/</script><script>alert(1)</script>/x.js' });
    const shopper = new Shopper(t.app, otherHost);
    await shopper.createCart();
    const page = await shopper.request('GET', '/checkout');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(scriptTagsOf(page.body)).toEqual(['src="https://cdn.example.com/a&quot;b/&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;/x.js"']);
    expect(checkoutConfigOf(page.body).publicPath).toBe('https://cdn.example.com/a%22b/%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E/');
    await putSettings({ custom_checkout_script_url: '' });
  });

  it('says the cart is empty without a cart, and sends a checkout already ordered to its confirmation', async () => {
    const nobody = await new Shopper(t.app, otherHost).request('GET', '/checkout');
    expect(nobody.statusCode).toBe(200);
    expect(nobody.body).toContain('Your cart is empty.');
    expect(nobody.body).not.toContain('checkoutConfig');

    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const base = `/api/storefront/checkouts/${cart.id}`;
    const consigned = (await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }, { itemId: cart.mugs, quantity: 2 }] }])).json();
    const consignment = consigned.consignments[0];
    await shopper.request('PUT', `${base}/consignments/${consignment.id}`, { shippingOptionId: consignment.availableShippingOptions[0].id });
    await shopper.request('POST', `${base}/billing-address`, SF_AUSTIN);
    // An order waiting for its card keeps the checkout page: the card is tried again there.
    const waiting = await shopper.request('POST', '/internalapi/v1/checkout/order', { cartId: cart.id });
    expect(waiting.statusCode, waiting.body).toBe(200);
    expect(waiting.json().data.order.status).toBe('Incomplete');
    expect((await shopper.request('GET', '/checkout')).statusCode).toBe(200);
    const placed = await shopper.request('POST', '/internalapi/v1/checkout/order', { cartId: cart.id, payment: { name: 'cod' } });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json().data.order.status).toBe('Awaiting Payment');
    const orderId = placed.json().data.order.orderId as number;

    const again = await shopper.request('GET', '/checkout');
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/checkout/order-confirmation');
    const confirmation = await shopper.request('GET', '/checkout/order-confirmation');
    expect(confirmation.statusCode).toBe(200);
    expect(checkoutConfigOf(confirmation.body)).toEqual({ containerId: 'checkout-app', orderId, publicPath: '/checkout/assets/' });
    expect((await new Shopper(t.app).request('GET', '/checkout/order-confirmation')).statusCode).toBe(404);
    // What the confirmation's script reads next; an id beyond 32 bits is refused, never a 500.
    expect((await shopper.request('GET', `/api/storefront/orders/${orderId}`)).statusCode).toBe(200);
    expect((await shopper.request('GET', '/api/storefront/orders/2147483648')).statusCode).toBeLessThan(500);
  });

  it('loads the confirmation\'s own script, or the checkout script when told to, with orderId in the config', async () => {
    const shopper = new Shopper(t.app, otherHost);
    const page = async () => {
      const response = await shopper.request('GET', '/checkout/order-confirmation/42');
      expect(response.statusCode).toBe(200);
      return { config: checkoutConfigOf(response.body), scripts: scriptTagsOf(response.body) };
    };
    expect(await page()).toEqual({ config: { containerId: 'checkout-app', orderId: 42, publicPath: '/checkout/assets/' }, scripts: ['type="module" src="/checkout/assets/app.js"'] });

    await putSettings({ custom_checkout_script_url: DEV_LOADER, custom_order_confirmation_script_url: 'https://cdn.example.com/confirm/loader.js' });
    expect(await page()).toEqual({ config: { containerId: 'checkout-app', orderId: 42, publicPath: 'https://cdn.example.com/confirm/' }, scripts: ['src="https://cdn.example.com/confirm/loader.js"'] });

    await putSettings({ order_confirmation_use_custom_checkout_script: true });
    expect(await page()).toEqual({ config: { containerId: 'checkout-app', orderId: 42, publicPath: 'http://127.0.0.1:8080/' }, scripts: [`src="${DEV_LOADER}"`] });

    for (const bad of ['0', 'abc', '12345678901', '1;2']) {
      expect((await shopper.request('GET', `/checkout/order-confirmation/${bad}`)).statusCode, bad).toBeGreaterThanOrEqual(400);
    }
    await putSettings({ custom_checkout_script_url: '', order_confirmation_use_custom_checkout_script: false, custom_order_confirmation_script_url: '' });
  });
});
