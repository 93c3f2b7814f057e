import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Access, KNOWN_SCOPES, SCOPE_FAMILIES, type ScopeFamily } from '../../src/domain/scopes.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

/**
 * The access matrix of the server-to-server dialect: every route, every kind of token.
 *
 * To cover a new route, add a row to ROUTES; the last test fails until every route in the
 * OpenAPI document has one. A row with `ok` is also sent with a valid body and must answer
 * exactly `ok`; a row without it only has to get past authentication (any answer but 401, 403
 * or a 5xx). Path parameters are filled from Resources by name; a name it lacks gets `1`.
 */

/** Live resources of the demo store that a route's path and body can name; made fresh per case. */
interface Resources {
  readonly cartId: string;
  readonly checkoutId: string;
  readonly itemId: string;
  readonly addressId: string;
  readonly productId: number;
}

interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below `/stores/{store_hash}`; `{name}` is a path parameter. */
  readonly path: string;
  readonly scope: ScopeFamily;
  readonly access: Access;
  /** A valid body, so that a token holding the scope gets `ok`. */
  readonly body?: (r: Resources) => unknown;
  /** The status of the request when the token holds the scope. */
  readonly ok?: number;
}

const ADDRESS = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '1 Main St', city: 'Austin', state_or_province: 'Texas', country_code: 'US', postal_code: '78701' };
const PRODUCT = { name: 'Access Test Product', type: 'physical', price: 10, weight: 1 };

const ROUTES: readonly RouteCase[] = [
  // Carts v3
  { method: 'POST', path: '/v3/carts', scope: 'carts', access: 'write', body: () => ({ line_items: [{ product_id: 1, quantity: 1 }] }), ok: 201 },
  { method: 'GET', path: '/v3/carts/{cartId}', scope: 'carts', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v3/carts/{cartId}', scope: 'carts', access: 'write', body: () => ({ customer_id: 7 }), ok: 201 },
  { method: 'DELETE', path: '/v3/carts/{cartId}', scope: 'carts', access: 'write', ok: 204 },
  { method: 'POST', path: '/v3/carts/{cartId}/items', scope: 'carts', access: 'write', body: () => ({ line_items: [{ product_id: 4, quantity: 1 }] }), ok: 201 },
  { method: 'PUT', path: '/v3/carts/{cartId}/items/{itemId}', scope: 'carts', access: 'write', body: () => ({ line_item: { quantity: 3 } }), ok: 200 },
  { method: 'DELETE', path: '/v3/carts/{cartId}/items/{itemId}', scope: 'carts', access: 'write', ok: 200 },
  { method: 'POST', path: '/v3/carts/{cartId}/redirect_urls', scope: 'carts', access: 'write' },
  // Checkouts v3
  { method: 'GET', path: '/v3/checkouts/{checkoutId}', scope: 'checkouts', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v3/checkouts/{checkoutId}', scope: 'checkouts', access: 'write', body: () => ({ customer_message: 'Leave at the door' }), ok: 200 },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/billing-address', scope: 'checkouts', access: 'write', body: () => ADDRESS, ok: 200 },
  { method: 'PUT', path: '/v3/checkouts/{checkoutId}/billing-address/{addressId}', scope: 'checkouts', access: 'write', body: () => ({ ...ADDRESS, city: 'Dallas' }), ok: 200 },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/consignments', scope: 'checkouts', access: 'write' },
  { method: 'PUT', path: '/v3/checkouts/{checkoutId}/consignments/{consignmentId}', scope: 'checkouts', access: 'write' },
  { method: 'DELETE', path: '/v3/checkouts/{checkoutId}/consignments/{consignmentId}', scope: 'checkouts', access: 'write' },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/coupons', scope: 'checkouts', access: 'write' },
  { method: 'DELETE', path: '/v3/checkouts/{checkoutId}/coupons/{couponCode}', scope: 'checkouts', access: 'write' },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/fees', scope: 'checkouts', access: 'write' },
  { method: 'PUT', path: '/v3/checkouts/{checkoutId}/fees', scope: 'checkouts', access: 'write' },
  { method: 'DELETE', path: '/v3/checkouts/{checkoutId}/fees', scope: 'checkouts', access: 'write' },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/orders', scope: 'checkouts', access: 'write' },
  // Catalog v3
  { method: 'GET', path: '/v3/catalog/products', scope: 'catalog', access: 'read', ok: 200 },
  { method: 'GET', path: '/v3/catalog/products/{productId}', scope: 'catalog', access: 'read', ok: 200 },
  { method: 'POST', path: '/v3/catalog/products', scope: 'catalog', access: 'write', body: () => PRODUCT, ok: 200 },
  { method: 'PUT', path: '/v3/catalog/products/{productId}', scope: 'catalog', access: 'write', body: () => ({ price: 11 }), ok: 200 },
  { method: 'DELETE', path: '/v3/catalog/products/{productId}', scope: 'catalog', access: 'write', ok: 204 },
  // Tax v3
  { method: 'GET', path: '/v3/tax/settings', scope: 'shipping', access: 'read' },
  { method: 'PUT', path: '/v3/tax/settings', scope: 'shipping', access: 'write' },
  { method: 'GET', path: '/v3/tax/classes', scope: 'shipping', access: 'read' },
  { method: 'POST', path: '/v3/tax/classes', scope: 'shipping', access: 'write' },
  { method: 'PUT', path: '/v3/tax/classes/{id}', scope: 'shipping', access: 'write' },
  { method: 'DELETE', path: '/v3/tax/classes/{id}', scope: 'shipping', access: 'write' },
  { method: 'GET', path: '/v3/tax/zones', scope: 'shipping', access: 'read' },
  { method: 'GET', path: '/v3/tax/zones/{id}', scope: 'shipping', access: 'read' },
  { method: 'POST', path: '/v3/tax/zones', scope: 'shipping', access: 'write' },
  { method: 'PUT', path: '/v3/tax/zones/{id}', scope: 'shipping', access: 'write' },
  { method: 'DELETE', path: '/v3/tax/zones/{id}', scope: 'shipping', access: 'write' },
  // Pickup v3
  { method: 'GET', path: '/v3/pickup/methods', scope: 'pickup', access: 'read' },
  { method: 'POST', path: '/v3/pickup/methods', scope: 'pickup', access: 'write' },
  { method: 'PUT', path: '/v3/pickup/methods', scope: 'pickup', access: 'write' },
  { method: 'DELETE', path: '/v3/pickup/methods', scope: 'pickup', access: 'write' },
  { method: 'POST', path: '/v3/pickup/options', scope: 'pickup', access: 'read' },
  // Orders v2
  { method: 'GET', path: '/v2/orders/{orderId}', scope: 'orders', access: 'read' },
  { method: 'GET', path: '/v2/orders/{orderId}/shipping_addresses', scope: 'orders', access: 'read' },
  { method: 'GET', path: '/v2/orders/{orderId}/products', scope: 'orders', access: 'read' },
  { method: 'GET', path: '/v2/orders/{orderId}/consignments', scope: 'orders', access: 'read' },
  { method: 'GET', path: '/v2/orders/{orderId}/coupons', scope: 'orders', access: 'read' },
  { method: 'GET', path: '/v2/orders/{orderId}/fees', scope: 'orders', access: 'read' },
  { method: 'GET', path: '/v2/orders/{orderId}/taxes', scope: 'orders', access: 'read' },
  // Coupons v2
  { method: 'GET', path: '/v2/coupons', scope: 'marketing', access: 'read' },
  { method: 'GET', path: '/v2/coupons/{id}', scope: 'marketing', access: 'read' },
  { method: 'POST', path: '/v2/coupons', scope: 'marketing', access: 'write' },
  { method: 'PUT', path: '/v2/coupons/{id}', scope: 'marketing', access: 'write' },
  { method: 'DELETE', path: '/v2/coupons/{id}', scope: 'marketing', access: 'write' },
  // Shipping v2
  { method: 'GET', path: '/v2/shipping/zones', scope: 'shipping', access: 'read' },
  { method: 'POST', path: '/v2/shipping/zones', scope: 'shipping', access: 'write' },
  { method: 'GET', path: '/v2/shipping/zones/{zoneId}', scope: 'shipping', access: 'read' },
  { method: 'PUT', path: '/v2/shipping/zones/{zoneId}', scope: 'shipping', access: 'write' },
  { method: 'DELETE', path: '/v2/shipping/zones/{zoneId}', scope: 'shipping', access: 'write' },
  { method: 'GET', path: '/v2/shipping/zones/{zoneId}/methods', scope: 'shipping', access: 'read' },
  { method: 'POST', path: '/v2/shipping/zones/{zoneId}/methods', scope: 'shipping', access: 'write' },
  { method: 'GET', path: '/v2/shipping/zones/{zoneId}/methods/{methodId}', scope: 'shipping', access: 'read' },
  { method: 'PUT', path: '/v2/shipping/zones/{zoneId}/methods/{methodId}', scope: 'shipping', access: 'write' },
  { method: 'DELETE', path: '/v2/shipping/zones/{zoneId}/methods/{methodId}', scope: 'shipping', access: 'write' },
  { method: 'GET', path: '/v3/storefront/settings', scope: 'shipping', access: 'read' },
  { method: 'PUT', path: '/v3/storefront/settings', scope: 'shipping', access: 'write' },
];

const label = (r: RouteCase) => `${r.method} ${r.path}`;
const rows = (routes: readonly RouteCase[]) => routes.map((r) => [label(r), r] as const);

/** The error object of a body in any of upstream's shapes: v3 `{status, title}`, v2 `[{status, message}]`. */
function errorOf(body: string): { status: number; text: string } {
  const json = JSON.parse(body);
  const error = Array.isArray(json) ? json[0] : json;
  return { status: error.status, text: String(error.title ?? error.message) };
}

describe.each(STORE_KINDS)('access to the management API on %s', (kind) => {
  let t: TestApp;
  let otherStoreHash: string;
  let otherStoreToken: string;
  const tokens = new Map<string, string>();
  /** A token of the demo store holding exactly `scopes` (made once per set). */
  const tokenWith = async (scopes: readonly string[]) => {
    const key = [...scopes].sort().join(',');
    let token = tokens.get(key);
    if (!token) {
      token = await t.tokenWith([...scopes]);
      tokens.set(key, token);
    }
    return token;
  };

  async function prepare(): Promise<Resources> {
    const cart = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }] });
    expect(cart.statusCode, cart.body).toBe(201);
    const cartData = cart.json().data;
    const billing = await t.api('POST', `/v3/checkouts/${cartData.id}/billing-address`, ADDRESS);
    expect(billing.statusCode, billing.body).toBe(200);
    const product = await t.api('POST', '/v3/catalog/products', PRODUCT);
    expect(product.statusCode, product.body).toBe(200);
    return {
      cartId: cartData.id,
      checkoutId: cartData.id,
      itemId: cartData.line_items.physical_items[0].id,
      addressId: billing.json().data.billing_address.id,
      productId: product.json().data.id,
    };
  }

  let shared: Resources;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const other = await t.app.consign.accounts.createStore();
    otherStoreHash = other.hash;
    otherStoreToken = await t.tokenWith([...KNOWN_SCOPES], other.hash);
    shared = await prepare();
  });
  afterAll(async () => t.close());

  const call = (route: RouteCase, r: Resources, token: string | null) =>
    t.api(
      route.method,
      route.path.replace(/\{(\w+)\}/g, (_, name: string) => String((r as unknown as Record<string, unknown>)[name] ?? 1)),
      route.body?.(r) ?? (route.method === 'GET' ? undefined : {}),
      { token },
    );

  /** What the route answers to a token nobody has: every other 401 must be exactly this. */
  const unknownTokenAnswer = async (route: RouteCase) => {
    const response = await call(route, shared, 'not-a-token-of-anyone-at-all-0000');
    expect(response.statusCode).toBe(401);
    expect(errorOf(response.body).status).toBe(401);
    return response.body;
  };

  it.each(rows(ROUTES))('%s: no token, an empty or unknown token: 401', async (_, route) => {
    const expected = await unknownTokenAnswer(route);
    for (const token of [null, '']) {
      const response = await call(route, shared, token);
      expect(response.statusCode, `token ${JSON.stringify(token)}`).toBe(401);
      expect(response.body).toBe(expected);
    }
  });

  it.each(rows(ROUTES))('%s: a token of another store: 401, the same answer as an unknown token', async (_, route) => {
    const response = await call(route, shared, otherStoreToken);
    expect(response.statusCode).toBe(401);
    expect(response.body).toBe(await unknownTokenAnswer(route));
    expect(response.body).not.toContain(otherStoreHash);
  });

  it.each(rows(ROUTES))("%s: a token with every scope but the route's: 403", async (_, route) => {
    const family = SCOPE_FAMILIES[route.scope];
    const others = KNOWN_SCOPES.filter((s) => !([...family.write, ...family.read] as string[]).includes(s));
    const response = await call(route, shared, await tokenWith(others));
    expect(response.statusCode).toBe(403);
    const error = errorOf(response.body);
    expect(error.status).toBe(403);
    expect(error.text).toContain(family.write[0]);
  });

  it.each(rows(ROUTES.filter((r) => r.access === 'write')))('%s: every read-only spelling of the scope: 403, and nothing changes', async (_, route) => {
    const r = await prepare();
    const before = (await t.api('GET', `/v3/checkouts/${r.cartId}`)).json().data;
    for (const scope of SCOPE_FAMILIES[route.scope].read) {
      const response = await call(route, r, await tokenWith([scope]));
      expect(response.statusCode, scope).toBe(403);
      expect(errorOf(response.body).text).toContain(SCOPE_FAMILIES[route.scope].write[0]);
    }
    expect((await t.api('GET', `/v3/checkouts/${r.cartId}`)).json().data).toEqual(before);
    expect((await t.api('GET', `/v3/catalog/products/${r.productId}`)).statusCode).toBe(200);
  });

  /** A token holding the scope gets the route's `ok`, or at least past authentication. */
  const expectAllowed = (route: RouteCase, scope: string, response: { statusCode: number; body: string }) => {
    if (route.ok !== undefined) expect(response.statusCode, `${scope}: ${response.body}`).toBe(route.ok);
    else expect([401, 403], `${scope}: ${response.body}`).not.toContain(response.statusCode);
    expect(response.statusCode, response.body).toBeLessThan(500);
  };

  it.each(rows(ROUTES.filter((r) => r.access === 'read')))('%s: every read-only spelling of the scope is allowed', async (_, route) => {
    for (const scope of SCOPE_FAMILIES[route.scope].read) expectAllowed(route, scope, await call(route, shared, await tokenWith([scope])));
  });

  it.each(rows(ROUTES))('%s: every write spelling of the scope is allowed', async (_, route) => {
    for (const scope of SCOPE_FAMILIES[route.scope].write) {
      const r = route.access === 'read' ? shared : await prepare();
      expectAllowed(route, scope, await call(route, r, await tokenWith([scope])));
    }
  });

  // Spelled out here as upstream documents them, not taken from SCOPE_FAMILIES, so that a scope
  // misspelt or dropped there fails this test rather than vanishing from the tests above.
  it.each([
    ['store_checkout', 'GET', '/v3/checkouts/{cartId}', 200, 'PUT', '/v3/checkouts/{cartId}', { customer_message: 'x' }, 200],
    ['store_checkouts', 'GET', '/v3/checkouts/{cartId}', 200, 'PUT', '/v3/checkouts/{cartId}', { customer_message: 'x' }, 200],
    ['store_checkout_read_only', 'GET', '/v3/checkouts/{cartId}', 200, 'PUT', '/v3/checkouts/{cartId}', { customer_message: 'x' }, 403],
    ['store_checkouts_read_only', 'GET', '/v3/checkouts/{cartId}', 200, 'PUT', '/v3/checkouts/{cartId}', { customer_message: 'x' }, 403],
    ['store_cart', 'GET', '/v3/carts/{cartId}', 200, 'PUT', '/v3/carts/{cartId}', { customer_id: 1 }, 201],
    ['store_cart_read_only', 'GET', '/v3/carts/{cartId}', 200, 'PUT', '/v3/carts/{cartId}', { customer_id: 1 }, 403],
    ['store_v2_products', 'GET', '/v3/catalog/products/{productId}', 200, 'PUT', '/v3/catalog/products/{productId}', { price: 12 }, 200],
    ['store_v2_products_read_only', 'GET', '/v3/catalog/products/{productId}', 200, 'PUT', '/v3/catalog/products/{productId}', { price: 12 }, 403],
    ['store_v2_information', 'GET', '/v2/shipping/zones', 200, 'PUT', '/v3/tax/settings', {}, 200],
    ['store_v2_information_read_only', 'GET', '/v2/shipping/zones', 200, 'PUT', '/v3/tax/settings', {}, 403],
    ['store_fulfillment_methods_manage', 'GET', '/v3/pickup/methods', 200, 'DELETE', '/v3/pickup/methods?id:in=999', undefined, 204],
    ['store_fulfillment_methods_read_only', 'GET', '/v3/pickup/methods', 200, 'DELETE', '/v3/pickup/methods?id:in=999', undefined, 403],
  ] as const)('the scope %s, spelled as upstream documents it, reads (%s %s) and writes only if it is not read-only', async (scope, readMethod, readPath, readStatus, writeMethod, writePath, body, writeStatus) => {
    const r = await prepare();
    const fill = (path: string) => path.replace('{cartId}', r.cartId).replace('{productId}', String(r.productId));
    const token = await tokenWith([scope]);
    expect((await t.api(readMethod, fill(readPath), undefined, { token })).statusCode).toBe(readStatus);
    const write = await t.api(writeMethod, fill(writePath), body, { token });
    expect(write.statusCode, write.body).toBe(writeStatus);
  });

  it('answers a valid token used on a store hash that does not exist exactly as an unknown token', async () => {
    const expected = await unknownTokenAnswer(ROUTES[1]!);
    for (const hash of ['nosuchstore', 'a'.repeat(64), 'UPPER', 'with%20space', '%00']) {
      const response = await t.api('GET', `/stores/${hash}/v3/carts/${shared.cartId}`);
      expect(response.statusCode, hash).toBe(401);
      expect(response.body).toBe(expected);
    }
  });

  it("never shows one store's carts, checkouts or products to another store", async () => {
    const asOther = (path: string) => t.api('GET', `/stores/${otherStoreHash}${path}`, undefined, { token: otherStoreToken });
    expect((await asOther(`/v3/carts/${shared.cartId}`)).statusCode).toBe(404);
    expect((await asOther(`/v3/checkouts/${shared.cartId}`)).statusCode).toBe(404);
    expect((await asOther(`/v3/catalog/products/${shared.productId}`)).statusCode).toBe(404);
    expect((await asOther('/v3/catalog/products')).json().data).toEqual([]);
    const put = await t.api('PUT', `/stores/${otherStoreHash}/v3/checkouts/${shared.cartId}`, { customer_message: 'hijack' }, { token: otherStoreToken });
    expect(put.statusCode).toBe(404);
    expect((await t.api('GET', `/v3/checkouts/${shared.cartId}`)).json().data.customer_message).toBe('');
  });

  it('has a row for every server-to-server operation in the OpenAPI document, and no other', () => {
    const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/stores/{store_hash}/'))
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'head' && m !== 'parameters').map((m) => `${m.toUpperCase()} ${path.slice('/stores/{store_hash}'.length)}`));
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.filter((op) => !ROUTES.some((r) => label(r) === op))).toEqual([]);
    expect(ROUTES.map(label).filter((row) => !operations.includes(row))).toEqual([]);
  });
});
