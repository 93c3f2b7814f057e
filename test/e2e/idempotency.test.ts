import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { Shopper } from '../storefront/shopper.js';

const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const CART = { line_items: [{ product_id: 1, quantity: 2 }] };

describe.each(STORE_KINDS)('Idempotency-Key on %s', (kind) => {
  let t: TestApp;
  let db: Kysely<Database>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    // The test looks at the tables directly: how many carts exist, and when keys expire.
    db = (t.testStore.store as unknown as { db: Kysely<Database> }).db;
  });
  afterAll(async () => t.close());

  let counter = 0;
  const freshKey = () => `key-${kind}-${Date.now()}-${++counter}`;
  const withKey = (key: string) => ({ headers: { 'idempotency-key': key } });
  const cartCount = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM carts`.execute(db)).rows[0]!.n);
  const keyCount = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM idempotency_keys`.execute(db)).rows[0]!.n);

  it('leaves requests without the header alone: no key is stored', async () => {
    const before = await keyCount();
    expect((await t.api('POST', '/v3/carts', CART)).statusCode).toBe(201);
    expect(await keyCount()).toBe(before);
  });

  it('takes a key on POST only: a PUT, a GET or a DELETE sent with one is done as if it had none, and no key is stored', async () => {
    const cart = (await t.api('POST', '/v3/carts', CART)).json().data;
    const before = await keyCount();
    const key = freshKey();
    const puts = [];
    for (let i = 0; i < 2; i++) puts.push(await t.api('PUT', `/v3/carts/${cart.id}`, { customer_id: 0 }, withKey(key)));
    expect(puts.map((a) => a.statusCode)).toEqual([201, 201]);
    expect(puts.map((a) => a.headers['idempotent-replayed'])).toEqual([undefined, undefined]);
    expect(puts.map((a) => a.json().data.version)).toEqual([2, 3]);
    // Not even the key's shape is checked off POST.
    expect((await t.api('GET', `/v3/carts/${cart.id}`, undefined, withKey(''))).statusCode).toBe(200);
    expect((await t.api('DELETE', `/v3/carts/${cart.id}`, undefined, withKey(key))).statusCode).toBe(204);
    expect(await keyCount()).toBe(before);
  });

  it('replays a retried POST /v3/carts: the same cart, once, marked Idempotent-Replayed', async () => {
    const key = freshKey();
    const before = await cartCount();
    const first = await t.api('POST', '/v3/carts', CART, withKey(key));
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await t.api('POST', '/v3/carts', CART, withKey(key));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.body).toBe(first.body);
    expect(retry.json().data.id).toBe(first.json().data.id);
    expect(await cartCount()).toBe(before + 1);
    // Key order and spacing in the JSON do not make a different request.
    const respaced = await t.api('POST', '/v3/carts', '{ "line_items": [ { "quantity": 2, "product_id": 1 } ] }', withKey(key));
    expect(respaced.statusCode).toBe(201);
    expect(respaced.json().data.id).toBe(first.json().data.id);
    expect(await cartCount()).toBe(before + 1);
  });

  it('adds items once however often POST /v3/carts/{id}/items is retried', async () => {
    const cart = (await t.api('POST', '/v3/carts', CART)).json().data;
    const key = freshKey();
    const body = { line_items: [{ product_id: 4, quantity: 3 }] };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await t.api('POST', `/v3/carts/${cart.id}/items`, body, withKey(key)));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(answers.map((a) => a.headers['idempotent-replayed'])).toEqual([undefined, 'true', 'true']);
    const read = (await t.api('GET', `/v3/carts/${cart.id}`)).json().data;
    expect(read.version).toBe(2);
    expect(read.line_items.physical_items.find((i: { product_id: number }) => i.product_id === 4).quantity).toBe(3);
  });

  it('refuses the same key with another body, or on another cart, with 422 and creates nothing', async () => {
    const key = freshKey();
    const first = await t.api('POST', '/v3/carts', CART, withKey(key));
    expect(first.statusCode).toBe(201);
    const before = await cartCount();
    const other = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 3 }] }, withKey(key));
    expect(other.statusCode).toBe(422);
    expect(other.json()).toEqual({
      status: 422,
      title: 'This Idempotency-Key was already used with a different request.',
      type: ERROR_TYPE,
      errors: { 'Idempotency-Key': 'was already used with a different request' },
    });
    expect(await cartCount()).toBe(before);

    const [a, b] = [(await t.api('POST', '/v3/carts', CART)).json().data, (await t.api('POST', '/v3/carts', CART)).json().data];
    const itemsKey = freshKey();
    const body = { line_items: [{ product_id: 4, quantity: 1 }] };
    expect((await t.api('POST', `/v3/carts/${a.id}/items`, body, withKey(itemsKey))).statusCode).toBe(201);
    expect((await t.api('POST', `/v3/carts/${b.id}/items`, body, withKey(itemsKey))).statusCode).toBe(422);
    expect((await t.api('GET', `/v3/carts/${b.id}`)).json().data.version).toBe(1);
  });

  it('scopes a key to its API account and its route', async () => {
    const key = freshKey();
    const mine = await t.api('POST', '/v3/carts', CART, withKey(key));
    const otherToken = await t.tokenWith(['store_cart']);
    const theirs = await t.api('POST', '/v3/carts', CART, { token: otherToken, ...withKey(key) });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().data.id).not.toBe(mine.json().data.id);
    // The same key on another route is another key.
    const items = await t.api('POST', `/v3/carts/${mine.json().data.id}/items`, { line_items: [{ product_id: 4, quantity: 1 }] }, withKey(key));
    expect(items.statusCode).toBe(201);
    expect(items.headers['idempotent-replayed']).toBeUndefined();
  });

  it('replays a refusal the handler gave (4xx), but not a request the schema refused', async () => {
    const key = freshKey();
    const unknown = { line_items: [{ product_id: 987654, quantity: 1 }] };
    const first = await t.api('POST', '/v3/carts', unknown, withKey(key));
    expect(first.statusCode).toBe(422);
    const retry = await t.api('POST', '/v3/carts', unknown, withKey(key));
    expect(retry.statusCode).toBe(422);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);

    // A body the schema refuses never reaches the key: after fixing it, the key is still free.
    const schemaKey = freshKey();
    expect((await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: '2' }] }, withKey(schemaKey))).statusCode).toBe(422);
    const fixed = await t.api('POST', '/v3/carts', CART, withKey(schemaKey));
    expect(fixed.statusCode).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key with 400 and does nothing', async () => {
    const before = await cartCount();
    for (const key of ['', 'x'.repeat(256), 'has space', 'naïve']) {
      const response = await t.api('POST', '/v3/carts', CART, withKey(key));
      expect(response.statusCode, JSON.stringify(key)).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, type: ERROR_TYPE, errors: { 'Idempotency-Key': expect.any(String) } });
    }
    expect(await cartCount()).toBe(before);
    expect((await t.api('POST', '/v3/carts', CART, withKey('k'.repeat(255)))).statusCode).toBe(201);
    // A path that is no route answers as it always does.
    expect((await t.api('POST', '/v3/nowhere', CART, withKey('has space'))).statusCode).toBe(404);
  });

  it('runs concurrent requests with one key once: the others get 409 or the replay', async () => {
    const key = freshKey();
    const before = await cartCount();
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.api('POST', '/v3/carts', CART, withKey(key))));
    const created = answers.filter((a) => a.statusCode === 201);
    const conflicts = answers.filter((a) => a.statusCode === 409);
    expect(created.length + conflicts.length).toBe(8);
    expect(new Set(created.map((a) => a.json().data.id)).size).toBe(1);
    expect(created.filter((a) => a.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    for (const conflict of conflicts) expect(conflict.json()).toMatchObject({ status: 409, type: ERROR_TYPE });
    expect(await cartCount()).toBe(before + 1);
  });

  it('forgets a key after 24 hours: the same request then does the work again', async () => {
    const key = freshKey();
    const first = await t.api('POST', '/v3/carts', CART, withKey(key));
    const stored = await sql<{ expires_at: number | string }>`SELECT expires_at FROM idempotency_keys WHERE idempotency_key = ${key}`.execute(db);
    const expiresAt = Number(stored.rows[0]!.expires_at);
    expect(expiresAt - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    await sql`UPDATE idempotency_keys SET expires_at = ${Date.now() - 1} WHERE idempotency_key = ${key}`.execute(db);
    const later = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 3 }] }, withKey(key));
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json().data.id).not.toBe(first.json().data.id);
  });

  it('takes over a key whose first request never finished once its lease ends', async () => {
    const key = freshKey();
    const first = await t.api('POST', '/v3/carts', CART, withKey(key));
    // As a process killed mid-request would leave it: pending, with its lease over.
    await sql`UPDATE idempotency_keys SET status = NULL, body = NULL, expires_at = ${Date.now() - 1} WHERE idempotency_key = ${key}`.execute(db);
    const retry = await t.api('POST', '/v3/carts', CART, withKey(key));
    expect(retry.statusCode).toBe(201);
    expect(retry.json().data.id).not.toBe(first.json().data.id);
    // Pending with a live lease: the retry is told to wait.
    await sql`UPDATE idempotency_keys SET status = NULL, body = NULL, expires_at = ${Date.now() + 60_000} WHERE idempotency_key = ${key}`.execute(db);
    expect((await t.api('POST', '/v3/carts', CART, withKey(key))).statusCode).toBe(409);
  });

  const sessionCookie = (response: { headers: Record<string, unknown> }) =>
    ([] as string[]).concat((response.headers['set-cookie'] as string | string[] | undefined) ?? []).find((c) => c.startsWith('SHOP_SESSION_TOKEN='))?.split(';')[0];

  it('never replays a session to another browser: two shoppers behind one address, one key, two carts', async () => {
    // Issue 11, finding 4. Behind a proxy every shopper has the same address.
    const key = freshKey();
    const body = { lineItems: [{ productId: 1, quantity: 1 }] };
    const before = await cartCount();
    const keysBefore = await keyCount();
    const first = new Shopper(t.app);
    const answer = await first.request('POST', '/api/storefront/carts', body, { headers: { 'idempotency-key': key } });
    expect(answer.statusCode).toBe(200);
    const second = new Shopper(t.app);
    const other = await second.request('POST', '/api/storefront/carts', body, { headers: { 'idempotency-key': key } });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    // The second browser has a session and a cart of its own, not the first one's.
    expect(sessionCookie(other)).toBeDefined();
    expect(sessionCookie(other)).not.toBe(sessionCookie(answer));
    expect(other.json().id).not.toBe(answer.json().id);
    expect(await cartCount()).toBe(before + 2);
    // A cookieless request's key claims nothing: no row holds it, nor any session token.
    expect(await keyCount()).toBe(keysBefore);
    // Neither sees or changes the other's cart.
    expect((await second.request('GET', '/api/storefront/carts')).json().map((c: { id: string }) => c.id)).toEqual([other.json().id]);
    const reach = await second.request('POST', `/api/storefront/carts/${answer.json().id}/items`, { lineItems: [{ productId: 4, quantity: 1 }] });
    expect(reach.statusCode).toBe(404);
    expect((await first.request('GET', '/api/storefront/carts')).json()).toEqual([answer.json()]);
  });

  it('never replays a new session to the session that asked for it: a planted session gets nothing', async () => {
    // An attacker plants a session the service issued to them in the shopper's browser; binding a
    // cart gives the shopper a fresh session. A retry with the planted session must not get it.
    const attacker = new Shopper(t.app);
    await attacker.createCart();
    const shopper = new Shopper(t.app);
    for (const [name, value] of attacker.cookies) shopper.cookies.set(name, value);
    const key = freshKey();
    const body = { lineItems: [{ productId: 5, quantity: 1 }] };
    const created = await shopper.request('POST', '/api/storefront/carts', body, { headers: { 'idempotency-key': key } });
    expect(created.statusCode, created.body).toBe(200);
    const fresh = sessionCookie(created);
    expect(fresh).toBeDefined();
    const replay = await attacker.request('POST', '/api/storefront/carts', body, { headers: { 'idempotency-key': key } });
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBeUndefined();
    expect(sessionCookie(replay)).not.toBe(fresh);
    expect(replay.json().id).not.toBe(created.json().id);
    expect((await attacker.request('GET', '/api/storefront/carts')).json().map((c: { id: string }) => c.id)).not.toContain(created.json().id);
    // The shopper's browser still reaches its cart.
    expect((await shopper.request('GET', '/api/storefront/carts')).json().map((c: { id: string }) => c.id)).toEqual([created.json().id]);
  });

  it('keeps no session token in a saved answer, and replays none an older version saved', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const key = freshKey();
    const add = { lineItems: [{ productId: 5, quantity: 1 }] };
    expect((await shopper.request('POST', `/api/storefront/carts/${cart.id}/items`, add, { headers: { 'idempotency-key': key } })).statusCode).toBe(200);
    const stored = await sql<{ headers: string }>`SELECT headers FROM idempotency_keys WHERE idempotency_key = ${key}`.execute(db);
    expect(stored.rows[0]!.headers).not.toMatch(/cookie|xsrf/i);
    // As an older version saved it: with a session's cookie.
    const planted = JSON.stringify([['set-cookie', 'SHOP_SESSION_TOKEN=someone-else; Path=/'], ['x-xsrf-token', 'someone-elses']]);
    await sql`UPDATE idempotency_keys SET headers = ${planted} WHERE idempotency_key = ${key}`.execute(db);
    const again = await shopper.request('POST', `/api/storefront/carts/${cart.id}/items`, add, { headers: { 'idempotency-key': key } });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(JSON.stringify(again.headers['set-cookie'] ?? '')).not.toContain('someone-else');
    expect(again.headers['x-xsrf-token']).toBeUndefined();
  });

  it('scopes a storefront key to the session once there is one', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const itemKey = freshKey();
    const add = { lineItems: [{ productId: 5, quantity: 1 }] };
    const added = await shopper.request('POST', `/api/storefront/carts/${cart.id}/items`, add, { headers: { 'idempotency-key': itemKey } });
    expect(added.statusCode).toBe(200);
    const again = await shopper.request('POST', `/api/storefront/carts/${cart.id}/items`, add, { headers: { 'idempotency-key': itemKey } });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().lineItems.physicalItems).toHaveLength(3);
    // A replay to a session carries no cookie: it has its session already.
    expect(again.headers['set-cookie']).toBeUndefined();
    const other = new Shopper(t.app);
    await other.createCart();
    const stranger = await other.request('POST', `/api/storefront/carts/${cart.id}/items`, add, { headers: { 'idempotency-key': itemKey } });
    expect(stranger.statusCode).toBe(404);
  });

  it('refuses bodies nested deeper than 32 levels with 400 on every route, with a key or without, and hashes any other', async () => {
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const cart = (await t.api('POST', '/v3/carts', CART)).json().data;
    for (const depth of [33, 2_400]) {
      for (const headers of [{}, { 'idempotency-key': freshKey() }] as Record<string, string>[]) {
        const order = await t.api('POST', `/v3/checkouts/${cart.id}/orders`, deep(depth), { headers });
        expect(order.statusCode, order.body).toBe(400);
        expect(order.json()).toEqual({ status: 400, title: 'The request body nests arrays and objects more than 32 levels deep.', type: ERROR_TYPE, errors: {} });
        const storefront = await t.app.inject({
          method: 'POST',
          url: '/api/storefront/carts',
          headers: { ...headers, host: 'consign.test', 'content-type': 'application/json' },
          payload: `{"lineItems":[{"productId":1,"quantity":1}],"extra":${deep(depth)}}`,
        });
        expect(storefront.statusCode, storefront.body).toBe(400);
      }
    }
    // 32 levels are a body like any other: hashed, answered, and replayed.
    const key = freshKey();
    const payload = `{"line_items":[{"product_id":1,"quantity":1}],"extra":${deep(31)}}`;
    const first = await t.api('POST', '/v3/carts', payload, withKey(key));
    expect(first.statusCode, first.body).toBe(201);
    const retry = await t.api('POST', '/v3/carts', payload, withKey(key));
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
  });
});
