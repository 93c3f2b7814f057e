import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { readConfig } from '../../src/config.js';
import { MAX_LEASE } from '../../src/services/rate-limit-leases.js';
import type { Database } from '../../src/store/schema.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { checkResponses } from '../helpers/checked-responses.js';

const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const CART = { line_items: [{ product_id: 1, quantity: 1 }] };

describe.each(STORE_KINDS)('rate limits on %s', (kind) => {
  let t: TestApp;
  let db: Kysely<Database>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    db = (t.testStore.store as unknown as { db: Kysely<Database> }).db;
    const fixture = await readFixture(DEMO_FIXTURE);
    // Tight limits, set as a fixture sets them: 3 per token and 5 per client address a minute;
    // and a store whose per-token window is short enough to watch it end.
    await seed(t.app.consign, {
      ...fixture,
      store: { ...fixture.store, hash: 'tight', storefront_hosts: ['tight.test'], rate_limit: { per_token: { quota: 3, window_ms: 60_000 }, per_client: { quota: 5, window_ms: 60_000 } } },
    });
    await seed(t.app.consign, { ...fixture, store: { ...fixture.store, hash: 'brief', rate_limit: { per_token: { quota: 2, window_ms: 300 }, per_client: { quota: 0, window_ms: 1 } } } });
  });
  afterAll(async () => t.close());

  const cartCount = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM carts`.execute(db)).rows[0]!.n);
  const limits = (headers: Record<string, unknown>) => ({
    window: headers['x-rate-limit-time-window-ms'],
    quota: headers['x-rate-limit-requests-quota'],
    left: headers['x-rate-limit-requests-left'],
    reset: Number(headers['x-rate-limit-time-reset-ms']),
  });

  it("sends upstream's X-Rate-Limit-* headers on every management response, with generous defaults", async () => {
    const token = await t.tokenWith(['store_cart']);
    const first = await t.api('GET', '/v3/carts/none', undefined, { token });
    expect(first.statusCode).toBe(404);
    expect(limits(first.headers)).toMatchObject({ window: '30000', quota: '100000', left: '99999' });
    expect(limits(first.headers).reset).toBeGreaterThan(29_000);
    const second = await t.api('POST', '/v3/carts', CART, { token });
    expect(second.statusCode).toBe(201);
    expect(limits(second.headers)).toMatchObject({ quota: '100000', left: '99998' });
    // A scope refusal is counted and answered with the headers too.
    const forbidden = await t.api('GET', '/v3/catalog/products', undefined, { token });
    expect(forbidden.statusCode).toBe(403);
    expect(limits(forbidden.headers).left).toBe('99997');
  });

  it('refuses the request over a token\'s quota with 429, changing nothing, until the window ends', async () => {
    const token = await t.tokenWith(['store_cart'], 'tight');
    const before = await cartCount();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await t.api('POST', '/stores/tight/v3/carts', CART, { token }));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 429]);
    expect(answers.map((a) => a.headers['x-rate-limit-requests-left'])).toEqual(['2', '1', '0', '0']);
    const refused = answers[3]!;
    expect(refused.json()).toEqual({ status: 429, title: 'Too many requests', type: ERROR_TYPE, errors: {} });
    expect(limits(refused.headers)).toMatchObject({ window: '60000', quota: '3' });
    expect(limits(refused.headers).reset).toBeGreaterThan(50_000);
    expect(await cartCount()).toBe(before + 3);
    // Every route of the store, reads too; v2 routes answer in the v2 shape.
    expect((await t.api('GET', '/stores/tight/v3/carts/none', undefined, { token })).statusCode).toBe(429);
    const v2 = await t.api('GET', '/stores/tight/v2/orders/1', undefined, { token });
    expect(v2.statusCode).toBe(429);
    expect(v2.json()).toEqual([{ status: 429, message: 'Too many requests' }]);

    // Another token has its own budget; the demo store's are untouched.
    const other = await t.tokenWith(['store_cart'], 'tight');
    expect((await t.api('POST', '/stores/tight/v3/carts', CART, { token: other })).statusCode).toBe(201);
    expect((await t.api('POST', '/v3/carts', CART)).statusCode).toBe(201);
  });

  it('limits a client address across its tokens, and each address on its own', async () => {
    const address = '203.0.113.7';
    const from = (remoteAddress: string, token: string) =>
      t.app.inject({ method: 'GET', url: '/stores/tight/v3/carts/none', remoteAddress, headers: { 'x-auth-token': token } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await from(address, await t.tokenWith(['store_cart'], 'tight'))).statusCode);
    // Five a minute per address, whichever token: the sixth is refused although its token is fresh.
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
    const elsewhere = await from('203.0.113.8', await t.tokenWith(['store_cart'], 'tight'));
    expect(elsewhere.statusCode).toBe(404);
  });

  it('limits the storefront per client address, with the same 429', async () => {
    const shop = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/storefront/carts', remoteAddress, headers: { host: 'tight.test', 'content-type': 'application/json' }, payload: JSON.stringify({ lineItems: [{ productId: 1, quantity: 1 }] }) });
    const before = await cartCount();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await shop('198.51.100.20'));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers[5]!.json()).toEqual({ status: 429, title: 'Too many requests', type: ERROR_TYPE, detail: 'Too many requests' });
    expect(limits(answers[5]!.headers)).toMatchObject({ quota: '5', left: '0' });
    expect(await cartCount()).toBe(before + 5);
  });

  it('gives a token its quota back when the window ends', async () => {
    const token = await t.tokenWith(['store_cart'], 'brief');
    const get = () => t.api('GET', '/stores/brief/v3/carts/none', undefined, { token });
    expect([(await get()).statusCode, (await get()).statusCode, (await get()).statusCode]).toEqual([404, 404, 429]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const after = await get();
    expect(after.statusCode).toBe(404);
    expect(limits(after.headers)).toMatchObject({ window: '300', quota: '2', left: '1' });
  });
});

describe.each(STORE_KINDS)('failed authentications on %s', (kind) => {
  it('counts refused tokens per client address: past the limit every request from it gets 429, right token or wrong', async () => {
    const t = await createTestApp(kind, { rateLimits: { perToken: { quota: 0, windowMs: 1 }, perClient: { quota: 5, windowMs: 60_000 } } });
    try {
      const from = (remoteAddress: string, token: string | undefined, url = `/stores/${t.hash}/v3/carts/none`) =>
        t.app.inject({ method: 'GET', url, remoteAddress, headers: token === undefined ? {} : { 'x-auth-token': token } });
      const guesser = '203.0.113.50';
      const other = await t.app.consign.accounts.createStore();
      const otherToken = await t.tokenWith(['store_cart'], other.hash);
      // Five failures of every kind: no token, a wrong one, another store's, a hash no store has, a v2 route.
      const failures = [
        await from(guesser, undefined),
        await from(guesser, 'x'.repeat(31)),
        await from(guesser, otherToken),
        await from(guesser, 'y'.repeat(31), '/stores/nosuchstore/v3/carts/none'),
        await from(guesser, 'z'.repeat(31), `/stores/${t.hash}/v2/orders/1`),
      ];
      expect(failures.map((f) => f.statusCode)).toEqual([401, 401, 401, 401, 401]);
      expect(failures.map((f) => f.headers['x-rate-limit-requests-left'])).toEqual(['4', '3', '2', '1', '0']);
      // The sixth guess, and even the right token, from that address: 429, telling them apart by nothing.
      const guess = await from(guesser, 'w'.repeat(31));
      const right = await from(guesser, t.token);
      expect([guess.statusCode, right.statusCode]).toEqual([429, 429]);
      expect(right.body).toBe(guess.body);
      expect(right.json()).toEqual({ status: 429, title: 'Too many requests', type: ERROR_TYPE, errors: {} });
      expect([right.headers['x-rate-limit-time-window-ms'], right.headers['x-rate-limit-requests-quota'], right.headers['x-rate-limit-requests-left']]).toEqual(['60000', '5', '0']);
      const v2 = await from(guesser, t.token, `/stores/${t.hash}/v2/orders/1`);
      expect(v2.statusCode).toBe(429);
      expect(v2.json()).toEqual([{ status: 429, message: 'Too many requests' }]);
      // Another address is untouched, with a right token or a wrong one.
      expect((await from('203.0.113.51', t.token)).statusCode).toBe(404);
      expect((await from('203.0.113.51', 'x'.repeat(31))).statusCode).toBe(401);
      // Accepted requests do not count as failures.
      for (let i = 0; i < 4; i++) expect((await from('203.0.113.52', t.token)).statusCode).toBe(404);
      expect((await from('203.0.113.52', 'x'.repeat(31))).headers['x-rate-limit-requests-left']).toBe('4');
    } finally {
      await t.close();
    }
  });
});

describe('rate limit configuration', () => {
  it('reads service-wide defaults from the environment, QUOTA/WINDOW_MS or 0 for none', () => {
    expect(readConfig({}).rateLimits).toEqual({ perToken: { quota: 100_000, windowMs: 30_000 }, perClient: { quota: 200_000, windowMs: 30_000 } });
    const config = readConfig({ CONSIGN_RATE_LIMIT_PER_TOKEN: '600/60000', CONSIGN_RATE_LIMIT_PER_CLIENT: '0' });
    expect(config.rateLimits).toEqual({ perToken: { quota: 600, windowMs: 60_000 }, perClient: { quota: 0, windowMs: 30_000 } });
    expect(() => readConfig({ CONSIGN_RATE_LIMIT_PER_TOKEN: '600' })).toThrow(/QUOTA\/WINDOW_MS/);
    expect(() => readConfig({ CONSIGN_RATE_LIMIT_PER_CLIENT: '10/0' })).toThrow(/QUOTA\/WINDOW_MS/);
    expect(readConfig({ CONSIGN_REQUEST_TIMEOUT_MS: '5000' }).requestTimeoutMs).toBe(5000);
    expect(() => readConfig({ CONSIGN_REQUEST_TIMEOUT_MS: '-1' })).toThrow(/positive/);
  });

  it('reads where to count them: REDIS_URL, its key prefix, and how long a request waits for the count', () => {
    expect(readConfig({}).rateLimitCounting).toEqual({ timeoutMs: 250 });
    expect(readConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2', CONSIGN_REDIS_KEY_PREFIX: 'shop:', CONSIGN_RATE_LIMIT_TIMEOUT_MS: '100' }).rateLimitCounting).toEqual({
      redisUrl: 'redis://127.0.0.1:6379/2',
      redisKeyPrefix: 'shop:',
      timeoutMs: 100,
    });
    expect(() => readConfig({ REDIS_URL: '127.0.0.1:6379' })).toThrow(/REDIS_URL must start with redis:\/\//);
    expect(() => readConfig({ CONSIGN_RATE_LIMIT_TIMEOUT_MS: '0' })).toThrow(/positive/);
  });

  it.each(STORE_KINDS)('counts in memory on SQLite and in rate_limit_windows on PostgreSQL (%s)', async (kind) => {
    const t = await createTestApp(kind);
    try {
      expect((await t.api('GET', '/v3/carts/none')).statusCode).toBe(404);
      const db = (t.testStore.store as unknown as { db: Kysely<Database> }).db;
      const windows = (await sql<{ bucket: string; count: number }>`SELECT bucket, count FROM rate_limit_windows ORDER BY bucket`.execute(db)).rows;
      if (kind === 'sqlite') expect(windows).toEqual([]);
      // The first request leased a batch of places in each window (rate-limit-leases.ts): the
      // defaults are large enough for the largest batch.
      else expect(windows.map((w) => [w.bucket.split(' ')[0], Number(w.count)])).toEqual([['c', MAX_LEASE], ['t', MAX_LEASE]]);
    } finally {
      await t.close();
    }
  });

  it('applies them to stores that set none of their own', async () => {
    const t = await createTestApp('sqlite');
    try {
      const { buildApp } = await import('../../src/api/app.js');
      const app = checkResponses(await buildApp({ store: t.testStore.store, rateLimits: { perToken: { quota: 1, windowMs: 60_000 }, perClient: { quota: 0, windowMs: 1 } } }));
      try {
        const ask = () => app.inject({ method: 'GET', url: `/stores/${t.hash}/v3/carts/none`, headers: { 'x-auth-token': t.token } });
        expect((await ask()).statusCode).toBe(404);
        expect((await ask()).statusCode).toBe(429);
      } finally {
        // The app does not own the store; the test app closes it.
        await app.close();
      }
    } finally {
      await t.close();
    }
  });
});
