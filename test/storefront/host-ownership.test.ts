import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { DEFAULT_SETTINGS } from '../../src/domain/store-settings.js';
import { ALL_SCOPES } from '../../src/domain/scopes.js';
import type { Database } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { Shopper } from './shopper.js';

const dbOf = (store: Store) => (store as unknown as { db: Kysely<Database> }).db;

/**
 * Issue 11, finding 2: no store takes another's storefront. A host belongs to one store, by the
 * database's primary key; the service's own names (localhost, IP addresses, the name the API is
 * reached at) are the default store's (docs/storefront.md).
 */
describe.each(STORE_KINDS)('storefront host ownership on %s', (kind) => {
  let t: TestApp;
  let hash: string;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const { store: _store, ...fixture } = await readFixture(DEMO_FIXTURE);
    const record = await seed(t.app.consign, fixture);
    hash = record.hash;
    token = await t.app.consign.accounts.createToken(record.id, ALL_SCOPES);
  });
  afterAll(async () => t.close());

  const put = (hosts: string[], host = 'api.consign.test:3000', as = token, storeHash = hash) =>
    t.api('PUT', `/stores/${storeHash}/v3/storefront/settings`, { storefront_hosts: hosts }, { token: as, headers: { host } });
  const storeAt = async (host: string) => (await new Shopper(t.app, host).request('GET', '/api/storefront/checkout-settings')).json().storeConfig.storeProfile.storeHash as string;
  const owners = async () =>
    Object.fromEntries((await t.app.consign.store.listStorefrontHosts()).map((h) => [h.host, h.storeId]));

  it('refuses another store the default store\'s own names, and the default store\'s shoppers stay its own', async () => {
    const taken = await put(['127.0.0.1', 'localhost', 'LocalHost.', '10.1.2.3']);
    expect(taken.statusCode, taken.body).toBe(422);
    expect(taken.json()).toMatchObject({
      status: 422,
      errors: {
        'storefront_hosts.0': 'served by the default store',
        'storefront_hosts.1': 'served by the default store',
        'storefront_hosts.2': 'served by the default store',
        'storefront_hosts.3': 'served by the default store',
      },
    });
    expect((await put([], 'api.consign.test:3000')).json().data.storefront_hosts).toEqual([]);
    for (const host of ['127.0.0.1:3000', 'localhost:3000']) expect(await storeAt(host)).toBe(t.hash);
    // A shopper of the default store keeps its cart there.
    const shopper = new Shopper(t.app, '127.0.0.1:3000');
    const cart = await shopper.createCart();
    expect((await shopper.request('GET', '/api/storefront/carts')).json().map((c: { id: string }) => c.id)).toEqual([cart.id]);
    // The default store may claim its own names explicitly.
    expect((await t.api('PUT', '/v3/storefront/settings', { storefront_hosts: ['localhost'] })).statusCode).toBe(200);
    expect((await put(['localhost'])).statusCode).toBe(422);
    expect(await storeAt('localhost')).toBe(t.hash);
    expect((await t.api('PUT', '/v3/storefront/settings', { storefront_hosts: [] })).statusCode).toBe(200);
  });

  it('keeps the name the API is reached at for the default store, and a store\'s own host its own', async () => {
    const refused = await put(['consign.example'], 'consign.example:8080');
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().errors).toEqual({ 'storefront_hosts.0': 'served by the default store' });
    // Asked at another name, the store may claim a public name, and keeps it when asked there.
    expect((await put(['shop-b.example'])).statusCode).toBe(200);
    const again = await put(['shop-b.example', 'www.shop-b.example'], 'shop-b.example');
    expect(again.statusCode, again.body).toBe(200);
    expect(await storeAt('www.shop-b.example')).toBe(hash);
    expect((await put([])).statusCode).toBe(200);
  });

  it('holds each host in one row, written with the settings and freed when they drop it', async () => {
    const store = (await t.app.consign.accounts.findStore(hash))!;
    expect((await put(['one.example', 'two.example', 'one.example'])).json().data.storefront_hosts).toEqual(['one.example', 'two.example']);
    expect(await owners()).toMatchObject({ 'one.example': store.id, 'two.example': store.id });
    // Another store cannot take them; nothing of the refused change is written.
    const other = await t.api('PUT', '/v3/storefront/settings', { storefront_hosts: ['mine.example', 'two.example'] });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors).toEqual({ 'storefront_hosts.1': 'claimed by another store' });
    expect((await owners())['mine.example']).toBeUndefined();
    expect((await t.api('GET', '/v3/storefront/settings')).json().data.storefront_hosts).toEqual([]);
    // Dropped, a host is free for the other store.
    expect((await put(['one.example'])).statusCode).toBe(200);
    expect((await t.api('PUT', '/v3/storefront/settings', { storefront_hosts: ['two.example'] })).statusCode).toBe(200);
    expect(await storeAt('two.example')).toBe(t.hash);
    expect(await storeAt('one.example')).toBe(hash);
    // The database itself refuses a second owner.
    const demo = (await t.app.consign.accounts.findStore(t.hash))!;
    await expect(dbOf(t.app.consign.store).insertInto('storefront_hosts').values({ host: 'one.example', store_id: demo.id }).execute()).rejects.toThrow();
    await put([]);
    await t.api('PUT', '/v3/storefront/settings', { storefront_hosts: [] });
  });

  it('claims a fixture\'s hosts with the store it makes, or makes no store', async () => {
    const { store: _store, ...fixture } = await readFixture(DEMO_FIXTURE);
    const count = async () => (await t.app.consign.store.listStores()).length;
    const before = await count();
    await put(['held.example']);
    for (const hosts of [['localhost'], ['free.example', 'held.example'], ['free.example', `${hash}.localhost`]]) {
      await expect(seed(t.app.consign, { ...fixture, store: { storefront_hosts: hosts } })).rejects.toThrow(/another store/);
      expect(await count()).toBe(before);
    }
    expect((await owners())['free.example']).toBeUndefined();
    const made = await seed(t.app.consign, { ...fixture, store: { storefront_hosts: ['Free.Example'] } });
    expect((await owners())['free.example']).toBe(made.id);
    t.app.consign.storefronts.invalidate();
    expect(await storeAt('free.example')).toBe(made.hash);
    await put([]);
  });

  it('gives the service\'s own names to the default store even when an older database let another claim them', async () => {
    const store = (await t.app.consign.accounts.findStore(hash))!;
    await dbOf(t.app.consign.store).insertInto('storefront_hosts').values([{ host: '127.0.0.1', store_id: store.id }, { host: 'legacy.example', store_id: store.id }]).execute();
    t.app.consign.storefronts.invalidate();
    expect(await storeAt('127.0.0.1')).toBe(t.hash);
    expect(await storeAt('legacy.example')).toBe(hash);
    await dbOf(t.app.consign.store).deleteFrom('storefront_hosts').where('store_id', '=', store.id).execute();
    t.app.consign.storefronts.invalidate();
  });

  it('moves the hosts of existing settings into the table when migrating, the first store keeping a host two claimed', async () => {
    const db = dbOf(t.testStore.store);
    const settings = (hosts: string[]) => JSON.stringify({ ...DEFAULT_SETTINGS, storefrontHosts: hosts });
    // As an older version wrote them, with no hosts table.
    const first = await t.testStore.store.createStore({ hash: `mig1${kind}`, name: 'one', settings: settings(['both.example', 'first.example']) });
    const second = await t.testStore.store.createStore({ hash: `mig2${kind}`, name: 'two', settings: settings(['second.example', 'both.example']) });
    // And saved answers as an older version kept them, one holding a session's cookie.
    const saved = (key: string, headers: string) => ({ store_id: first.id, scope: 'session:x POST /api/storefront/carts', idempotency_key: key, request_hash: 'h', status: 200, content_type: 'application/json', body: '{}', headers, expires_at: Date.now() + 60_000 });
    await db.insertInto('idempotency_keys').values([saved('with-cookie', JSON.stringify([['set-cookie', 'SHOP_SESSION_TOKEN=secret']])), saved('plain', '[]')]).execute();
    await sql`DROP TABLE storefront_hosts`.execute(db);
    await sql`DELETE FROM schema_migrations WHERE version = 7`.execute(db);
    const reopened = await t.testStore.reopen();
    try {
      const rows = Object.fromEntries((await reopened.listStorefrontHosts()).map((h) => [h.host, h.storeId]));
      expect(rows).toMatchObject({ 'both.example': first.id, 'first.example': first.id, 'second.example': second.id });
      const keys = await db.selectFrom('idempotency_keys').select('idempotency_key').where('store_id', '=', first.id).execute();
      expect(keys.map((k) => k.idempotency_key)).toEqual(['plain']);
    } finally {
      await reopened.close();
    }
  });
});
