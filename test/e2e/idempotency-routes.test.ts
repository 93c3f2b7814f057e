import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { MANAGEMENT_ROUTES, type Resources, freshResourcesFor, placeOrder, prepareResources, routeUrl } from '../helpers/management-routes.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { snapshotTables } from '../helpers/tables.js';
import { SF_AUSTIN, Shopper } from '../storefront/shopper.js';

/**
 * Idempotency-Key on every POST route of the router, table-driven (docs/reliability.md): the
 * first request answers its route's success, a retry replays it byte for byte and writes no row,
 * and the same key on another URL is refused with 422 in the route's dialect. A POST route the
 * router holds without a case here fails the first test. The rules themselves are in
 * idempotency.test.ts.
 */

/** A request to send twice with one key: where, what, and by whom (a browser, for the storefront). */
interface PostCase {
  readonly path: string;
  readonly body?: unknown;
  readonly ok: number;
  /** Sends the request with `headers`; the storefront's first POST /carts is sent by a browser with no session each time. */
  send(url: string, body: unknown, headers: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** SF_AUSTIN in the server-to-server dialect, to make the shopper's checkout orderable. */
const SF_AUSTIN_SNAKE = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '600 Congress Ave', city: 'Austin', state_or_province: 'Texas', state_or_province_code: 'TX', country_code: 'US', postal_code: '78701' };
/** The storefront's POST routes (and the demo page's), for a shopper whose cart has a consignment, a billing address and a shipping option. */
const STOREFRONT_POSTS = ['/api/storefront/carts', '/api/storefront/carts/{cartId}/items', '/api/storefront/checkouts/{checkoutId}/billing-address', '/api/storefront/checkouts/{checkoutId}/consignments', '/api/storefront/checkouts/{checkoutId}/coupons', '/api/storefront/pickup-options', '/internalapi/v1/checkout/order', '/api/storefront/customer', '/api/storefront/customers', '/api/storefront/customer-address', '/internalapi/v1/checkout/customer'];
/**
 * POST routes outside the key's reach, with the reason: the payment gateway's is authorised by an
 * order's payment token, not a store credential or session, and pays an order once (a repeat is
 * 409, test/e2e/payments.test.ts), whatever key it carries. The console's admin API belongs to no
 * store and no API account, the scope every key is kept under (docs/console.md).
 */
const NOT_IDEMPOTENT = ['/api/public/v1/orders/payments', '/consign/admin/stores', '/consign/admin/stores/{hash}/tokens'];
/**
 * Routes that start a new session (a cart's, or a signed-in customer's): each send comes from a
 * browser with none, and the answer is never replayed, since a replay never hands over a session.
 */
const NEW_SESSION_POSTS = ['/api/storefront/carts', '/api/storefront/customer', '/api/storefront/customers', '/internalapi/v1/checkout/customer'];

describe.each(STORE_KINDS)('Idempotency-Key on every POST route on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  let counter = 0;
  const freshKey = () => `route-key-${kind}-${Date.now()}-${++counter}`;

  let shared: Resources;
  /** Every POST of both dialects: how to send it once its resources exist. */
  async function postCase(path: string): Promise<PostCase> {
    const management = MANAGEMENT_ROUTES.find((r) => r.method === 'POST' && r.path === path);
    if (management) {
      shared ??= await prepareResources(t, await placeOrder(t));
      const r = await freshResourcesFor(t, management, shared);
      await management.setup?.(t, r);
      return { path: routeUrl(management, r), body: management.body?.(r), ok: management.ok, send: (url, body, headers) => t.api('POST', url, body, { headers }) };
    }
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    // Everything an order needs, so that the SDK's order is placed.
    const checkout = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [{ address: { ...SF_AUSTIN_SNAKE }, line_items: [{ item_id: cart.lamp, quantity: 1 }, { item_id: cart.mugs, quantity: 2 }] }])).json().data;
    await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${checkout.consignments[0].id}`, { shipping_option_id: checkout.consignments[0].available_shipping_options[0].id });
    await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, SF_AUSTIN_SNAKE);
    const send = (url: string, body: unknown, headers: Record<string, string>) => (NEW_SESSION_POSTS.includes(path) ? new Shopper(t.app) : shopper).request('POST', url, body, { headers });
    if (path === '/api/storefront/customer-address') await shopper.request('POST', '/internalapi/v1/checkout/customer', { email: 'shopper@example.com', password: 'consign-demo-1' });
    const account = { firstName: 'Idem', lastName: 'Potent', email: `idem-${kind}-${Date.now()}-${++counter}@example.com`, password: 'idempotent1' };
    const bodies: Record<string, [unknown, number]> = {
      '/api/storefront/carts': [{ lineItems: [{ productId: 1, quantity: 1 }] }, 200],
      '/api/storefront/carts/{cartId}/items': [{ lineItems: [{ productId: 5, quantity: 1 }] }, 200],
      '/api/storefront/checkouts/{checkoutId}/billing-address': [SF_AUSTIN, 200],
      '/api/storefront/checkouts/{checkoutId}/consignments': [[{ address: SF_AUSTIN, lineItems: [{ itemId: cart.mugs, quantity: 1 }] }], 200],
      '/api/storefront/checkouts/{checkoutId}/coupons': [{ couponCode: 'SAVE10' }, 200],
      '/api/storefront/pickup-options': [{ searchArea: { radius: { value: 50, unit: 'KM' }, coordinates: { latitude: 30.27, longitude: -97.74 } }, items: [{ variantId: 1, quantity: 1 }] }, 200],
      '/internalapi/v1/checkout/order': [{ cartId: cart.id, payment: { name: 'cod' } }, 200],
      '/api/storefront/customer': [account, 204],
      '/api/storefront/customers': [account, 204],
      '/api/storefront/customer-address': [{ ...SF_AUSTIN, address1: `${counter} Idempotent Way` }, 201],
      '/internalapi/v1/checkout/customer': [{ email: 'shopper@example.com', password: 'consign-demo-1' }, 200],
    };
    const [body, ok] = bodies[path]!;
    return { path: path.replace(/\{(cartId|checkoutId)\}/, cart.id), body, ok, send };
  }

  it('has a case for every POST route of the router', () => {
    const posts = t.app.routeTable.filter((r) => r.method === 'POST').map((r) => r.url.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1'));
    const covered = [...MANAGEMENT_ROUTES.filter((r) => r.method === 'POST').map((r) => `/stores/{store_hash}${r.path}`), ...STOREFRONT_POSTS, ...NOT_IDEMPOTENT];
    expect(posts.filter((p) => !covered.includes(p))).toEqual([]);
    expect(covered.filter((p) => !posts.includes(p))).toEqual([]);
  });

  // A route that starts a new session is done afresh when retried (test/e2e/idempotency.test.ts,
  // docs/reliability.md).
  it.each([...MANAGEMENT_ROUTES.filter((r) => r.method === 'POST').map((r) => r.path), ...STOREFRONT_POSTS.filter((p) => !NEW_SESSION_POSTS.includes(p))])(
    'POST %s: a retry replays the first answer and writes nothing; another request with the key gets 422',
    async (path) => {
      const request = await postCase(path);
      const key = freshKey();
      const headers = { 'idempotency-key': key };
      const first = await request.send(request.path, request.body, headers);
      expect(first.statusCode, first.body).toBe(request.ok);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const after = await snapshotTables(t.testStore.store);
      const retry = await request.send(request.path, request.body, headers);
      expect(retry.statusCode).toBe(first.statusCode);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toBe(first.body);
      expect(await snapshotTables(t.testStore.store), 'the retry wrote something').toEqual(after);
      // Another URL (a query) with the same key: refused, nothing done.
      const other = await request.send(`${request.path}?variant=2`, request.body, headers);
      expect(other.statusCode, other.body).toBe(422);
      // In the route's dialect: v2's `[{status, message, details}]`, the browser's `{…, detail}`, v3's `{…, errors}`.
      const refusal = other.json();
      const title = 'This Idempotency-Key was already used with a different request.';
      if (Array.isArray(refusal)) expect(refusal).toEqual([{ status: 422, message: title, details: { 'Idempotency-Key': 'was already used with a different request' } }]);
      else if (path.startsWith('/stores/') || MANAGEMENT_ROUTES.some((r) => r.path === path)) expect(refusal.errors).toEqual({ 'Idempotency-Key': 'was already used with a different request' });
      // The SDK's internal order route lists its messages (docs/payments.md).
      else if (path.startsWith('/internalapi/v1/checkout/order')) expect(refusal).toMatchObject({ status: 422, title, errors: [title] });
      else expect(refusal).toMatchObject({ status: 422, title, detail: expect.stringContaining('Idempotency-Key') });
      expect(await snapshotTables(t.testStore.store)).toEqual(after);
    },
  );
});
