import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { ALL_SCOPES, KNOWN_SCOPES } from '../../src/domain/scopes.js';
import { TOKEN_RECHECK_MS } from '../../src/services/accounts.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { snapshotTables } from '../helpers/tables.js';

const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const PATH = '/v3/consign/api-accounts';

/**
 * Issue 11, finding 7: tokens that can be listed, revoked and expire, through the management API
 * (`/v3/consign/api-accounts`, Consign's own). The CLI's side is in test/cli.test.ts, and the
 * promise that every process refuses a revoked token within TOKEN_RECHECK_MS (an expired one at
 * once) in test/reliability/tokens.test.ts.
 */
describe.each(STORE_KINDS)('API accounts through the management API on %s', (kind) => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await createTestApp(kind, { now: () => clock });
  });
  afterAll(async () => t.close());

  const cart = (token: string) => t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] }, { token });

  it('creates a token shown once, lists accounts without their tokens, and revokes one: refused at once', async () => {
    const created = await t.api('POST', PATH, { name: 'CI bot', scopes: ['store_cart', 'store_checkouts_read_only'] });
    expect(created.statusCode, created.body).toBe(201);
    const { data } = created.json();
    expect(data).toEqual({ id: expect.any(Number), name: 'CI bot', scopes: ['store_cart', 'store_checkouts_read_only'], created_at: expect.any(String), expires_at: null, token: expect.stringMatching(/^[a-z0-9]{31}$/) });
    expect(Math.abs(Date.parse(data.created_at) - clock)).toBeLessThan(1000);
    expect((await cart(data.token)).statusCode).toBe(201);

    const listed = await t.api('GET', PATH);
    expect(listed.statusCode).toBe(200);
    const accounts = listed.json().data as { id: number; name: string }[];
    expect(accounts.find((a) => a.id === data.id)).toEqual({ id: data.id, name: 'CI bot', scopes: ['store_cart', 'store_checkouts_read_only'], created_at: data.created_at, expires_at: null });
    expect(listed.body).not.toContain(data.token);
    expect(listed.body).not.toContain(t.token);

    const revoked = await t.api('DELETE', `${PATH}/${data.id}`);
    expect(revoked.statusCode).toBe(204);
    const refused = await cart(data.token);
    expect(refused.statusCode).toBe(401);
    expect((await t.api('GET', PATH)).json().data.some((a: { id: number }) => a.id === data.id)).toBe(false);
    // Revoked already: nothing to revoke.
    const again = await t.api('DELETE', `${PATH}/${data.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ status: 404, title: `API account ${data.id} was not found.`, type: ERROR_TYPE });
  });

  it('refuses a token once it expires, and lists it with its expiry', async () => {
    const expiresAt = new Date(clock + 3_600_000).toISOString();
    const created = (await t.api('POST', PATH, { name: 'Short-lived', scopes: ['store_cart'], expires_at: expiresAt })).json().data;
    expect(created.expires_at).toBe(expiresAt);
    expect((await cart(created.token)).statusCode).toBe(201);
    clock += 3_599_000;
    expect((await cart(created.token)).statusCode).toBe(201);
    clock += 1_000;
    expect((await cart(created.token)).statusCode).toBe(401);
    const listed = (await t.api('GET', PATH)).json().data.find((a: { id: number }) => a.id === created.id);
    expect(listed.expires_at).toBe(expiresAt);
  });

  it('answers only a token that may write everywhere: 403 for any narrower one, reading included', async () => {
    const narrow = await t.tokenWith(KNOWN_SCOPES.filter((s) => s !== 'store_v2_marketing'));
    for (const [method, path, body] of [['GET', PATH, undefined], ['POST', PATH, { name: 'x', scopes: ['store_cart'] }], ['DELETE', `${PATH}/1`, undefined]] as const) {
      const response = await t.api(method, path, body, { token: narrow });
      expect(response.statusCode, `${method} ${path}`).toBe(403);
      expect(response.json().title).toContain('every scope');
    }
    expect((await t.api('GET', PATH, undefined, { token: await t.tokenWith([...ALL_SCOPES]) })).statusCode).toBe(200);
  });

  it('refuses bad requests with 422 and creates nothing', async () => {
    const before = await snapshotTables(t.testStore.store);
    const cases: [unknown, string][] = [
      [{ name: 'x', scopes: ['store_everything'] }, 'scopes.0'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ scopes: ['store_cart'] }, 'name'],
      [{ name: '', scopes: ['store_cart'] }, 'name'],
      [{ name: 'x', scopes: ['store_cart'], expires_at: 'tomorrow' }, 'expires_at'],
      [{ name: 'x', scopes: ['store_cart'], expires_at: new Date(clock - 1000).toISOString() }, 'expires_at'],
    ];
    for (const [body, field] of cases) {
      const response = await t.api('POST', PATH, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(Object.keys(response.json().errors).join(' '), JSON.stringify(body)).toContain(field);
    }
    for (const id of ['0', 'abc', '99999999999']) expect((await t.api('DELETE', `${PATH}/${id}`)).statusCode, id).toBe(422);
    expect((await t.api('DELETE', `${PATH}/999999`)).statusCode).toBe(404);
    expect(await snapshotTables(t.testStore.store)).toEqual(before);
  });

  it("never reaches another store's accounts: its ids are unknown here", async () => {
    const other = await t.app.consign.accounts.createStore();
    const { account } = await t.app.consign.accounts.createApiAccount(other.id, ['store_cart']);
    expect((await t.api('DELETE', `${PATH}/${account.id}`)).statusCode).toBe(404);
    expect((await t.api('GET', PATH)).json().data.some((a: { id: number }) => a.id === account.id)).toBe(false);
    expect((await t.app.consign.accounts.listApiAccounts(other.id)).map((a) => a.id)).toEqual([account.id]);
  });

  it('a token revoked through another app over the same database is refused by this one once TOKEN_RECHECK_MS has passed', async () => {
    const created = (await t.api('POST', PATH, { name: 'Shared', scopes: ['store_cart'] })).json().data;
    // This app has just accepted the token: what it keeps of it must not outlive the recheck.
    expect((await cart(created.token)).statusCode).toBe(201);
    const store = await t.testStore.reopen();
    const elsewhere = await buildApp({ store });
    try {
      const revoked = await elsewhere.inject({ method: 'DELETE', url: `/stores/${t.hash}${PATH}/${created.id}`, headers: { 'x-auth-token': t.token } });
      expect(revoked.statusCode).toBe(204);
    } finally {
      await elsewhere.close();
      await store.close();
    }
    clock += TOKEN_RECHECK_MS;
    expect((await cart(created.token)).statusCode).toBe(401);
  });
});
