import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { readConfig } from '../../src/config.js';
import { ALL_SCOPES, SCOPE_FAMILIES } from '../../src/domain/scopes.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { Shopper } from '../storefront/shopper.js';

const PATH = '/v3/consign/requests';

interface Logged {
  id: number;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  started_at: string;
  dialect: string;
  request_body: string | null;
  response_body: string | null;
}

/**
 * Issue 16, item 2: each store's last requests, through `GET /v3/consign/requests`
 * (docs/request-log.md). Masking rule by rule is in test/domain/request-log-masking.test.ts and the
 * bounds in test/services/request-log.test.ts; here, what a user of the route sees.
 */
describe.each(STORE_KINDS)('the request log on %s', (kind) => {
  let t: TestApp;
  let other: { hash: string; token: string };
  beforeAll(async () => {
    t = await createTestApp(kind, { requestLog: { perStore: 30 } });
    const { store: _store, ...fixture } = await readFixture(DEMO_FIXTURE);
    const record = await seed(t.app.consign, fixture);
    other = { hash: record.hash, token: await t.app.consign.accounts.createToken(record.id, ALL_SCOPES) };
  });
  afterAll(async () => t.close());

  const log = async (query = '', token = t.token, hash = t.hash): Promise<Logged[]> => {
    const response = await t.api('GET', `/stores/${hash}${PATH}${query}`, undefined, { token });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  };

  it('shows each request: method, path, status, dialect, time and both bodies, newest first; never its own reads', async () => {
    const before = Date.now();
    const created = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 2 }] });
    expect(created.statusCode).toBe(201);
    const cartId = created.json().data.id as string;
    const missing = await t.api('GET', '/v3/carts/no-such-cart');
    expect(missing.statusCode).toBe(404);
    await log();
    const [newest, first] = await log('?limit=2');
    expect(newest).toMatchObject({ method: 'GET', path: '/v3/carts/no-such-cart'.replace(/^/, `/stores/${t.hash}`), status: 404, dialect: 'management', request_body: null });
    expect(JSON.parse(newest!.response_body!)).toEqual(missing.json());
    expect(first).toMatchObject({ method: 'POST', path: `/stores/${t.hash}/v3/carts`, status: 201, dialect: 'management' });
    expect(first!.request_body).toBe(JSON.stringify({ line_items: [{ product_id: 1, quantity: 2 }] }));
    expect(JSON.parse(first!.response_body!).data.id).toBe(cartId);
    expect(newest!.id).toBeGreaterThan(first!.id);
    expect(Date.parse(first!.started_at)).toBeGreaterThanOrEqual(before - 1);
    expect(first!.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('masks passwords, card numbers, CVVs, expiry dates, tokens and secrets', async () => {
    // A body the route refuses is logged as sent all the same: one of each kind of secret.
    const sent = { password: 'pw-one', current_password: 'pw-two', new_password: 'pw-three', card: { number: '4111111111111111', cvv: '737', expiry_month: 12, expiry_year: 2031 }, token: 'tk-four', client_secret: 'sc-five' };
    expect((await t.api('POST', '/v3/carts', sent)).statusCode).toBe(422);
    // A real token, in the answer to its creation.
    const account = await t.api('POST', '/v3/consign/api-accounts', { name: 'Logged', scopes: ['store_cart'] });
    const token = account.json().data.token as string;
    // A new customer's password.
    const customer = await t.api('POST', '/v3/customers', [{ email: 'logged@example.com', first_name: 'Lo', last_name: 'Gged', authentication: { new_password: 'pw-six-long1' } }]);
    expect(customer.statusCode, customer.body).toBe(200);
    // The card a checkout page pays with, at the payment gateway (the store its host selects).
    const card = { order: { id: '999999' }, payment: { gateway: 'testgateway', credit_card: { number: '4242424242424242', month: 11, year: 2032, verification_value: '321' } } };
    await t.app.inject({ method: 'POST', url: '/api/public/v1/orders/payments', headers: { host: `${t.hash}.localhost`, 'content-type': 'application/json', authorization: 'order-token-seven' }, payload: JSON.stringify(card) });

    // Secrets long enough to be unmistakable are searched for anywhere in the log. A CVV or an
    // expiry year may occur by chance inside a random id or a duration, so those are checked in
    // the fields that carried them, below.
    const text = JSON.stringify(await log());
    for (const secret of ['pw-one', 'pw-two', 'pw-three', '4111111111111111', 'tk-four', 'sc-five', token, 'pw-six-long1', '4242424242424242', 'order-token-seven']) {
      expect(text, secret).not.toContain(secret);
    }
    const entries = await log();
    const gateway = entries.find((e) => e.path === '/api/public/v1/orders/payments')!;
    expect(gateway.dialect).toBe('other');
    expect(JSON.parse(gateway.request_body!).payment.credit_card).toEqual({ number: '************4242', month: '***', year: '***', verification_value: '***' });
    expect(JSON.parse(entries.find((e) => e.status === 422)!.request_body!).card).toEqual({ number: '************1111', cvv: '***', expiry_month: '***', expiry_year: '***' });
    expect(JSON.parse(entries.find((e) => e.path.endsWith('/api-accounts'))!.response_body!).data).toMatchObject({ name: 'Logged', token: '***' });
  });

  it('keeps the newest requests of the store: of 80, the last 30', async () => {
    for (let i = 0; i < 80; i++) await t.api('GET', `/v3/carts/bounded-${i}`);
    const kept = await log('?limit=30');
    expect(kept.map((e) => e.path)).toEqual(Array.from({ length: 30 }, (_, i) => `/stores/${t.hash}/v3/carts/bounded-${79 - i}`));
    expect((await log('?limit=30')).length).toBe(30);
    const tooMany = await t.api('GET', `${PATH}?limit=31`);
    expect(tooMany.statusCode).toBe(422);
    expect(await log()).toHaveLength(30);
    // Not only shown: the process holds no more of the store's requests than that.
    const store = await t.app.consign.accounts.findStore(t.hash);
    expect(t.app.consign.requestLog!.recent(store!.id, 1_000)).toHaveLength(30);
  });

  it("shows a store's log to its own tokens only", async () => {
    await t.api('GET', '/v3/carts/only-in-a');
    await t.api('GET', `/stores/${other.hash}/v3/carts/only-in-b`, undefined, { token: other.token });
    expect((await t.api('GET', `/stores/${other.hash}${PATH}`)).statusCode).toBe(401);
    expect((await t.api('GET', `/stores/${t.hash}${PATH}`, undefined, { token: other.token })).statusCode).toBe(401);
    const mine = JSON.stringify(await log());
    const theirs = JSON.stringify(await log('', other.token, other.hash));
    expect(mine).toContain('only-in-a');
    expect(mine).not.toContain('only-in-b');
    expect(theirs).toContain('only-in-b');
    expect(theirs).not.toContain('only-in-a');
  });

  it('needs a token that may read every family: a cart token is refused, a read-only token of every family is not', async () => {
    const cartOnly = await t.tokenWith(['store_cart']);
    const refused = await t.api('GET', PATH, undefined, { token: cartOnly });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().title).toContain('every scope');
    const readOnly = await t.tokenWith(Object.values(SCOPE_FAMILIES).map((f) => f.read[0]));
    expect((await t.api('GET', PATH, undefined, { token: readOnly })).statusCode).toBe(200);
  });

  it('shows storefront requests under the store whose host they came to', async () => {
    const shopper = new Shopper(t.app, `${other.hash}.localhost`);
    const cart = await shopper.createCart();
    await shopper.request('GET', `/api/storefront/checkouts/${cart.id}`);
    const theirs = await log('', other.token, other.hash);
    const [read, created] = theirs;
    expect(read).toMatchObject({ method: 'GET', path: `/api/storefront/checkouts/${cart.id}`, status: 200, dialect: 'storefront' });
    expect(created).toMatchObject({ method: 'POST', path: '/api/storefront/carts', status: 200, dialect: 'storefront' });
    expect(JSON.parse(created!.response_body!).id).toBe(cart.id);
    expect(JSON.stringify(await log())).not.toContain(cart.id);
  });
});

describe('the request log switched off', () => {
  it('records nothing and says so at the route; CONSIGN_REQUEST_LOG=0 is the switch', async () => {
    const t = await createTestApp('sqlite', { requestLog: false });
    try {
      expect((await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).statusCode).toBe(201);
      const response = await t.api('GET', PATH);
      expect(response.statusCode).toBe(404);
      expect(response.json().title).toContain('CONSIGN_REQUEST_LOG');
      expect(t.app.consign.requestLog).toBeUndefined();
    } finally {
      await t.close();
    }
    expect(readConfig({ CONSIGN_REQUEST_LOG: '0' }).requestLog).toBe(false);
    expect(readConfig({}).requestLog).toBe(true);
    expect(() => readConfig({ CONSIGN_REQUEST_LOG: 'maybe' })).toThrow(/CONSIGN_REQUEST_LOG/);
  });
});
