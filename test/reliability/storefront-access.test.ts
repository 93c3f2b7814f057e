import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, SF_DALLAS, Shopper } from '../storefront/shopper.js';

/**
 * Issue 8, item 5, the storefront half of the access matrix (test/e2e/access.test.ts holds the
 * server-to-server half): every storefront route of the OpenAPI document, and every way of
 * reaching a checkout that is not the session's own. Storefront access is limited to the
 * session's own checkout: another session, no session, a server-to-server token, the same
 * session at another store's host, all get exactly what an id that does not exist gets, and
 * change nothing. A change that carries the session cookie without its X-XSRF-TOKEN gets 403.
 */

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
    const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/storefront/'))
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'delete'].includes(m)).map((m) => ({ method: m.toUpperCase(), path })));
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

  const stored = async (cartId: string) => {
    const record = await t.app.consign.store.findCart(storeId, cartId, Date.now());
    return record && { version: record.version, document: record.document };
  };

  const label = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

  it('has storefront routes to check', () => {
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it("answers every storefront route for a checkout that is not the session's exactly as for one that does not exist, and changes nothing", async () => {
    let checked = 0;
    for (const route of routes) {
      const name = label(route);
      const { ada, ids } = await owner();
      const body = BODIES[name]?.(ids);
      const eve = new Shopper(t.app);
      await eve.createCart();
      const before = await stored(ids.cartId);
      const path = fill(route.path, ids);
      const usesId = route.path.includes('{cartId}') || route.path.includes('{checkoutId}');

      // Who is asking: another session, no session, a server-to-server token with every scope,
      // and the owner's own session at another store's host.
      const strangers: [string, () => Promise<LightMyRequestResponse>, () => Promise<LightMyRequestResponse>][] = [
        ['another session', () => eve.request(route.method, path, body), () => eve.request(route.method, fill(route.path, { ...ids, cartId: UNKNOWN }), body)],
        ['no session', () => new Shopper(t.app).request(route.method, path, body), () => new Shopper(t.app).request(route.method, fill(route.path, { ...ids, cartId: UNKNOWN }), body)],
        [
          'a management token',
          () => new Shopper(t.app).request(route.method, path, body, { headers: { 'x-auth-token': t.token } }),
          () => new Shopper(t.app).request(route.method, fill(route.path, { ...ids, cartId: UNKNOWN }), body, { headers: { 'x-auth-token': t.token } }),
        ],
        [
          'the session at another store',
          () => ada.request(route.method, path, body, { host: 'shop-b.test', cookiesOf: 'consign.test' }),
          () => ada.request(route.method, fill(route.path, { ...ids, cartId: UNKNOWN }), body, { host: 'shop-b.test', cookiesOf: 'consign.test' }),
        ],
      ];
      for (const [who, send, sendUnknown] of strangers) {
        const response = await send();
        expect(response.statusCode, `${name} as ${who}: ${response.body}`).toBeLessThan(500);
        expect(response.body, `${name} as ${who} sees the checkout`).not.toContain(ids.consignmentId);
        if (usesId) {
          const unknown = await sendUnknown();
          expect(response.statusCode, `${name} as ${who}: ${response.body}`).toBe(404);
          expect(response.body, `${name} as ${who}`).toBe(unknown.body);
        } else if (route.method === 'GET' && route.path === '/api/storefront/carts') {
          expect(response.body, `${name} as ${who}`).not.toContain(ids.cartId);
        }
        expect(await stored(ids.cartId), `${name} as ${who} changed the checkout`).toEqual(before);
        checked++;
      }

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

      // The owner gets through: the route's own answer, not a refusal of who is asking.
      const own = await ada.request(route.method, path, body);
      expect(own.statusCode, `${name} as the owner: ${own.body}`).toBeLessThan(500);
      expect([401, 403], `${name} as the owner: ${own.body}`).not.toContain(own.statusCode);
      if (usesId && !route.path.includes('/coupons')) expect(own.statusCode, `${name} as the owner: ${own.body}`).toBeLessThan(300);
      checked++;
    }
    console.info(`storefront access on ${kind}: ${routes.length} routes, ${checked} cases`);
  });
});
