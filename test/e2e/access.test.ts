import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Access, KNOWN_SCOPES, SCOPE_FAMILIES, type ScopeFamily } from '../../src/domain/scopes.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

/**
 * The access matrix of the server-to-server dialect: every route, every kind of token. To cover a
 * new route, add a row to ROUTES (and, if it needs a resource that does not exist yet, a field
 * to Resources and a line to `prepare`).
 */

/** Live resources of the demo store that a route's path and body can name; made fresh per case. */
interface Resources {
  readonly cartId: string;
  readonly itemId: string;
  readonly billingAddressId: string;
  readonly productId: number;
}

interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `{name}` is replaced by the resource of that name. */
  readonly path: string;
  readonly scope: ScopeFamily;
  readonly access: Access;
  /** A valid body, so that a token holding the scope gets `ok`. */
  readonly body?: (r: Resources) => unknown;
  /** The status of the request when the token holds the scope. */
  readonly ok: number;
}

const ROUTES: readonly RouteCase[] = [
  // Carts v3
  { method: 'POST', path: '/v3/carts', scope: 'carts', access: 'write', body: () => ({ line_items: [{ product_id: 1, quantity: 1 }] }), ok: 201 },
  { method: 'GET', path: '/v3/carts/{cartId}', scope: 'carts', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v3/carts/{cartId}', scope: 'carts', access: 'write', body: () => ({ customer_id: 7 }), ok: 201 },
  { method: 'DELETE', path: '/v3/carts/{cartId}', scope: 'carts', access: 'write', ok: 204 },
  { method: 'POST', path: '/v3/carts/{cartId}/items', scope: 'carts', access: 'write', body: () => ({ line_items: [{ product_id: 4, quantity: 1 }] }), ok: 201 },
  { method: 'PUT', path: '/v3/carts/{cartId}/items/{itemId}', scope: 'carts', access: 'write', body: () => ({ line_item: { quantity: 3 } }), ok: 200 },
  { method: 'DELETE', path: '/v3/carts/{cartId}/items/{itemId}', scope: 'carts', access: 'write', ok: 200 },
  // Checkouts v3
  { method: 'GET', path: '/v3/checkouts/{cartId}', scope: 'checkouts', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v3/checkouts/{cartId}', scope: 'checkouts', access: 'write', body: () => ({ customer_message: 'Leave at the door' }), ok: 200 },
  { method: 'POST', path: '/v3/checkouts/{cartId}/billing-address', scope: 'checkouts', access: 'write', body: () => ADDRESS, ok: 200 },
  { method: 'PUT', path: '/v3/checkouts/{cartId}/billing-address/{billingAddressId}', scope: 'checkouts', access: 'write', body: () => ({ ...ADDRESS, city: 'Dallas' }), ok: 200 },
  // Catalog v3
  { method: 'GET', path: '/v3/catalog/products', scope: 'catalog', access: 'read', ok: 200 },
  { method: 'GET', path: '/v3/catalog/products/{productId}', scope: 'catalog', access: 'read', ok: 200 },
  { method: 'POST', path: '/v3/catalog/products', scope: 'catalog', access: 'write', body: () => PRODUCT, ok: 200 },
  { method: 'PUT', path: '/v3/catalog/products/{productId}', scope: 'catalog', access: 'write', body: () => ({ price: 11 }), ok: 200 },
  { method: 'DELETE', path: '/v3/catalog/products/{productId}', scope: 'catalog', access: 'write', ok: 204 },
];

const ADDRESS = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '1 Main St', city: 'Austin', state_or_province: 'Texas', country_code: 'US', postal_code: '78701' };
const PRODUCT = { name: 'Access Test Product', type: 'physical', price: 10, weight: 1 };

const label = (r: RouteCase) => `${r.method} ${r.path}`;

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

  beforeAll(async () => {
    t = await createTestApp(kind);
    const other = await t.app.consign.accounts.createStore();
    otherStoreHash = other.hash;
    otherStoreToken = await t.tokenWith([...KNOWN_SCOPES], other.hash);
  });
  afterAll(async () => t.close());

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
      itemId: cartData.line_items.physical_items[0].id,
      billingAddressId: billing.json().data.billing_address.id,
      productId: product.json().data.id,
    };
  }

  const call = (route: RouteCase, r: Resources, token: string | null) =>
    t.api(route.method, route.path.replace(/\{(\w+)\}/g, (_, name: keyof Resources) => String(r[name])), route.body?.(r), { token });

  let shared: Resources;
  beforeAll(async () => {
    shared = await prepare();
  });

  const UNAUTHORIZED = {
    status: 401,
    title: 'You must provide a valid X-Auth-Token for this store.',
    type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
    errors: {},
  };

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s: no token, an empty or unknown token: 401', async (_, route) => {
    for (const token of [null, '', 'not-a-token-of-anyone-at-all-0000']) {
      const response = await call(route, shared, token);
      expect(response.statusCode, `token ${JSON.stringify(token)}`).toBe(401);
      expect(response.json()).toEqual(UNAUTHORIZED);
    }
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s: a token of another store: 401, the same answer as an unknown token', async (_, route) => {
    const response = await call(route, shared, otherStoreToken);
    expect(response.statusCode).toBe(401);
    expect(response.body).toBe(JSON.stringify(UNAUTHORIZED));
    expect(response.body).not.toContain(otherStoreHash);
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))("%s: a token with every scope but the route's: 403", async (_, route) => {
    const family = SCOPE_FAMILIES[route.scope];
    const others = KNOWN_SCOPES.filter((s) => !([...family.write, ...family.read] as string[]).includes(s));
    const response = await call(route, shared, await tokenWith(others));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, type: UNAUTHORIZED.type, errors: {} });
    expect(response.json().title).toContain(family.write[0]);
  });

  const writes = ROUTES.filter((r) => r.access === 'write');
  const reads = ROUTES.filter((r) => r.access === 'read');

  it.each(writes.map((r) => [label(r), r] as const))('%s: every read-only spelling of the scope: 403, and nothing changes', async (_, route) => {
    const r = await prepare();
    const before = (await t.api('GET', `/v3/checkouts/${r.cartId}`)).json().data;
    for (const scope of SCOPE_FAMILIES[route.scope].read) {
      const response = await call(route, r, await tokenWith([scope]));
      expect(response.statusCode, scope).toBe(403);
      expect(response.json().title).toContain(SCOPE_FAMILIES[route.scope].write[0]);
    }
    expect((await t.api('GET', `/v3/checkouts/${r.cartId}`)).json().data).toEqual(before);
    expect((await t.api('GET', `/v3/catalog/products/${r.productId}`)).statusCode).toBe(200);
  });

  it.each(reads.map((r) => [label(r), r] as const))('%s: every read-only spelling of the scope: 200', async (_, route) => {
    for (const scope of SCOPE_FAMILIES[route.scope].read) {
      const response = await call(route, shared, await tokenWith([scope]));
      expect(response.statusCode, `${scope}: ${response.body}`).toBe(route.ok);
    }
  });

  it.each(ROUTES.map((r) => [label(r), r] as const))('%s: every write spelling of the scope is accepted', async (_, route) => {
    for (const scope of SCOPE_FAMILIES[route.scope].write) {
      const r = route.access === 'read' ? shared : await prepare();
      const response = await call(route, r, await tokenWith([scope]));
      expect(response.statusCode, `${scope}: ${response.body}`).toBe(route.ok);
    }
  });

  it('accepts both spellings of the checkout scopes, as upstream documents both', () => {
    expect(SCOPE_FAMILIES.checkouts.write).toEqual(['store_checkout', 'store_checkouts']);
    expect(SCOPE_FAMILIES.checkouts.read).toEqual(['store_checkout_read_only', 'store_checkouts_read_only']);
  });

  it("answers a valid token used on a store hash that does not exist exactly as an unknown token", async () => {
    for (const hash of ['nosuchstore', 'a'.repeat(64), 'UPPER', 'with%20space', '%00']) {
      const response = await t.api('GET', `/stores/${hash}/v3/carts/${shared.cartId}`);
      expect(response.statusCode, hash).toBe(401);
      expect(response.body).toBe(JSON.stringify(UNAUTHORIZED));
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
});
