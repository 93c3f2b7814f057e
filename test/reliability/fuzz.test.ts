import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUSTIN } from '../helpers/addresses.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { snapshotTables } from '../helpers/tables.js';
import { SF_AUSTIN, Shopper } from '../storefront/shopper.js';

/**
 * Issue 8, item 4: thousands of malformed, oversized, deeply nested, wrongly typed and
 * out-of-order requests to every route of the router (hidden ones too), in both dialects, a third
 * of them with an Idempotency-Key. None may get a 5xx; every rejection is in its dialect's error
 * shape with `status` equal to the HTTP status; and a rejected request changes nothing: every
 * table is compared before and after it (row counts and a digest of the rows), except that a
 * request with a key may keep its own answer under that key. Errors raised by Node's HTTP parser,
 * which inject never reaches, are sent over a socket in client-errors.test.ts.
 */
const RUNS = 2500;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

interface Operation { readonly method: string; readonly path: string }

/**
 * Whether a body is an error in the shape its dialect gives for `status` on `url`: v2 routes
 * `[{status, message, details?}]`; the paths that speak to browsers (the storefront API, the SDK's
 * internal API, the hand-off and demo pages) `{status, title, type, detail}`; everything else
 * `{status, title, type, errors}`; and in both of the last two, `{status, title, type}` (a 409, a
 * catalog lookup) or `{errors: [{status, title, type, detail}]}` (a checkout not found), with no
 * other field. The hand-off page (/cart.php) and the hosted checkout pages (/checkout...) answer
 * a browser with an HTML page.
 */
function errorShapeProblem(status: number, url: string, response: LightMyRequestResponse): string | undefined {
  const contentType = String(response.headers['content-type']);
  if (/^\/(cart\.php|checkout)(\/|\?|$)/.test(url) && status === 404 && contentType.startsWith('text/html')) return undefined;
  if (!/^application\/json/.test(contentType)) return `content-type ${contentType}`;
  let body: any;
  try {
    body = JSON.parse(response.body);
  } catch {
    return 'not JSON';
  }
  const keys = (value: unknown) => (value && typeof value === 'object' ? Object.keys(value).sort().join(',') : '');
  const isV3 = (e: any) => e?.status === status && typeof e.title === 'string' && typeof e.type === 'string';
  if (/^\/stores\/[^/?]+\/v2(\/|\?|$)/.test(url)) {
    const v2 = Array.isArray(body) && body.length > 0 && body.every((e) => e?.status === status && typeof e.message === 'string' && ['message,status', 'details,message,status'].includes(keys(e)));
    return v2 ? undefined : 'not the v2 shape on a v2 route';
  }
  // The SDK's internal order route answers in its internal shape (errors a list of messages), and
  // the payment gateway in its own, `{status: "error", errors: [{code, message}]}` (docs/payments.md);
  // what no route of theirs decided (405, say) is in their path's shape below.
  if (/^\/internalapi\/v1\/checkout\/order(\?|$)/.test(url) && isV3(body) && keys(body) === 'errors,status,title,type' && Array.isArray(body.errors) && body.errors.length > 0 && body.errors.every((e: unknown) => typeof e === 'string')) return undefined;
  if (/^\/api\/public\/v1\//.test(url) && body?.status === 'error' && keys(body) === 'errors,status' && Array.isArray(body.errors) && body.errors.length > 0 && body.errors.every((e: any) => typeof e?.code === 'string' && typeof e.message === 'string' && keys(e) === 'code,message')) return undefined;
  if (/^\/(api\/storefront|internalapi|demo|checkout)(\/|\?|$)|^\/cart\.php(\?|$)/.test(url)) {
    if (isV3(body) && keys(body) === 'detail,status,title,type' && typeof body.detail === 'string') return undefined;
  } else if (isV3(body) && keys(body) === 'errors,status,title,type' && typeof body.errors === 'object' && !Array.isArray(body.errors)) return undefined;
  if (isV3(body) && keys(body) === 'status,title,type') return undefined;
  if (keys(body) === 'errors' && Array.isArray(body.errors) && body.errors.length > 0 && body.errors.every((e: any) => isV3(e) && typeof e.detail === 'string' && keys(e) === 'detail,status,title,type')) return undefined;
  return 'not the shape of its dialect';
}

/** Replaces the value at a random place in `value` with `replacement` (a wrongly typed field). */
function mutate(value: unknown, choices: number[], replacement: unknown): unknown {
  if (choices.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [choice, ...rest] = choices;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const index = choice! % value.length;
    return value.map((v, i) => (i === index ? mutate(v, rest, replacement) : v));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[choice! % keys.length]!;
  return { ...(value as Record<string, unknown>), [key]: mutate((value as Record<string, unknown>)[key], rest, replacement) };
}

const nested = (depth: number, kind: 'array' | 'object') => (kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

describe.each(STORE_KINDS)('hostile input on %s', (kind) => {
  let t: TestApp;
  let storeId: number;
  let operations: Operation[];
  let shopper: Shopper;
  let lastError: unknown;
  /** Live ids that path parameters and bodies can name, refreshed when an accepted request removes them. */
  const live = { cartId: '', itemId: '', consignmentId: '', addressId: '', sfCartId: '', sfItemId: '', sfConsignmentId: '', productId: 1, apiAccountId: 0 };

  /** A physical product for the fixtures, when the fuzzer has deleted the one they used. */
  async function freshProduct(): Promise<void> {
    const product = await t.api('POST', '/v3/catalog/products', { name: `Fuzz ${Date.now()}`, type: 'physical', price: 5, weight: 1 });
    expect(product.statusCode, product.body).toBe(200);
    live.productId = product.json().data.id;
  }

  async function ensureFixtures(): Promise<void> {
    const now = Date.now();
    // An API account of its own for DELETE /v3/consign/api-accounts/{id} to revoke: never the full token's.
    if (!(await t.app.consign.accounts.listApiAccounts(storeId)).some((a) => a.id === live.apiAccountId)) {
      live.apiAccountId = (await t.app.consign.accounts.createApiAccount(storeId, ['store_cart'], { name: 'fuzz' })).account.id;
    }
    if (!(await t.app.consign.store.findCart(storeId, live.cartId || 'none', now))) {
      let cart = await t.api('POST', '/v3/carts', { line_items: [{ product_id: live.productId, quantity: 3 }] });
      if (cart.statusCode !== 201) {
        await freshProduct();
        cart = await t.api('POST', '/v3/carts', { line_items: [{ product_id: live.productId, quantity: 3 }] });
      }
      expect(cart.statusCode, cart.body).toBe(201);
      live.cartId = cart.json().data.id;
    }
    const checkout = (await t.api('GET', `/v3/checkouts/${live.cartId}`)).json().data;
    live.itemId = checkout.cart.line_items.physical_items[0]?.id ?? 'none';
    if (checkout.consignments.length === 0 && live.itemId !== 'none') {
      await t.api('POST', `/v3/checkouts/${live.cartId}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: live.itemId, quantity: 1 }] }]);
    }
    if (!checkout.billing_address?.id) await t.api('POST', `/v3/checkouts/${live.cartId}/billing-address`, AUSTIN);
    const after = (await t.api('GET', `/v3/checkouts/${live.cartId}`)).json().data;
    live.consignmentId = after.consignments[0]?.id ?? 'none';
    live.addressId = after.billing_address?.id ?? 'none';

    // An accepted POST /api/storefront/carts gives the session another cart: follow it.
    const owned = live.sfCartId ? await shopper.request('GET', '/api/storefront/carts') : undefined;
    live.sfCartId = owned?.statusCode === 200 ? (owned.json()[0]?.id ?? '') : '';
    if (!live.sfCartId) {
      shopper = new Shopper(t.app);
      const create = () => shopper.request('POST', '/api/storefront/carts', { lineItems: [{ productId: live.productId, quantity: 2 }] });
      let cart = await create();
      if (cart.statusCode !== 200) {
        await freshProduct();
        cart = await create();
      }
      expect(cart.statusCode, cart.body).toBe(200);
      live.sfCartId = cart.json().id;
    }
    const sf = (await shopper.request('GET', `/api/storefront/checkouts/${live.sfCartId}`)).json();
    live.sfItemId = sf.cart.lineItems.physicalItems[0]?.id ?? 'none';
    if (sf.consignments.length === 0 && live.sfItemId !== 'none') {
      await shopper.request('POST', `/api/storefront/checkouts/${live.sfCartId}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: live.sfItemId, quantity: 1 }] }]);
    }
    live.sfConsignmentId = (await shopper.request('GET', `/api/storefront/checkouts/${live.sfCartId}`)).json().consignments[0]?.id ?? 'none';
  }

  /** What a rejected request must leave alone: every table; a request with a key may save its answer under it. */
  const snapshot = (ignoreKey?: string) => snapshotTables(t.app.consign.store, ignoreKey === undefined ? {} : { ignoreKey });

  beforeAll(async () => {
    t = await createTestApp(kind);
    storeId = (await t.app.consign.accounts.findStore(t.hash))!.id;
    // The error behind a 500, for the failure message.
    t.app.addHook('onError', async (_request, reply, error) => {
      if (reply.statusCode >= 500 || !(error as { statusCode?: number }).statusCode) lastError = error;
    });
    await t.app.ready();
    // Every route the router holds, not only those of the OpenAPI document; HEAD mirrors GET.
    operations = t.app.routeTable
      .filter((r) => r.method !== 'HEAD')
      .map((r) => ({ method: r.method, path: r.url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{rest}').replace(/(.)\/$/, '$1') }));
    await ensureFixtures();
  });
  afterAll(async () => t.close());

  it('leaves config_version alone when a configuration change finds nothing to change (404)', async () => {
    const before = await t.app.consign.store.configVersion(storeId);
    const cases: [string, string, unknown?][] = [
      ['DELETE', '/v3/catalog/products/999999'],
      ['PUT', '/v3/tax/classes/999999', { name: 'x' }],
      ['DELETE', '/v3/tax/classes/999999'],
      ['DELETE', '/v3/tax/zones/999999'],
      ['PUT', '/v2/coupons/999999', { name: 'C', code: 'NOPE', type: 'per_total_discount', amount: '1', applies_to: { entity: 'products', ids: [1] } }],
      ['DELETE', '/v2/coupons/999999'],
      ['DELETE', '/v2/shipping/zones/999999'],
    ];
    for (const [method, path, body] of cases) {
      const response = await t.api(method, path, body);
      expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(404);
    }
    expect(await t.app.consign.store.configVersion(storeId)).toBe(before);
  });

  /** Path parameters: the live id of that name, or something hostile. */
  const param = (name: string) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(`{live:${name}}`) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
      { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1', '2', '2147483648', '1e3', 'null', '%00', '%E0%A4%A', '..', '%2F%2F', 'x'.repeat(65), 'x'.repeat(201), encodeURIComponent('🙂'), '00000000-0000-4000-8000-000000000000') },
    );

  const fill = (value: string, name: string, storefront: boolean, path: string): string => {
    // A DELETE of an API account may name only the fuzz's own: a literal id ('1') could be the
    // full token's, and revoking it would end the run.
    if (name === 'id' && path.includes('/consign/api-accounts/') && (value.startsWith('{live:') || /^\d{1,9}$/.test(value))) return String(live.apiAccountId);
    if (!value.startsWith('{live:')) return value;
    switch (name) {
      case 'store_hash': return value === '{live:store_hash}' ? t.hash : 'nosuchstore';
      case 'cartId':
      case 'checkoutId': return storefront ? live.sfCartId : live.cartId;
      case 'itemId': return storefront ? live.sfItemId : live.itemId;
      case 'consignmentId': return storefront ? live.sfConsignmentId : live.consignmentId;
      case 'addressId': return live.addressId;
      case 'productId': return String(live.productId);
      default: return '1';
    }
  };

  /** Bodies that are close to something a route takes, to be broken by `mutate`. */
  const seeds = [
    { line_items: [{ product_id: 1, quantity: 1 }], custom_items: [{ sku: 'S', name: 'N', quantity: 1, list_price: 1 }] },
    [{ address: AUSTIN, line_items: [{ item_id: 'x', quantity: 1 }], version: 1 }],
    { address: AUSTIN, line_items: [{ item_id: 'x', quantity: 1 }], shipping_option_id: 'x', version: 1 },
    { line_item: { quantity: 2, product_id: 1 }, version: 1 },
    { customer_message: 'hi', version: 1, customerMessage: 'hi' },
    { lineItems: [{ productId: 1, quantity: 1 }], address: SF_AUSTIN, version: 1 },
    { name: 'P', type: 'physical', price: 1, weight: 1, variants: [{ sku: 'V' }] },
    { name: 'Z', type: 'zip', locations: [{ country_iso: 'US', zip: '78701' }], enabled: true },
    { name: 'C', code: 'CODE', type: 'per_total_discount', amount: '1', applies_to: { entity: 'products', ids: [1] } },
    { fees: [{ type: 'custom_fee', name: 'F', display_name: 'F', cost: 1, source: 'x' }] },
    { search_area: { radius: { value: 10, unit: 'KM' }, coordinates: { latitude: 1, longitude: 1 } }, items: [{ variant_id: 1, quantity: 1 }] },
  ];

  const json = fc.jsonValue({ maxDepth: 4 });
  const body = fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: json.map((v) => JSON.stringify(v)) },
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.array(fc.nat(), { maxLength: 5 }), json).map(([s, path, v]) => JSON.stringify(mutate(s, path, v))) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([d, k]) => nested(d, k)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.array(fc.nat(), { maxLength: 3 }), fc.integer({ min: 256, max: 200_000 })).map(([s, path, n]) => JSON.stringify(mutate(s, path, 'x'.repeat(n)))) },
    { weight: 1, arbitrary: fc.constantFrom(
      JSON.stringify(Array.from({ length: 101 }, () => ({ address: AUSTIN, line_items: [{ item_id: 'x', quantity: 1 }] }))),
      JSON.stringify({ line_items: Array.from({ length: 251 }, () => ({ product_id: 1, quantity: 1 })) }),
      JSON.stringify({ lineItems: Array.from({ length: 251 }, () => ({ productId: 1, quantity: 1 })) }),
      '{', '[1,]', 'NaN', '\u0000', '{"__proto__":{"x":1}}', '{"a":{"constructor":{}}}', '"just a string"', 'null', '1e999', '{"version": 1.5}', '{"version": -1}',
    ) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/vnd.bc.v1+json', 'application/xml', '', '*/*', 'application/json;;;') },
  );
  const query = fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('?include=consignments.available_shipping_options', '?include=' + 'x,'.repeat(300), '?limit=0', '?limit=999999', '?page=-1', '?id:in=a,b', '?include[]=1', '?version=abc', '?%E0%A4%A=1') },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => `?${encodeURIComponent(s)}=${encodeURIComponent(s)}`) },
  );
  /** Management: the full token mostly, so that requests reach validation; storefront: the shopper's session. */
  const auth = fc.constantFrom('full', 'full', 'full', 'full', 'full', 'full', 'none', 'wrong', 'no-xsrf');
  /** A third of the requests carry an Idempotency-Key: a fresh one, or one that is no key at all. */
  const idempotencyKey = fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constant('fresh') },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'has space', 'x'.repeat(256), 'naïve') },
  );

  const request = fc.record({
    operation: fc.constant(null).chain(() => fc.constantFrom(...operations)),
    /** Mostly the operation's own method; sometimes another (405, or out of order). */
    method: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
    /** Mostly the demo store, so that requests get past authentication to validation. */
    hash: fc.constantFrom('{live:store_hash}', '{live:store_hash}', '{live:store_hash}', '{live:store_hash}', '{live:store_hash}', '{live:store_hash}', '{live:store_hash}', '{live:store_hash}', '{live:store_hash}', 'other'),
    params: fc.array(fc.constant(null).chain(() => param('x')), { minLength: 6, maxLength: 6 }),
    query,
    body,
    contentType,
    auth,
    idempotencyKey,
  });

  it(`answers ${RUNS} hostile requests to every route without a 5xx, in upstream's shapes, changing nothing when refused`, { timeout: 120_000 }, async () => {
    let sent = 0;
    let keyed = 0;
    const statuses: Record<number, number> = {};
    const touched = new Set<string>();
    let before = await snapshot();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const storefront = r.operation.path.startsWith('/api/storefront');
        let index = 0;
        const path = r.operation.path.replace(/\{(\w+)\}/g, (_, name: string) => fill(name === 'store_hash' ? r.hash : r.params[index++]!, name, storefront, r.operation.path));
        const method = r.method ?? r.operation.method;
        const headers: Record<string, string> = { accept: 'application/json' };
        if (r.body !== undefined && r.contentType !== '') headers['content-type'] = r.contentType;
        if (storefront) {
          headers.host = 'consign.test';
          if (r.auth !== 'none') headers.cookie = [...shopper.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
          if (r.auth === 'full' || r.auth === 'wrong') headers['x-xsrf-token'] = r.auth === 'full' ? decodeURIComponent(shopper.cookies.get('XSRF-TOKEN')!) : 'wrong';
        } else if (r.auth === 'full' || r.auth === 'no-xsrf') headers['x-auth-token'] = t.token;
        else if (r.auth === 'wrong') headers['x-auth-token'] = 'x'.repeat(32);
        const key = r.idempotencyKey === 'fresh' ? `fuzz-${kind}-${sent}` : r.idempotencyKey;
        if (key !== null) {
          headers['idempotency-key'] = key;
          keyed++;
        }
        const url = `${path}${r.query}`;
        const response = await t.app.inject({ method: method as 'GET', url, headers, ...(r.body === undefined ? {} : { payload: r.body }) });
        sent++;
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
        touched.add(`${r.operation.method} ${r.operation.path}`);
        const label = `${method} ${path}${r.query} ${String(r.body).slice(0, 200)} -> ${response.statusCode} ${response.body.slice(0, 300)}`;
        if (response.statusCode >= 500) console.error(label, lastError);
        expect(response.statusCode, label).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(errorShapeProblem(response.statusCode, url, response), label).toBeUndefined();
          // A fresh key has no row in `before`: leaving its own row out, the tables must be as they were.
          expect(await snapshot(key ?? undefined), label).toEqual(before);
          // The route's own refusal is kept for the key's retries: the next request starts from there.
          if (key !== null) before = await snapshot();
        } else if (['GET', 'HEAD', 'OPTIONS'].includes(method)) {
          // A read that succeeds changes nothing either.
          expect(await snapshot(), label).toEqual(before);
        } else {
          await ensureFixtures();
          before = await snapshot();
        }
      }),
      { numRuns: RUNS, seed: Date.now() % 2 ** 31, endOnFailure: true },
    );

    // A few requests too costly to draw at random: bodies over the size limits.
    const oversized: [string, string, number][] = [
      ['PUT', `/stores/${t.hash}/v3/checkouts/${live.cartId}`, 2 * 1024 * 1024 + 1],
      ['POST', `/stores/${t.hash}/v3/carts`, 3 * 1024 * 1024],
      ['POST', `/stores/${t.hash}/v2/shipping/zones`, 8 * 1024 * 1024 + 1],
      ['POST', `/api/storefront/checkouts/${live.sfCartId}/consignments`, 3 * 1024 * 1024],
    ];
    for (const [method, url, size] of oversized) {
      const payload = `{"customer_message":"${'x'.repeat(size)}"}`;
      const response = await t.app.inject({ method: method as 'POST', url, headers: { 'content-type': 'application/json', 'x-auth-token': t.token, host: 'consign.test', cookie: [...shopper.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-xsrf-token': decodeURIComponent(shopper.cookies.get('XSRF-TOKEN')!) }, payload });
      sent++;
      expect(response.statusCode, `${method} ${url}`).toBe(413);
      expect(errorShapeProblem(413, url, response)).toBeUndefined();
      expect(await snapshot()).toEqual(before);
    }
    expect(touched.size, 'every operation was fuzzed').toBe(operations.length);
    console.info(`fuzz on ${kind}: ${sent} requests (${keyed} with an Idempotency-Key) over ${operations.length} routes of the router, statuses ${JSON.stringify(statuses)}`);
  });
});
