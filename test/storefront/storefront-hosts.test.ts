import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { ALL_SCOPES } from '../../src/domain/scopes.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { Shopper } from './shopper.js';

/**
 * Every store answers at `{store_hash}.localhost` with no setup, and redirect_urls lead there
 * unless the store claims a host of its own; hosts and allowed origins can be changed on a store
 * that exists (docs/storefront.md).
 */
describe.each(STORE_KINDS)('storefront hosts of every store on %s', (kind) => {
  let t: TestApp;
  let hash: string;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    // A second store, made with no storefront setup at all.
    const { store: _store, ...fixture } = await readFixture(DEMO_FIXTURE);
    const record = await seed(t.app.consign, fixture);
    hash = record.hash;
    token = await t.app.consign.accounts.createToken(record.id, ALL_SCOPES);
  });
  afterAll(async () => t.close());

  const api = (method: string, path: string, body?: unknown, as = token) => t.api(method, `/stores/${hash}${path}`, body, { token: as, headers: { host: 'api.consign.test:3000' } });
  const newCart = async () => (await api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data.id as string;
  const pathOf = (url: string) => {
    const parsed = new URL(url);
    return { host: parsed.host, path: parsed.pathname + parsed.search };
  };

  it('answers at {store_hash}.localhost, and redirect_urls lead there when the store has no host', async () => {
    const cartId = await newCart();
    const urls = (await api('POST', `/v3/carts/${cartId}/redirect_urls`)).json().data;
    const link = pathOf(urls.checkout_url);
    expect(link.host).toBe(`${hash}.localhost:3000`);
    expect(urls.checkout_url.startsWith(`http://${hash}.localhost:3000/cart.php?action=loadInCheckout&id=${cartId}&token=`)).toBe(true);

    // Opened at the API's host (the default store), the link is refused and not spent.
    expect((await new Shopper(t.app, 'api.consign.test:3000').request('GET', link.path)).statusCode).toBe(404);
    const browser = new Shopper(t.app, link.host);
    // Every store has a hosted checkout page: the link leads there.
    const opened = await browser.request('GET', link.path);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe('/checkout');
    expect((await browser.request('GET', '/api/storefront/carts')).json().map((c: { id: string }) => c.id)).toEqual([cartId]);
    const settings = (await browser.request('GET', '/api/storefront/checkout-settings')).json();
    expect(settings.storeConfig.storeProfile.storeHash).toBe(hash);
    expect(settings.context.checkoutId).toBe(cartId);
  });

  it('makes the links with the cart on POST /v3/carts?include=redirect_urls, as upstream', async () => {
    const created = await api('POST', '/v3/carts?include=redirect_urls', { line_items: [{ product_id: 1, quantity: 1 }] });
    expect(created.statusCode, created.body).toBe(201);
    const { id, redirect_urls: urls } = created.json().data;
    expect(Object.keys(urls).sort()).toEqual(['cart_url', 'checkout_url', 'embedded_checkout_url']);
    const link = pathOf(urls.cart_url);
    expect((await new Shopper(t.app, link.host).request('GET', link.path)).statusCode).toBe(303);
    // Without the include there are none.
    expect((await api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data.redirect_urls).toBeUndefined();
    expect(id).toBeTruthy();
  });

  it('changes the hosts and allowed origins of an existing store, and refuses another store\'s host', async () => {
    const initial = await api('GET', '/v3/storefront/settings');
    expect(initial.statusCode, initial.body).toBe(200);
    expect(initial.json().data).toEqual({ storefront_hosts: [], storefront_origins: [], default_host: `${hash}.localhost`, order_email: '', phone: '' });

    const changed = await api('PUT', '/v3/storefront/settings', { storefront_hosts: ['Shop-Two.localhost'], storefront_origins: ['https://shop-two.example/'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().data).toMatchObject({ storefront_hosts: ['shop-two.localhost'], storefront_origins: ['https://shop-two.example'] });

    // The new host selects the store at once, links use it, and the new origin may call.
    const cartId = await newCart();
    const link = pathOf((await api('POST', `/v3/carts/${cartId}/redirect_urls`)).json().data.checkout_url);
    expect(link.host).toBe('shop-two.localhost:3000');
    const shopper = new Shopper(t.app, 'shop-two.localhost');
    expect((await shopper.request('GET', '/api/storefront/checkout-settings')).json().storeConfig.storeProfile.storeHash).toBe(hash);
    // A fully qualified name (a trailing dot), in any case, is the same host: claimed or automatic.
    for (const host of ['Shop-Two.LocalHost.:3000', `${hash}.localhost.`]) {
      expect((await new Shopper(t.app, host).request('GET', '/api/storefront/checkout-settings')).json().storeConfig.storeProfile.storeHash).toBe(hash);
    }
    const cors = await shopper.request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] }, { headers: { origin: 'https://shop-two.example' } });
    expect(cors.statusCode, cors.body).toBe(200);
    expect(cors.headers['access-control-allow-origin']).toBe('https://shop-two.example');
    // Only what is sent changes.
    expect((await api('PUT', '/v3/storefront/settings', { storefront_origins: [] })).json().data.storefront_hosts).toEqual(['shop-two.localhost']);

    // Another store's host, claimed or automatic, is refused, and nothing changes.
    const demoHosts = await t.api('PUT', '/v3/storefront/settings', { storefront_hosts: ['demo-shop.localhost'] });
    expect(demoHosts.statusCode, demoHosts.body).toBe(200);
    for (const host of ['demo-shop.localhost', `${t.hash}.localhost`]) {
      const refused = await api('PUT', '/v3/storefront/settings', { storefront_hosts: ['fine.localhost', host] });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors).toEqual({ 'storefront_hosts.1': 'claimed by another store' });
    }
    expect((await api('GET', '/v3/storefront/settings')).json().data.storefront_hosts).toEqual(['shop-two.localhost']);
    expect((await api('PUT', '/v3/storefront/settings', { storefront_hosts: ['not a host'] })).statusCode).toBe(422);

    // Reading needs a settings scope; changing needs the write scope.
    const store = (await t.app.consign.accounts.findStore(hash))!;
    const readOnly = await t.app.consign.accounts.createToken(store.id, ['store_v2_information_read_only']);
    expect((await api('GET', '/v3/storefront/settings', undefined, readOnly)).statusCode).toBe(200);
    expect((await api('PUT', '/v3/storefront/settings', { storefront_origins: [] }, readOnly)).statusCode).toBe(403);
  });

  it('loses neither of two settings changed at the same time', async () => {
    for (let round = 0; round < 5; round++) {
      const origin = `https://round-${round}.example`;
      const show = round % 2 === 0;
      const [a, b] = await Promise.all([
        api('PUT', '/v3/storefront/settings', { storefront_origins: [origin] }),
        api('PUT', '/v3/tax/settings', { show_prices_including_tax: show }),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect((await api('GET', '/v3/storefront/settings')).json().data.storefront_origins).toEqual([origin]);
      expect((await api('GET', '/v3/tax/settings')).json().data.show_prices_including_tax).toBe(show);
    }
  });

  it('gives a host to one store only, when two stores claim it at the same time', async () => {
    for (let round = 0; round < 10; round++) {
      const host = `race-${round}.localhost`;
      const answers = await Promise.all(
        [0, 1, 2, 3].map((i) => (i % 2 === 0 ? t.api : api)('PUT', '/v3/storefront/settings', { storefront_hosts: [host] })),
      );
      for (const answer of answers) expect([200, 422], answer.body).toContain(answer.statusCode);
      const claims = await Promise.all([t.api('GET', '/v3/storefront/settings'), api('GET', '/v3/storefront/settings')]);
      expect(claims.filter((c) => c.json().data.storefront_hosts.includes(host))).toHaveLength(1);
    }
  });
});
