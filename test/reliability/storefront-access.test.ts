import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, SF_DALLAS, Shopper } from '../storefront/shopper.js';

/**
 * Issue 8, item 5, the storefront half of the access matrix (test/e2e/access.test.ts holds the
 * server-to-server half): every route of the router outside /stores (the storefront API, the
 * cart hand-off page, the demo page's order), and every way of reaching a checkout that is not the
 * session's own. Storefront access is limited to the session's own checkout: another session, no
 * session, a server-to-server token, the same session at another store's host, all get exactly
 * what an id that does not exist gets, and change nothing. A change that carries the session
 * cookie without its X-XSRF-TOKEN gets 403. A route in neither matrix must be in EXEMPT, with
 * the reason it needs no access check, or the first test fails.
 */

/** Routes that serve no shopper's or store's private data, and why; every other route is in a matrix. */
const EXEMPT: Record<string, string> = {
  'GET /': 'the landing page: links to the other pages; no store data',
  'GET /health': 'a liveness probe; no data',
  'GET /openapi.json': 'the public description of the API',
  'GET /docs': 'the API reference page',
  'GET /docs/json': 'the API reference page: the OpenAPI document again',
  'GET /docs/yaml': 'the API reference page: the OpenAPI document again',
  'GET /docs/static/index.html': "the API reference page's files",
  'GET /docs/static/swagger-initializer.js': "the API reference page's files",
  'GET /docs/static/*': "the API reference page's files",
  'GET /demo': "the demo page's static files; no store data",
  'GET /demo/app.js': "the demo page's static files; no store data",
  'GET /demo/style.css': "the demo page's static files; no store data",
  'GET /demo/markup.js': "the demo page's static files; no store data",
  'GET /demo/checkout-sdk.js': "BigCommerce's published checkout SDK bundle",
  'GET /demo/products.json': "the store's catalog as any shopper's page shows it; no cart, session or token is read",
  'GET /checkout': "the hosted checkout page: names the session's own checkout only, and takes no id",
  'GET /checkout/order-confirmation': "the hosted confirmation page: names the session's own order only, and takes no id",
  'GET /checkout/order-confirmation/{orderId}': 'the hosted confirmation page: repeats the id it was given; the storefront API decides who reads the order',
  'GET /checkout/assets/app.js': "Consign's own checkout's static files; no store data",
  'GET /checkout/assets/style.css': "Consign's own checkout's static files; no store data",
  'GET /checkout/assets/markup.js': "Consign's own checkout's static files; no store data",
  'GET /checkout/assets/checkout-sdk.js': "BigCommerce's published checkout SDK bundle",
  'POST /api/public/v1/orders/payments': "the payment gateway: authorised by a placed order's payment token, not a session (test/e2e/payments.test.ts)",
  ...Object.fromEntries(
    ['GET /console', ...['app.js', 'api.js', 'ui.js', 'explain.js', 'pages-access.js', 'pages-rules.js', 'pages-live.js', 'style.css'].map((f) => `GET /console/${f}`), 'GET /consign/admin/stores', 'POST /consign/admin/stores', 'POST /consign/admin/stores/{hash}/tokens'].map((route) => [
      route,
      "the console and its admin API: for this machine's clients, or those with CONSIGN_CONSOLE_TOKEN (test/e2e/console-access.test.ts)",
    ]),
  ),
};

/** Every route of the router as `METHOD /path/{param}`; HEAD mirrors its GET, OPTIONS answers CORS preflights with no data. */
function routerRoutes(app: TestApp['app']): { method: string; path: string }[] {
  return app.routeTable
    .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .map((r) => ({ method: r.method, path: r.url.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1') }));
}

interface Ids { cartId: string; itemId: string; consignmentId: string; addressId: string }

/** A valid body per route, so that the owner's request is accepted and anyone else's is refused for who they are, not for the body. */
const BODIES: Record<string, (ids: Ids) => unknown> = {
  'POST /api/storefront/carts': () => ({ lineItems: [{ productId: 1, quantity: 1 }] }),
  'POST /api/storefront/carts/{cartId}/items': () => ({ lineItems: [{ productId: 4, quantity: 1 }] }),
  'PUT /api/storefront/carts/{cartId}/items/{itemId}': () => ({ lineItem: { productId: 1, quantity: 2 } }),
  'PUT /api/storefront/checkouts/{checkoutId}': () => ({ customerMessage: 'mine' }),
  'PUT /api/storefront/checkout/{checkoutId}': () => ({ customerMessage: 'mine' }),
  'PUT /api/storefront/checkouts/{checkoutId}/carts/{cartId}/items/{itemId}': () => ({ lineItem: { productId: 1, quantity: 2 } }),
  'POST /api/storefront/checkouts/{checkoutId}/billing-address': () => SF_AUSTIN,
  'PUT /api/storefront/checkouts/{checkoutId}/billing-address/{addressId}': () => SF_DALLAS,
  'POST /api/storefront/checkouts/{checkoutId}/consignments': (ids) => [{ address: SF_DALLAS, lineItems: [{ itemId: ids.itemId, quantity: 1 }] }],
  'PUT /api/storefront/checkouts/{checkoutId}/consignments/{consignmentId}': () => ({ address: SF_DALLAS }),
  'POST /api/storefront/checkouts/{checkoutId}/coupons': () => ({ couponCode: 'NOSUCHCODE' }),
  'POST /api/storefront/pickup-options': () => ({ searchArea: { radius: { value: 50, unit: 'KM' }, coordinates: { latitude: 30.27, longitude: -97.74 } }, items: [{ variantId: 1, quantity: 1 }] }),
};

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe.each(STORE_KINDS)('storefront access on %s', (kind) => {
  let t: TestApp;
  let storeId: number;
  let routes: { method: string; path: string }[];
  beforeAll(async () => {
    t = await createTestApp(kind);
    storeId = (await t.app.consign.accounts.findStore(t.hash))!.id;
    const fixture = await readFixture(DEMO_FIXTURE);
    await seed(t.app.consign, { ...fixture, store: { ...fixture.store, name: 'Shop B', storefront_hosts: ['shop-b.test'] } });
    t.app.consign.storefronts.invalidate();
    await t.app.ready();
    routes = routerRoutes(t.app).filter((r) => !r.path.startsWith('/stores/') && EXEMPT[label(r)] === undefined);
  });
  afterAll(async () => t.close());

  /** A shopper whose checkout has a consignment and a billing address, so every id in a path is real. */
  async function owner(): Promise<{ ada: Shopper; ids: Ids }> {
    const ada = new Shopper(t.app);
    const cart = await ada.createCart();
    const consigned = await ada.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }]);
    expect(consigned.statusCode, consigned.body).toBe(200);
    const billed = await ada.request('POST', `/api/storefront/checkouts/${cart.id}/billing-address`, SF_AUSTIN);
    expect(billed.statusCode, billed.body).toBe(200);
    return { ada, ids: { cartId: cart.id, itemId: cart.mugs, consignmentId: consigned.json().consignments[0].id, addressId: billed.json().billingAddress.id } };
  }

  const fill = (path: string, ids: Ids) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === 'cartId' || name === 'checkoutId' ? ids.cartId : name === 'itemId' ? ids.itemId : name === 'consignmentId' ? ids.consignmentId : name === 'addressId' ? ids.addressId : 'NOSUCHCODE');

  /** The path and body of a request to `route` about the checkout `cartId`. */
  const target = (route: { method: string; path: string }, ids: Ids, cartId: string): { path: string; body: unknown } => {
    if (route.path === '/internalapi/v1/checkout/order') return { path: route.path, body: { cartId, payment: { name: 'cod' } } };
    // A stranger has no hand-off token of the cart; they may guess one.
    if (route.path === '/cart.php') return { path: `/cart.php?action=load&id=${cartId}&token=${'g'.repeat(43)}`, body: undefined };
    return { path: fill(route.path, { ...ids, cartId }), body: BODIES[label(route)]?.(ids) };
  };

  /** A hand-off link to the cart, as its store's server gets one (POST /v3/carts/{id}/redirect_urls). */
  const handoffLink = async (cartId: string) => {
    const urls = await t.api('POST', `/v3/carts/${cartId}/redirect_urls`);
    expect(urls.statusCode, urls.body).toBe(201);
    const url = new URL(urls.json().data.cart_url);
    return `${url.pathname}${url.search}`;
  };

  const stored = async (cartId: string) => {
    const record = await t.app.consign.store.findCart(storeId, cartId, Date.now());
    return record && { version: record.version, document: record.document };
  };

  const label = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

  it('checks every route of the router outside /stores, but those exempt for a stated reason', () => {
    const all = routerRoutes(t.app).map(label);
    expect(routes.length).toBeGreaterThanOrEqual(24);
    expect(routes.map(label)).toEqual(expect.arrayContaining(['GET /cart.php', 'POST /internalapi/v1/checkout/order', 'POST /api/storefront/carts']));
    // An exemption for a route that no longer exists is stale.
    expect(Object.keys(EXEMPT).filter((route) => !all.includes(route))).toEqual([]);
  });

  it("answers every storefront route for a checkout that is not the session's exactly as for one that does not exist, and changes nothing", async () => {
    let checked = 0;
    for (const route of routes) {
      const name = label(route);
      const { ada, ids } = await owner();
      const eve = new Shopper(t.app);
      await eve.createCart();
      const before = await stored(ids.cartId);
      const { path, body } = target(route, ids, ids.cartId);
      const unknownTarget = target(route, ids, UNKNOWN);
      const usesId = route.path.includes('{cartId}') || route.path.includes('{checkoutId}') || route.path === '/internalapi/v1/checkout/order' || route.path === '/cart.php';

      // Who is asking: another session, no session, a server-to-server token with every scope,
      // and the owner's own session at another store's host.
      const nobody = new Shopper(t.app);
      const strangers: [string, Shopper, { headers?: Record<string, string>; host?: string; cookiesOf?: string }][] = [
        ['another session', eve, {}],
        ['no session', nobody, {}],
        ['a management token', new Shopper(t.app), { headers: { 'x-auth-token': t.token } }],
        ['the session at another store', ada, { host: 'shop-b.test', cookiesOf: 'consign.test' }],
      ];
      for (const [who, shopper, options] of strangers) {
        const response = await shopper.request(route.method, path, body, options);
        expect(response.statusCode, `${name} as ${who}: ${response.body}`).toBeLessThan(500);
        expect(response.body, `${name} as ${who} sees the checkout`).not.toContain(ids.consignmentId);
        if (usesId) {
          const unknown = await new Shopper(t.app).request(route.method, unknownTarget.path, unknownTarget.body, options);
          expect(response.statusCode, `${name} as ${who}: ${response.body}`).toBe(404);
          expect(response.body, `${name} as ${who}`).toBe(unknown.body);
        } else if (route.method === 'GET' && route.path === '/api/storefront/carts') {
          expect(response.body, `${name} as ${who}`).not.toContain(ids.cartId);
        }
        expect(await stored(ids.cartId), `${name} as ${who} changed the checkout`).toEqual(before);
        checked++;
      }
      // Nor did any stranger's session come to hold the checkout.
      for (const shopper of [eve, nobody]) expect((await shopper.request('GET', '/api/storefront/carts')).body, `${name}: a stranger holds the cart`).not.toContain(ids.cartId);

      if (route.method !== 'GET') {
        // The owner's session without its CSRF token, or with another session's: 403, nothing changed.
        for (const xsrf of [null, eve.cookies.get('XSRF-TOKEN')!]) {
          const response = await ada.request(route.method, path, body, { xsrf });
          expect(response.statusCode, `${name} without the session's X-XSRF-TOKEN`).toBe(403);
          expect(response.json()).toMatchObject({ status: 403, title: 'The X-XSRF-TOKEN header is missing or does not match this session.' });
          expect(await stored(ids.cartId)).toEqual(before);
          checked++;
        }
      }

      // The owner gets through: the route's own answer, not a refusal of who is asking. The
      // hand-off page needs the link's own token, which only the owner's server was given.
      const own = route.path === '/cart.php' ? await ada.request('GET', await handoffLink(ids.cartId)) : await ada.request(route.method, path, body);
      expect(own.statusCode, `${name} as the owner: ${own.body}`).toBeLessThan(500);
      expect([401, 403], `${name} as the owner: ${own.body}`).not.toContain(own.statusCode);
      if (route.path === '/internalapi/v1/checkout/order') {
        // It reached the checkout: the refusal is for the checkout's state (the mugs are in no consignment).
        expect(own.json().title, own.body).toMatch(/^The checkout cannot become an order yet/);
      } else if (usesId && !route.path.includes('/coupons')) {
        expect(own.statusCode, `${name} as the owner: ${own.body}`).toBeLessThan(400);
      }
      checked++;
    }
    console.info(`storefront access on ${kind}: ${routes.length} routes, ${checked} cases`);
  });
});
