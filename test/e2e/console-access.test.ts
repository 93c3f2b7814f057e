import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { snapshotTables } from '../helpers/tables.js';

const CREDENTIAL = 'console-credential-0123456789';
const REMOTE = '203.0.113.7';

/**
 * Issue 16, item 1: the console and its admin API (docs/console.md). Local only by default: a
 * client off this machine, or one that came through a proxy, gets 403 and changes nothing. With
 * CONSIGN_CONSOLE_TOKEN, such a client is let in with that credential (Bearer, or a browser's
 * Basic prompt). The admin API lists and creates stores and makes a store's first token, through
 * the same service as the CLI.
 */
describe.each(STORE_KINDS)('the console\'s access and admin API on %s', (kind) => {
  let t: TestApp;
  let guarded: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    guarded = await createTestApp(kind, { consoleCredential: CREDENTIAL });
  });
  afterAll(async () => {
    await t.close();
    await guarded.close();
  });

  const admin = (app: TestApp, method: 'GET' | 'POST', url: string, body?: unknown, options: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
    app.app.inject({
      method,
      url,
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  it('serves the console page and lists stores to a client on this machine', async () => {
    const page = await admin(t, 'GET', '/console');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('/console/app.js');
    const script = await admin(t, 'GET', '/console/app.js', undefined, { remoteAddress: '::1' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^application\/javascript/);
    const stores = await admin(t, 'GET', '/consign/admin/stores', undefined, { remoteAddress: '::ffff:127.0.0.1' });
    expect(stores.statusCode).toBe(200);
    expect(stores.json().data).toContainEqual({ hash: t.hash, name: 'Consign Demo Store', demo: true, currency_code: 'USD' });
  });

  it('refuses every other client with 403 and a body that says why, and changes nothing', async () => {
    const before = await snapshotTables(t.testStore.store);
    for (const [method, url, body] of [['GET', '/console'], ['GET', '/console/api.js'], ['GET', '/consign/admin/stores'], ['POST', '/consign/admin/stores', { name: 'Sneaky' }], ['POST', `/consign/admin/stores/${t.hash}/tokens`, {}]] as const) {
      const refused = await admin(t, method, url, body, { remoteAddress: REMOTE });
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.json().title).toContain('only clients on this machine');
      expect(refused.json().title).toContain('CONSIGN_CONSOLE_TOKEN');
      expect(refused.body).not.toContain(t.hash);
    }
    // A proxy on this machine connects from loopback whoever its client is.
    const proxied = await admin(t, 'GET', '/consign/admin/stores', undefined, { headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(proxied.statusCode).toBe(403);
    expect((await admin(t, 'GET', '/console', undefined, { headers: { forwarded: 'for=127.0.0.1' } })).statusCode).toBe(403);
    // A credential means nothing when none is configured.
    expect((await admin(t, 'GET', '/consign/admin/stores', undefined, { remoteAddress: REMOTE, headers: { authorization: `Bearer ${CREDENTIAL}` } })).statusCode).toBe(403);
    expect(await snapshotTables(t.testStore.store)).toEqual(before);
  });

  it('with CONSIGN_CONSOLE_TOKEN, lets another machine in with that credential, and no one without it', async () => {
    const without = await admin(guarded, 'GET', '/consign/admin/stores', undefined, { remoteAddress: REMOTE });
    expect(without.statusCode).toBe(401);
    expect(without.headers['www-authenticate']).toMatch(/^Basic realm="Consign console"/);
    expect(without.json().title).toContain('CONSIGN_CONSOLE_TOKEN');
    const wrong = await admin(guarded, 'GET', '/console', undefined, { remoteAddress: REMOTE, headers: { authorization: 'Bearer not-the-credential' } });
    expect(wrong.statusCode).toBe(401);
    const bearer = await admin(guarded, 'GET', '/consign/admin/stores', undefined, { remoteAddress: REMOTE, headers: { authorization: `Bearer ${CREDENTIAL}` } });
    expect(bearer.statusCode).toBe(200);
    const basic = Buffer.from(`anyone:${CREDENTIAL}`).toString('base64');
    expect((await admin(guarded, 'GET', '/console', undefined, { remoteAddress: REMOTE, headers: { authorization: `Basic ${basic}` } })).statusCode).toBe(200);
    // This machine's own clients still need nothing.
    expect((await admin(guarded, 'GET', '/consign/admin/stores')).statusCode).toBe(200);
  });

  it('creates a store, and a token for it that works on the management API and is listed and revocable', async () => {
    const created = await admin(t, 'POST', '/consign/admin/stores', { name: 'Console Store', hash: `console${kind}` });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data).toEqual({ hash: `console${kind}`, name: 'Console Store', demo: false, currency_code: 'USD' });
    expect((await admin(t, 'GET', '/consign/admin/stores')).json().data.map((s: { hash: string }) => s.hash)).toContain(`console${kind}`);

    const made = await admin(t, 'POST', `/consign/admin/stores/console${kind}/tokens`, {});
    expect(made.statusCode, made.body).toBe(201);
    const account = made.json().data;
    expect(account).toMatchObject({ name: 'console', store_hash: `console${kind}`, token: expect.stringMatching(/^[a-z0-9]{31}$/), expires_at: null });
    const headers = { 'x-auth-token': account.token };
    const listed = await t.app.inject({ method: 'GET', url: `/stores/console${kind}/v3/consign/api-accounts`, headers });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data.map((a: { id: number; name: string }) => [a.id, a.name])).toEqual([[account.id, 'console']]);
    const revoked = await t.app.inject({ method: 'DELETE', url: `/stores/console${kind}/v3/consign/api-accounts/${account.id}`, headers });
    expect(revoked.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/stores/console${kind}/v3/consign/api-accounts`, headers })).statusCode).toBe(401);

    // No body at all: every field has its default.
    const bare = await admin(t, 'POST', `/consign/admin/stores/console${kind}/tokens`);
    expect(bare.statusCode, bare.body).toBe(201);
    expect(bare.json().data).toMatchObject({ name: 'console', scopes: expect.arrayContaining(['store_cart', 'store_checkout']) });
    const narrow = await admin(t, 'POST', `/consign/admin/stores/console${kind}/tokens`, { name: 'reader', scopes: ['store_cart_read_only'] });
    expect(narrow.json().data).toMatchObject({ name: 'reader', scopes: ['store_cart_read_only'] });
  });

  it('refuses a taken or malformed hash, an unknown store and unknown scopes with 4xx, changing nothing', async () => {
    const before = await snapshotTables(t.testStore.store);
    const taken = await admin(t, 'POST', '/consign/admin/stores', { name: 'Again', hash: t.hash });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().title).toBe(`A store with hash ${t.hash} exists already.`);
    expect((await admin(t, 'POST', '/consign/admin/stores', { hash: 'Not A Hash!' })).statusCode).toBe(422);
    const unknown = await admin(t, 'POST', '/consign/admin/stores/nosuchstore/tokens', {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().title).toBe('No store has the hash nosuchstore.');
    expect((await admin(t, 'POST', `/consign/admin/stores/${t.hash}/tokens`, { scopes: ['store_everything'] })).statusCode).toBe(422);
    expect(await snapshotTables(t.testStore.store)).toEqual(before);
  });

  it('reads CONSIGN_CONSOLE_TOKEN, refusing one short enough to guess', () => {
    expect(readConfig({ CONSIGN_CONSOLE_TOKEN: CREDENTIAL }, false).consoleCredential).toBe(CREDENTIAL);
    expect(readConfig({}, false).consoleCredential).toBeUndefined();
    expect(() => readConfig({ CONSIGN_CONSOLE_TOKEN: 'short' }, false)).toThrow('at least 16 characters');
  });
});
