import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { readFixture, seed } from '../../src/api/seed.js';
import { ALL_SCOPES } from '../../src/domain/scopes.js';
import { DEMO_FIXTURE } from '../helpers/app.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';
import { checkResponses } from '../helpers/checked-responses.js';

const DAY = 24 * 60 * 60 * 1000;
const TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

/** Carts expire 30 days after their last change (upstream's rule), seen through the API with a moved clock. */
describe.each(STORE_KINDS)('cart expiry over HTTP on %s', (kind) => {
  let testStore: TestStore;
  let app: FastifyInstance;
  let hash: string;
  let token: string;
  let now = Date.parse('2026-03-01T12:00:00Z');

  beforeAll(async () => {
    testStore = await openTestStore(kind);
    app = checkResponses(await buildApp({ store: testStore.store, now: () => now }));
    const record = await seed(app.consign, await readFixture(DEMO_FIXTURE));
    hash = record.hash;
    token = await app.consign.accounts.createToken(record.id, ALL_SCOPES);
  });
  afterAll(async () => {
    await app.close();
    await testStore.destroy();
  });

  const api = (method: string, path: string, body?: unknown) =>
    app.inject({
      method: method as 'GET',
      url: `/stores/${hash}${path}`,
      headers: { 'x-auth-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  it('a cart lives 30 days from its last change, then is 404 on every route, in each route\'s shape', async () => {
    const created = await api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] });
    expect(created.statusCode).toBe(201);
    const cart = created.json().data;
    expect(cart.created_time).toBe(new Date(now).toISOString().replace(/\.\d{3}Z$/, '+00:00'));

    now += 30 * DAY - 1;
    expect((await api('GET', `/v3/carts/${cart.id}`)).statusCode).toBe(200);
    // A change restarts the 30 days; a read does not.
    const changed = await api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'still here' });
    expect(changed.statusCode).toBe(200);
    const changedAt = now;

    now = changedAt + 30 * DAY - 1;
    expect((await api('GET', `/v3/checkouts/${cart.id}`)).statusCode).toBe(200);
    now = changedAt + 30 * DAY;
    const cartGone = await api('GET', `/v3/carts/${cart.id}`);
    expect(cartGone.statusCode).toBe(404);
    expect(cartGone.json()).toEqual({ status: 404, title: 'Cart not found.', type: TYPE });
    const checkoutGone = await api('GET', `/v3/checkouts/${cart.id}`);
    expect(checkoutGone.statusCode).toBe(404);
    expect(checkoutGone.json()).toEqual({ errors: [{ status: 404, title: 'Checkout not found.', type: TYPE, detail: 'Checkout not found.' }] });
    expect((await api('POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 1, quantity: 1 }] })).statusCode).toBe(404);
    expect((await api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'too late' })).statusCode).toBe(404);
    expect((await api('DELETE', `/v3/carts/${cart.id}`)).statusCode).toBe(404);
  });
});
