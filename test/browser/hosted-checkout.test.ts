import { mkdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

const suite = chromiumAvailable || process.env.CI ? describe : describe.skip;

/**
 * A checkout developer's dev server, as checkout-js's `npm run dev` serves it: an
 * `auto-loader-dev.js` that reads `window.checkoutConfig` and loads the app's files from
 * `publicPath`. The app does what checkout-js does first: the SDK's loadCheckout beside
 * loadExtensions, with webpack's eval-based modules; then it tries a script from an origin the
 * store never named, which the page's Content-Security-Policy must block.
 */
const DEV_FILES: Record<string, string> = {
  '/auto-loader-dev.js': `(function () {
  var script = document.createElement('script');
  script.src = window.checkoutConfig.publicPath + 'checkout-app.js';
  document.head.appendChild(script);
})();`,
  '/checkout-app.js': `(async function () {
  const config = window.checkoutConfig;
  const load = (src) => new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src, onload: resolve, onerror: () => reject(new Error('blocked: ' + src)) });
    document.head.appendChild(script);
  });
  const report = {};
  document.addEventListener('securitypolicyviolation', (event) => { report.violation = event.blockedURI; });
  await load('/checkout/assets/checkout-sdk.js');
  const service = window.checkoutKit.createCheckoutService();
  const [state] = await Promise.all([service.loadCheckout(config.checkoutId), service.loadExtensions()]);
  report.checkoutId = state.data.getCheckout().id;
  report.extensions = service.getState().data.getExtensions();
  report.eval = eval('6 * 7');
  report.elsewhere = await load(config.elsewhere).then(() => 'loaded', (error) => error.message);
  document.getElementById(config.containerId).textContent = 'Loaded from the dev server: checkout ' + report.checkoutId;
  window.report = report;
  document.body.dataset.ready = 'true';
})();`,
};

suite.each(STORE_KINDS)('the hosted checkout page in Chromium, on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let devServer: Server;
  let devOrigin: string;
  let otherHash: string;
  let otherToken: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const { store: _store, ...fixture } = await readFixture(DEMO_FIXTURE);
    const other = await seed(t.app.consign, { ...fixture, store: { name: 'Second Shop' } } as typeof fixture);
    otherHash = other.hash;
    otherToken = await t.tokenWith(['store_checkouts'], otherHash);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    devServer = createServer((request, response) => {
      const body = DEV_FILES[request.url ?? ''];
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/javascript' }).end(body ?? '');
    });
    await new Promise<void>((resolve) => devServer.listen(0, '127.0.0.1', resolve));
    devOrigin = `http://127.0.0.1:${(devServer.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => devServer?.close(resolve));
    await t?.close();
  });

  /** The second store's storefront origin: every store answers at `{store_hash}.localhost`. */
  const storefront = () => base.replace('127.0.0.1', `${otherHash}.localhost`);

  /** A browser page holding a cart of the second store, at its storefront. */
  const shopperWithCart = async (): Promise<{ page: Page; cartId: string }> => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (error) => console.error(`[hosted] ${error.message}`));
    await page.goto(`${storefront()}/api/storefront/carts`);
    const cartId = await page.evaluate(async () => {
      const response = await fetch('/api/storefront/carts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lineItems: [{ productId: 1, quantity: 1 }, { productId: 4, quantity: 2 }] }) });
      return ((await response.json()) as { id: string }).id;
    });
    return { page, cartId };
  };

  const screenshot = async (page: Page, name: string) => {
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: `test-artifacts/${name}-${kind}.png`, fullPage: true });
  };

  it('renders Consign\'s own checkout for a store with no checkout script, and ships the cart to two addresses', async () => {
    const { page, cartId } = await shopperWithCart();
    await page.goto(`${storefront()}/checkout`);
    await page.waitForSelector('body[data-ready]');
    expect(await page.textContent('h1')).toBe('Checkout · Second Shop');
    expect(await page.textContent('#cart-summary')).toBe('In your cart: Orbit Desk Lamp ×1, Stoneware Mug ×2.');
    expect(await page.isHidden('#products')).toBe(true);
    await page.click('#ship');
    await page.waitForSelector('.consignment input[type=radio]');
    for (const id of await page.$$eval('.consignment', (all) => all.map((c) => c.getAttribute('data-consignment')))) {
      await page.locator(`.consignment[data-consignment="${id}"] input[type=radio]`).first().check();
    }
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('[data-total="shipping"]')!.textContent !== '$0.00');
    const checkout = (await t.api('GET', `/stores/${otherHash}/v3/checkouts/${cartId}`, undefined, { token: otherToken })).json().data;
    expect(checkout.consignments.map((c: { address: { city: string } }) => c.address.city)).toEqual(['Austin', 'Portland']);
    expect(checkout.consignments.every((c: { selected_shipping_option?: unknown }) => c.selected_shipping_option)).toBe(true);
    expect(await page.textContent('#status')).toBe('');
    await screenshot(page, 'hosted-own-checkout');
    await page.close();
  });

  it('pays through hosted card fields on Consign\'s own checkout, under the page\'s policy, and shows the confirmation', async () => {
    const contact = await t.api('PUT', `/stores/${otherHash}/v3/storefront/settings`, { order_email: 'help@second.example', phone: '512 555 0199' }, { token: await t.tokenWith(['store_v2_information'], otherHash) });
    expect(contact.statusCode, contact.body).toBe(200);
    const { page } = await shopperWithCart();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(`${storefront()}/checkout`);
    await page.waitForSelector('body[data-ready]');
    await page.click('#ship');
    await page.waitForSelector('.consignment input[type=radio]');
    for (const id of await page.$$eval('.consignment', (all) => all.map((c) => c.getAttribute('data-consignment')))) {
      await page.locator(`.consignment[data-consignment="${id}"] input[type=radio]`).first().check();
    }
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.consignment:not(:has(input:checked))') === null);
    await page.check('#payment-methods input[value="hostedtestgateway"]');
    const type = async (field: string, text: string) => {
      const input = page.frameLocator(`#hosted-card-${field} iframe`).locator('input:not([tabindex="-1"])');
      await input.waitFor();
      await input.pressSequentially(text);
    };
    await type('number', '4111 1111 1111 1111');
    await type('expiry', '12 / 30');
    await type('code', '123');
    await type('name', 'Ada Lovelace');
    await page.click('#place-order');
    await page.waitForURL(/\/checkout\/order-confirmation$/);
    await page.waitForSelector('body[data-ready]');
    expect(await page.textContent('#confirmation')).toMatch(/^Your order number is \d+\./);
    // Whom to ask: the store's order email and phone, from the checkout settings' store profile.
    expect(await page.textContent('#store-contact')).toBe('Questions about your order? Email us at help@second.example or call us at 512 555 0199.');
    const orderId = Number(/\d+/.exec((await page.textContent('#confirmation'))!)![0]);
    const order = (await t.api('GET', `/stores/${otherHash}/v2/orders/${orderId}`, undefined, { token: await t.tokenWith(['store_v2_orders_read_only'], otherHash) })).json();
    expect(order).toMatchObject({ status: 'Awaiting Fulfillment', payment_status: 'captured' });
    expect(refused).toEqual([]);
    await screenshot(page, 'hosted-own-checkout-confirmation');
    await page.close();
  });

  it('loads the store\'s custom checkout script from a dev server, which runs loadCheckout and loadExtensions under the page\'s CSP', async () => {
    const put = await t.api('PUT', `/stores/${otherHash}/v3/checkouts/settings`, { custom_checkout_script_url: `${devOrigin}/auto-loader-dev.js` }, { token: otherToken });
    expect(put.statusCode, put.body).toBe(200);
    const { page, cartId } = await shopperWithCart();
    // What the dev server's app will try beyond its own origin: the same server by another name.
    await page.addInitScript((elsewhere) => {
      const w = globalThis as unknown as { checkoutConfig?: object };
      let config: object | undefined;
      Object.defineProperty(w, 'checkoutConfig', { configurable: true, get: () => config, set: (value: object) => (config = { ...value, elsewhere }) });
    }, `${devOrigin.replace('127.0.0.1', 'localhost')}/auto-loader-dev.js`);
    await page.goto(`${storefront()}/checkout`);
    await page.waitForSelector('body[data-ready]', { timeout: 15_000 });
    const report = await page.evaluate(() => (globalThis as unknown as { report: Record<string, unknown> }).report);
    expect(report).toMatchObject({ checkoutId: cartId, extensions: [], eval: 42 });
    expect(report.elsewhere).toMatch(/^blocked: /);
    expect(String(report.violation)).toContain('localhost');
    expect(await page.textContent('#checkout-app')).toBe(`Loaded from the dev server: checkout ${cartId}`);
    await screenshot(page, 'hosted-custom-script');
    await t.api('PUT', `/stores/${otherHash}/v3/checkouts/settings`, { custom_checkout_script_url: '' }, { token: otherToken });
    await page.close();
  });
});
