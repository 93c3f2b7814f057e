import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { ALL_SCOPES } from '../../src/domain/scopes.js';
import type { StoreRecord } from '../../src/store/store.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

const TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const UNKNOWN_ID = '2b4b4d0c-1c1f-4a47-9a86-3f1d9b0e0c11';
const ADDRESS = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '1 Main St', city: 'Austin', state_or_province: 'Texas', country_code: 'US', postal_code: '78701' };

/** Every write route, with `{cartId}`, `{itemId}`, `{addressId}` and `{productId}` to fill in. */
const WRITES = [
  ['POST', '/v3/carts'],
  ['PUT', '/v3/carts/{cartId}'],
  ['POST', '/v3/carts/{cartId}/items'],
  ['PUT', '/v3/carts/{cartId}/items/{itemId}'],
  ['PUT', '/v3/checkouts/{cartId}'],
  ['POST', '/v3/checkouts/{cartId}/billing-address'],
  ['PUT', '/v3/checkouts/{cartId}/billing-address/{addressId}'],
  ['POST', '/v3/catalog/products'],
  ['PUT', '/v3/catalog/products/{productId}'],
] as const;

/** Every route, including those without a body. */
const ROUTES = [
  ...WRITES,
  ['GET', '/v3/carts/{cartId}'],
  ['DELETE', '/v3/carts/{cartId}'],
  ['DELETE', '/v3/carts/{cartId}/items/{itemId}'],
  ['GET', '/v3/checkouts/{cartId}'],
  ['GET', '/v3/catalog/products'],
  ['GET', '/v3/catalog/products/{productId}'],
  ['DELETE', '/v3/catalog/products/{productId}'],
] as const;

describe.each(STORE_KINDS)('error answers on %s', (kind) => {
  let t: TestApp;
  /** A second store, seeded like the demo store: requests that must create nothing are sent to it. */
  let spare: StoreRecord;
  let spareToken: string;
  let cartId: string;
  let itemId: string;
  let addressId: string;
  const productId = 1;

  beforeAll(async () => {
    t = await createTestApp(kind);
    spare = await seed(t.app.consign, await readFixture(DEMO_FIXTURE));
    spareToken = await t.tokenWith([...ALL_SCOPES], spare.hash);
    const cart = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 2 }], custom_items: [{ sku: 'C', name: 'Custom', quantity: 1, list_price: 3 }] });
    cartId = cart.json().data.id;
    itemId = cart.json().data.line_items.physical_items[0].id;
    const billing = await t.api('POST', `/v3/checkouts/${cartId}/billing-address`, ADDRESS);
    addressId = billing.json().data.billing_address.id;
  });
  afterAll(async () => t.close());

  const fill = (path: string) =>
    path.replace('{cartId}', cartId).replace('{itemId}', itemId).replace('{addressId}', addressId).replace('{productId}', String(productId));

  /** Everything a client can see of the demo store's state: the checkout and the catalog. */
  const snapshot = async () => ({
    checkout: (await t.api('GET', `/v3/checkouts/${cartId}`)).json(),
    product: (await t.api('GET', `/v3/catalog/products/${productId}`)).json(),
    products: (await t.api('GET', '/v3/catalog/products?limit=250')).json(),
  });

  /** Sends `send` to every write route, then checks that the demo store is as it was. */
  async function expectEveryWriteRefused(status: number, send: (method: string, path: string) => Promise<{ statusCode: number; body: string; json(): any }>) {
    const before = await snapshot();
    for (const [method, path] of WRITES) {
      const response = await send(method, fill(path));
      expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(status);
      expect(response.json(), `${method} ${path}`).toMatchObject({ status, type: TYPE, errors: expect.any(Object) });
      expect(typeof response.json().title).toBe('string');
    }
    expect(await snapshot()).toEqual(before);
  }

  it('400 for a body that is not JSON, on every write route, changing nothing', async () => {
    for (const body of ['{', '{"line_items": [', 'line_items=1', "{'customer_id': 1}", '{"customer_id": 1,}', '{"a":1}{"b":2}']) {
      await expectEveryWriteRefused(400, (method, path) => t.api(method, path, body));
    }
  });

  it('400 for JSON that tries to set __proto__ or constructor', async () => {
    await expectEveryWriteRefused(400, (method, path) => t.api(method, path, '{"__proto__": {"admin": true}, "customer_id": 1}'));
    await expectEveryWriteRefused(400, (method, path) => t.api(method, path, '{"constructor": {"prototype": {}}}'));
    // The same key spelled with a JSON escape is the same key.
    await expectEveryWriteRefused(400, (method, path) => t.api(method, path, '{"\\u005f_proto__": {"admin": true}, "customer_id": 1}'));
  });

  it('413 for a body over the limit, on every write route, changing nothing', async () => {
    const huge = JSON.stringify({ customer_message: 'x'.repeat(3 * 1024 * 1024) });
    await expectEveryWriteRefused(413, (method, path) => t.api(method, path, huge));
  });

  it('415 for a body that is not application/json, on every write route, changing nothing', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonp']) {
      await expectEveryWriteRefused(415, (method, path) =>
        t.api(method, path, '{"customer_id": 1, "customer_message": "x"}', { headers: { 'content-type': type } }),
      );
    }
  });

  it('accepts JSON content types with parameters and +json suffixes', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/vnd.bc.v1+json']) {
      const response = await t.api('PUT', `/v3/checkouts/${cartId}`, { customer_message: type }, { headers: { 'content-type': type } });
      expect(response.statusCode, type).toBe(200);
    }
  });

  /** Ids no cart, item or address can have: too long for any id Consign makes, however long. */
  const IMPOSSIBLE_IDS = ['not-a-uuid', '%00', 'x'.repeat(65), 'x'.repeat(201), 'x'.repeat(5000)];

  it('404 in upstream\'s NotFound shape {status, title, type} for an unknown cart or item, whatever its id, changing nothing', async () => {
    const before = await snapshot();
    const cases: [string, string, unknown?][] = [
      ['GET', `/v3/carts/${UNKNOWN_ID}`],
      ['PUT', `/v3/carts/${UNKNOWN_ID}`, { customer_id: 1 }],
      ['DELETE', `/v3/carts/${UNKNOWN_ID}`],
      ['POST', `/v3/carts/${UNKNOWN_ID}/items`, { line_items: [{ product_id: 1, quantity: 1 }] }],
      ['PUT', `/v3/carts/${UNKNOWN_ID}/items/${itemId}`, { line_item: { quantity: 1 } }],
      ['DELETE', `/v3/carts/${UNKNOWN_ID}/items/${itemId}`],
      ...IMPOSSIBLE_IDS.flatMap((id): [string, string, unknown?][] => [['GET', `/v3/carts/${id}`], ['DELETE', `/v3/carts/${id}/items/${itemId}`]]),
    ];
    for (const [method, path, body] of cases) {
      const response = await t.api(method, path, body);
      expect(response.statusCode, `${method} ${path.slice(0, 80)}`).toBe(404);
      expect(response.json()).toEqual({ status: 404, title: 'Cart not found.', type: TYPE });
    }
    for (const id of [UNKNOWN_ID, ...IMPOSSIBLE_IDS]) {
      for (const [method, body] of [['PUT', { line_item: { quantity: 1 } }], ['DELETE', undefined]] as const) {
        const path = `/v3/carts/${cartId}/items/${id}`;
        const response = await t.api(method, path, body);
        expect(response.statusCode, `${method} ${path.slice(0, 80)}`).toBe(404);
        expect(response.json()).toEqual({ status: 404, title: 'Line item not found.', type: TYPE });
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('404 in the checkout shape {errors: [{status, title, type, detail}]} for an unknown checkout', async () => {
    const before = await snapshot();
    const cases: [string, string, unknown?][] = [
      ['GET', `/v3/checkouts/${UNKNOWN_ID}`],
      ['PUT', `/v3/checkouts/${UNKNOWN_ID}`, { customer_message: 'x' }],
      ['POST', `/v3/checkouts/${UNKNOWN_ID}/billing-address`, ADDRESS],
      ['PUT', `/v3/checkouts/${UNKNOWN_ID}/billing-address/${addressId}`, ADDRESS],
      ...IMPOSSIBLE_IDS.flatMap((id): [string, string, unknown?][] => [['GET', `/v3/checkouts/${id}`], ['PUT', `/v3/checkouts/${id}`, { customer_message: 'x' }]]),
    ];
    for (const [method, path, body] of cases) {
      const response = await t.api(method, path, body);
      expect(response.statusCode, `${method} ${path.slice(0, 80)}`).toBe(404);
      expect(response.json()).toEqual({ errors: [{ status: 404, title: 'Checkout not found.', type: TYPE, detail: 'Checkout not found.' }] });
    }
    for (const id of IMPOSSIBLE_IDS) {
      const path = `/v3/checkouts/${cartId}/billing-address/${id}`;
      const response = await t.api('PUT', path, ADDRESS);
      expect(response.statusCode, path.slice(0, 80)).toBe(404);
      expect(response.json()).toEqual({ status: 404, title: 'Billing address not found.', type: TYPE });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('404 for an unknown product, and for an unknown path', async () => {
    for (const [method, body] of [['GET', undefined], ['PUT', { price: 1 }], ['DELETE', undefined]] as const) {
      const response = await t.api(method, '/v3/catalog/products/9999', body);
      expect(response.statusCode, method).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, type: TYPE });
    }
    const unknown = await t.api('GET', '/v3/no-such-thing');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ status: 404, title: 'The requested resource was not found.', type: TYPE });
  });

  it('415 for a compressed body (Content-Encoding), on every write route, changing nothing', async () => {
    const body = gzipSync(JSON.stringify({ customer_id: 1, customer_message: 'x', line_items: [{ product_id: 1, quantity: 1 }] }));
    for (const encoding of ['gzip', 'deflate', 'br', 'GZIP']) {
      await expectEveryWriteRefused(415, (method, path) => t.api(method, path, body, { headers: { 'content-encoding': encoding } }));
    }
    const response = await t.api('PUT', `/v3/checkouts/${cartId}`, body, { headers: { 'content-encoding': 'gzip' } });
    expect(response.json().title).toBe('The Content-Encoding gzip is not supported. Send the body uncompressed.');
    // `identity` is no encoding at all.
    expect((await t.api('PUT', `/v3/checkouts/${cartId}`, { customer_message: 'plain' }, { headers: { 'content-encoding': 'identity' } })).statusCode).toBe(200);
  });

  it('DELETE of an item takes an optional {version} object and nothing else: a bare number is not a version', async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 1 }, { product_id: 5, quantity: 1 }] })).json().data;
    const [first, second, third] = cart.line_items.physical_items.map((i: { id: string }) => i.id);
    const read = async () => (await t.api('GET', `/v3/carts/${cart.id}`)).json().data;
    const before = await read();
    for (const body of ['1', '"1"', '[1]', 'true', '{"version":"1"}', '{"version":1.5}', '{"version":2147483648}']) {
      const response = await t.api('DELETE', `/v3/carts/${cart.id}/items/${first}`, body);
      expect(response.statusCode, body).toBe(422);
      expect(response.json(), body).toMatchObject({ status: 422, type: TYPE });
    }
    // A version that cannot be the cart's (negative) is a stale one, as upstream answers it.
    expect((await t.api('DELETE', `/v3/carts/${cart.id}/items/${first}`, '{"version":-1}')).statusCode).toBe(409);
    expect(await read()).toEqual(before);
    expect((await t.api('DELETE', `/v3/carts/${cart.id}/items/${first}`, { version: 1 })).statusCode).toBe(200);
    expect((await t.api('DELETE', `/v3/carts/${cart.id}/items/${second}`, {})).statusCode).toBe(200);
    expect((await t.api('DELETE', `/v3/carts/${cart.id}/items/${third}`, 'null')).statusCode).toBe(204);
  });

  it('405 with an Allow header for a method a known path does not take, changing nothing', async () => {
    const before = await snapshot();
    const cases: [string, string, string[]][] = [
      ['PATCH', `/v3/carts/${cartId}`, ['GET', 'PUT', 'DELETE']],
      ['POST', `/v3/carts/${cartId}`, ['GET', 'PUT', 'DELETE']],
      ['DELETE', '/v3/carts', ['POST']],
      ['GET', `/v3/carts/${cartId}/items`, ['POST']],
      ['DELETE', `/v3/checkouts/${cartId}`, ['GET', 'PUT']],
      ['GET', `/v3/checkouts/${cartId}/billing-address`, ['POST']],
      ['PATCH', '/v3/catalog/products/1', ['GET', 'PUT', 'DELETE']],
    ];
    for (const [method, path, allowed] of cases) {
      const response = await t.api(method, path, method === 'GET' || method === 'DELETE' ? undefined : { customer_id: 5 });
      expect(response.statusCode, `${method} ${path}`).toBe(405);
      expect(response.json()).toMatchObject({ status: 405, type: TYPE, errors: {} });
      const allow = String(response.headers.allow).split(', ');
      for (const m of allowed) expect(allow, `${method} ${path}`).toContain(m);
      expect(allow).not.toContain(method);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('422 with a per-field errors map for wrongly typed or missing fields, changing nothing', async () => {
    const before = await snapshot();
    const cases: [string, string, unknown, string][] = [
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: 1, quantity: '2' }] }, 'line_items.0.quantity'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: '1', quantity: 2 }] }, 'line_items.0.product_id'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ quantity: 2 }] }, 'line_items.0.product_id'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: 1 }] }, 'line_items.0.quantity'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: 1, quantity: 0 }] }, 'line_items.0.quantity'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: 1, quantity: 1.5 }] }, 'line_items.0.quantity'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: 1, quantity: 1, list_price: -1 }] }, 'line_items.0.list_price'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: { product_id: 1, quantity: 1 } }, 'line_items'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: 999, quantity: 1 }] }, 'line_items.0.product_id'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: 1, variant_id: 999, quantity: 1 }] }, 'line_items.0.variant_id'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [] }, 'line_items'],
      ['POST', `/v3/carts/${cartId}/items`, {}, 'line_items'],
      ['POST', `/v3/carts/${cartId}/items`, { custom_items: [{ sku: 'X', name: 'X', quantity: 1 }] }, 'custom_items.0.list_price'],
      ['POST', `/v3/carts/${cartId}/items`, { gift_certificates: [giftCertificate({ amount: 1001 })] }, 'gift_certificates.0.amount'],
      ['POST', `/v3/carts/${cartId}/items`, { gift_certificates: [giftCertificate({ theme: 'Halloween' })] }, 'gift_certificates.0.theme'],
      ['POST', `/v3/carts/${cartId}/items`, { gift_certificates: [giftCertificate({ message: 'x'.repeat(201) })] }, 'gift_certificates.0.message'],
      ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: 1, quantity: 1 }], version: '1' }, 'version'],
      ['PUT', `/v3/carts/${cartId}`, {}, 'customer_id'],
      ['PUT', `/v3/carts/${cartId}`, { customer_id: -1 }, 'customer_id'],
      ['PUT', `/v3/carts/${cartId}`, { customer_id: 'me' }, 'customer_id'],
      ['PUT', `/v3/carts/${cartId}/items/${itemId}`, { line_item: { quantity: -1 } }, 'line_item.quantity'],
      ['PUT', `/v3/carts/${cartId}/items/${itemId}`, { quantity: 3 }, 'line_item'],
      ['PUT', `/v3/checkouts/${cartId}`, {}, 'customer_message'],
      ['PUT', `/v3/checkouts/${cartId}`, { customer_message: 42 }, 'customer_message'],
      ['POST', `/v3/checkouts/${cartId}/billing-address`, { ...ADDRESS, email: undefined }, 'email'],
      ['POST', `/v3/checkouts/${cartId}/billing-address`, { ...ADDRESS, country_code: 'USA' }, 'country_code'],
      ['POST', `/v3/checkouts/${cartId}/billing-address`, { ...ADDRESS, country_code: 'ZZ' }, 'country_code'], // named as the body names it
      ['PUT', `/v3/checkouts/${cartId}/billing-address/${addressId}`, { ...ADDRESS, city: 7 }, 'city'],
      ['POST', '/v3/catalog/products', { type: 'physical', price: 1, weight: 1 }, 'name'],
      ['POST', '/v3/catalog/products', { name: 'X', type: 'service', price: 1, weight: 1 }, 'type'],
      ['PUT', '/v3/catalog/products/1', { price: '12.00' }, 'price'],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await t.api(method, path, body);
      const label = `${method} ${path} ${JSON.stringify(body).slice(0, 120)}: ${response.body}`;
      expect(response.statusCode, label).toBe(422);
      const json = response.json();
      expect(json, label).toMatchObject({ status: 422, type: TYPE });
      expect(typeof json.title).toBe('string');
      expect(Object.keys(json.errors), label).toContain(field);
      expect(typeof json.errors[field]).toBe('string');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('422 for a body that is JSON but not an object', async () => {
    for (const body of ['null', '[]', '"text"', '42', 'true', '[{"product_id":1,"quantity":1}]']) {
      await expectEveryWriteRefused(422, (method, path) => t.api(method, path, body));
    }
  });

  it('a refused cart creation creates no cart', async () => {
    const spareApi = (body: string | object, headers: Record<string, string> = {}) =>
      t.api('POST', `/stores/${spare.hash}/v3/carts`, body, { token: spareToken, headers });
    const refused = [
      await spareApi('{"line_items": ['),
      await spareApi({ line_items: [{ product_id: 1, quantity: '1' }] }),
      await spareApi({ line_items: [{ product_id: 1, quantity: 1 }, { product_id: 999, quantity: 1 }] }),
      await spareApi({ line_items: [{ product_id: 1, quantity: 1 }], currency: { code: 'EUR' } }),
      await spareApi({}),
      await spareApi('{"line_items":[{"product_id":1,"quantity":1}]}', { 'content-type': 'text/plain' }),
      await spareApi({ line_items: [{ product_id: 1, quantity: 1 }], custom_items: [{ sku: 'x'.repeat(300), name: 'n', quantity: 1, list_price: 1 }] }),
    ];
    for (const response of refused) expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(await t.testStore.store.deleteCarts(spare.id)).toBe(0);
  });

  it('never answers 500, whatever the body, path or query', async () => {
    const bodies: (string | undefined)[] = [
      undefined, '', ' ', 'null', '{}', '[]', '0', '-1', '1e309', '"x"', 'true',
      '{"line_items":null}', '{"line_items":[null]}', '{"line_items":[{}]}', '{"line_items":[[]]}',
      '{"line_items":[{"product_id":1e20,"quantity":1}]}', '{"line_items":[{"product_id":1,"quantity":1e20}]}',
      '{"line_items":[{"product_id":-1,"quantity":1}]}', '{"line_items":[{"product_id":1,"quantity":1,"list_price":1e308}]}',
      '{"line_items":[{"product_id":1,"quantity":1,"name":"\\u0000"}]}', '{"customer_id":1e300}', '{"customer_id":null}',
      '{"customer_message":"\\u0000\\ud800"}', '{"customer_message":null}', '{"version":-1,"customer_message":"x"}',
      '{"version":1e300,"customer_id":1}', '{"line_item":{"quantity":1,"list_price":"1"}}', '{"line_item":null}',
      '{"email":"a@b.c","country_code":"us","custom_fields":[{"field_id":"x","field_value":{"a":1}}]}',
      '{"email":"a@b.c","country_code":"US","custom_fields":[{"field_id":"\\u0000","field_value":1e309}]}',
      '{"name":"x","type":"physical","price":1,"weight":1,"variants":[{"id":1e20}]}',
      '{"name":"x","type":"physical","price":1,"weight":1,"variants":[{"id":-5,"price":null}]}',
      '{"variants":[]}', '{"variants":null}', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      JSON.stringify({ line_items: Array.from({ length: 251 }, () => ({ product_id: 1, quantity: 1 })) }),
    ];
    // Every other server-to-server operation of the OpenAPI document too, ids filled from this cart or 1.
    const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const others = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/stores/{store_hash}/'))
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'delete'].includes(m)).map((m) => [m.toUpperCase(), path.slice('/stores/{store_hash}'.length)] as const))
      .filter(([method, path]) => !ROUTES.some(([m, p]) => m === method && p.replace('{addressId}', '{x}') === path.replace(/\{(\w+)\}/g, (_, n: string) => (n === 'checkoutId' ? '{cartId}' : n === 'addressId' ? '{x}' : `{${n}}`))))
      .map(([method, path]) => [method, path.replace('{checkoutId}', '{cartId}').replace(/\{(?!cartId|itemId|addressId|productId)\w+\}/g, '1')] as const);
    const paths = [
      ...ROUTES.map(([method, path]) => [method, fill(path)] as const),
      ...others.map(([method, path]) => [method, fill(path)] as const),
      ['GET', '/v3/carts/' + 'a'.repeat(300)], ['GET', '/v3/carts/%E0%A4%A'], ['GET', '/v3/carts/..%2F..%2Fetc'],
      ['GET', '/v3/catalog/products/abc'], ['GET', '/v3/catalog/products/-1'], ['GET', '/v3/catalog/products/99999999999999999999'],
      ['DELETE', '/v3/catalog/products/99999999999'], ['PUT', '/v3/catalog/products/99999999999'],
      ['GET', '/v3/catalog/products?page=0'], ['GET', '/v3/catalog/products?limit=100000'], ['GET', '/v3/catalog/products?page=abc&limit=-1'],
      ['GET', '/v3/catalog/products?id:in=1,2,x'], ['GET', '/v3/catalog/products?page=99999999999999'],
      ['GET', `/v3/checkouts/${cartId}?include=a&include=b`], ['GET', `/v3/checkouts/${cartId}?include=${'x'.repeat(1000)}`],
      ['GET', `/v3/carts/${UNKNOWN_ID}/items/x`], ['PUT', `/v3/carts/${cartId}/items/%00`], ['DELETE', `/v3/carts/${cartId}/items/%00`],
      ['PUT', `/v3/checkouts/${cartId}/billing-address/%00`],
    ] as const;
    const failures: string[] = [];
    for (const [method, path] of paths) {
      for (const body of method === 'GET' ? [undefined] : bodies) {
        const response = await t.api(method, path, body);
        if (response.statusCode >= 500 || response.statusCode < 200) failures.push(`${response.statusCode} ${method} ${path} ${String(body).slice(0, 80)}: ${response.body.slice(0, 200)}`);
        else if (response.statusCode >= 400 && !isUpstreamError(response.statusCode, response.body)) failures.push(`not upstream's shape: ${response.statusCode} ${method} ${path}: ${response.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

/** `{status, title, type, ...}`, the checkout's `{errors: [{status, title, type, detail}]}`, or v2's `[{status, message}]`. */
function isUpstreamError(status: number, body: string): boolean {
  const json = JSON.parse(body);
  if (Array.isArray(json)) return json[0]?.status === status && typeof json[0].message === 'string'; // the v2 API's shape
  const error = Array.isArray(json.errors) ? json.errors[0] : json;
  return error.status === status && typeof error.title === 'string' && error.type === TYPE;
}

function giftCertificate(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Gift',
    theme: 'General',
    amount: 25,
    quantity: 1,
    sender: { name: 'Sam', email: 'sam@example.com' },
    recipient: { name: 'Rae', email: 'rae@example.com' },
    ...overrides,
  };
}
