import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/api/app.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { placeOrder, prepareCart } from '../helpers/management-routes.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { snapshotTables } from '../helpers/tables.js';

/**
 * What every route does with a request body before its own rules (docs/reliability.md): a body
 * nested deeper than MAX_JSON_DEPTH is refused with 400 in the route's dialect, with or without an
 * Idempotency-Key, and changes nothing; and a route upstream gives no body ignores one.
 */
const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe.each(STORE_KINDS)('request bodies on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  it(`refuses a body nested more than ${MAX_JSON_DEPTH} levels on every route that takes one, in its dialect, changing nothing`, async () => {
    const { cartId } = await prepareCart(t);
    const routes = t.app.routeTable.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    expect(routes.length).toBeGreaterThan(40);
    const before = await snapshotTables(t.testStore.store);
    for (const route of routes) {
      const url = route.url.replace(':store_hash', t.hash).replace(/:\w+/g, cartId);
      for (const [depth, key] of [[MAX_JSON_DEPTH + 1, undefined], [2_400, `deep-${route.method}-${url}`]] as const) {
        const response = await t.app.inject({
          method: route.method as 'POST',
          url,
          headers: { 'x-auth-token': t.token, host: 'consign.test', 'content-type': 'application/json', ...(key ? { 'idempotency-key': key.slice(0, 255) } : {}) },
          payload: `{"a":${deep(depth - 1)}}`,
        });
        const where = `${route.method} ${route.url} at depth ${depth}: ${response.body}`;
        expect(response.statusCode, where).toBe(400);
        const title = `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`;
        if (url.includes('/v2/')) expect(response.json(), where).toEqual([{ status: 400, message: title }]);
        // The console's admin API answers in v3's shape too (docs/console.md).
        else if (url.startsWith('/stores/') || url.startsWith('/consign/')) expect(response.json(), where).toEqual({ status: 400, title, type: ERROR_TYPE, errors: {} });
        // The SDK's internal order route and the payment gateway have shapes of their own (docs/payments.md).
        else if (url === '/internalapi/v1/checkout/order') expect(response.json(), where).toEqual({ status: 400, title, type: ERROR_TYPE, errors: [title] });
        else if (url.startsWith('/api/public/')) expect(response.json(), where).toEqual({ status: 'error', errors: [{ code: 'error', message: title }] });
        else expect(response.json(), where).toEqual({ status: 400, title, type: ERROR_TYPE, detail: title });
      }
    }
    expect(await snapshotTables(t.testStore.store)).toEqual(before);
  });

  it('places an order whatever body POST /v3/checkouts/{id}/orders is sent: upstream gives it none, so it is ignored', async () => {
    await placeOrder(t);
    for (const body of [undefined, {}, { status_id: 11, customer_id: 7, products: [{ id: 1 }] }, [1, 2], 'null']) {
      const { cartId } = await prepareCart(t);
      const order = await t.api('POST', `/v3/checkouts/${cartId}/orders`, body);
      expect(order.statusCode, order.body).toBe(200);
      const placed = await t.api('GET', `/v2/orders/${order.json().data.id}`);
      expect(placed.json()).toMatchObject({ status: 'Incomplete', customer_id: 0 });
    }
    // Only JSON within the limits: anything else is refused before the route looks at it.
    const { cartId } = await prepareCart(t);
    expect((await t.api('POST', `/v3/checkouts/${cartId}/orders`, '{not json')).statusCode).toBe(400);
  });
});
