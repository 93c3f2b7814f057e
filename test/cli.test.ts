import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { type DataPlace, builtCliForFile, makeDataPlace, runCli } from './helpers/cli.js';
import { STORE_KINDS } from './helpers/stores.js';

/** The CLI run as a user runs it: a separate process, its own environment, exit code and output. */
const cli = builtCliForFile();

const consign = (args: readonly string[], env: Record<string, string>) => runCli(cli.file, args, env);

describe.each(STORE_KINDS)('the consign CLI on %s', (kind) => {
  let place: DataPlace;
  let hash: string;
  beforeAll(async () => {
    place = await makeDataPlace(kind);
    const seeded = await consign(['seed', 'fixtures/demo-store.json', '--json'], place.env);
    expect(seeded.code, seeded.stderr).toBe(0);
    hash = JSON.parse(seeded.stdout).store_hash;
  });
  afterAll(async () => place.destroy());

  it('seed FILE --json creates a store from the fixture and prints its hash', async () => {
    expect(hash).toMatch(/^[a-z0-9]{10}$/);
    const store = await place.open();
    try {
      const record = await store.findStoreByHash(hash);
      expect(record?.name).toBe('Consign Demo Store');
      const { items } = await store.loadConfig(record!.id);
      expect(items.filter((i) => i.kind === 'product')).toHaveLength(13);
    } finally {
      await store.close();
    }
  });

  it('store create --json, token create --json, and the token works; reset drops carts and keeps products', async () => {
    const [created, named, token, readOnly] = await Promise.all([
      consign(['store', 'create', '--json'], place.env),
      consign(['store', 'create', '--hash', `shop${kind}`, '--name', 'My Shop', '--json'], place.env),
      consign(['token', 'create', '--store', hash, '--scopes', 'store_cart', '--json'], place.env),
      consign(['token', 'create', '--store', hash, '--scopes', 'store_cart_read_only,store_checkouts_read_only'], place.env),
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(Object.keys(JSON.parse(created.stdout))).toEqual(['store_hash']);
    expect(JSON.parse(created.stdout).store_hash).toMatch(/^[a-z0-9]{10}$/);
    expect(named.code, named.stderr).toBe(0);
    expect(JSON.parse(named.stdout)).toEqual({ store_hash: `shop${kind}` });

    expect(token.code, token.stderr).toBe(0);
    const printed = JSON.parse(token.stdout);
    expect(Object.keys(printed)).toEqual(['store_hash', 'token', 'scopes', 'id', 'expires_at']);
    expect(printed.expires_at).toBeNull();
    expect(printed).toMatchObject({ store_hash: hash, scopes: ['store_cart'] });
    expect(printed.token).toMatch(/^[a-z0-9]{31}$/);
    expect(readOnly.code, readOnly.stderr).toBe(0);
    expect(readOnly.stdout).toContain('store_cart_read_only, store_checkouts_read_only');

    // The token works against the service, and holds exactly the scope asked for.
    let cartId: string;
    const store = await place.open();
    try {
      const app = await buildApp({ store, logger: { level: 'error' } });
      const headers = { 'x-auth-token': printed.token, 'content-type': 'application/json' };
      const cart = await app.inject({ method: 'POST', url: `/stores/${hash}/v3/carts`, headers, payload: { line_items: [{ product_id: 1, quantity: 1 }] } });
      expect(cart.statusCode, cart.body).toBe(201);
      cartId = cart.json().data.id;
      const checkout = await app.inject({ method: 'GET', url: `/stores/${hash}/v3/checkouts/${cartId}`, headers });
      expect(checkout.statusCode).toBe(403);
      await app.close();
    } finally {
      await store.close();
    }

    const reset = await consign(['reset', '--store', hash, '--json'], place.env);
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toEqual({ store_hash: hash, deleted_carts: 1 });

    const after = await place.open();
    try {
      const record = (await after.findStoreByHash(hash))!;
      expect(await after.findCart(record.id, cartId, Date.now())).toBeUndefined();
      const { items } = await after.loadConfig(record.id);
      expect(items.filter((i) => i.kind === 'product')).toHaveLength(13);
      expect(await after.findApiAccountByTokenHash('x')).toBeUndefined();
    } finally {
      await after.close();
    }
  });

  it('reset forgets the saved answers of cart and checkout requests (a retry makes a new cart), and keeps those of configuration requests', async () => {
    const token = JSON.parse((await consign(['token', 'create', '--store', hash, '--scopes', 'all', '--json'], place.env)).stdout).token as string;
    const post = async (path: string, key: string, body: object) => {
      const store = await place.open();
      try {
        const app = await buildApp({ store, logger: false });
        const headers = { 'x-auth-token': token, 'content-type': 'application/json', 'idempotency-key': key };
        const response = await app.inject({ method: 'POST', url: `/stores/${hash}${path}`, headers, payload: body });
        await app.close();
        return { status: response.statusCode, replayed: response.headers['idempotent-replayed'] === 'true', id: response.json().data.id as string | number };
      } finally {
        await store.close();
      }
    };
    const cartKey = `cart-${kind}-${Date.now()}`;
    const productKey = `product-${kind}-${Date.now()}`;
    const cart = await post('/v3/carts', cartKey, { line_items: [{ product_id: 1, quantity: 1 }] });
    const product = await post('/v3/catalog/products', productKey, { name: 'Kept', type: 'physical', price: 1, weight: 1 });
    expect(await post('/v3/carts', cartKey, { line_items: [{ product_id: 1, quantity: 1 }] })).toEqual({ ...cart, replayed: true });

    const reset = await consign(['reset', '--store', hash], place.env);
    expect(reset.code, reset.stderr).toBe(0);
    const retried = await post('/v3/carts', cartKey, { line_items: [{ product_id: 1, quantity: 1 }] });
    expect(retried).toMatchObject({ status: 201, replayed: false });
    expect(retried.id).not.toBe(cart.id);
    expect(await post('/v3/catalog/products', productKey, { name: 'Kept', type: 'physical', price: 1, weight: 1 })).toEqual({ ...product, replayed: true });
  });

  it('store list shows every store with its hosts; token list, revoke and expiry: listed without tokens, refused once revoked or expired', { timeout: 60_000 }, async () => {
    const stores = await consign(['store', 'list', '--json'], place.env);
    expect(stores.code, stores.stderr).toBe(0);
    const listed = JSON.parse(stores.stdout).stores as { hash: string; name: string; hosts: string[] }[];
    expect(listed.find((s) => s.hash === hash)).toEqual({ hash, name: 'Consign Demo Store', hosts: [`${hash}.localhost`] });
    const text = await consign(['store', 'list'], place.env);
    expect(text.stdout).toContain(`${hash}\tConsign Demo Store\t${hash}.localhost`);

    const at = new Date(Date.now() + 86_400_000).toISOString();
    const [forever, month, dated] = await Promise.all([
      consign(['token', 'create', '--store', hash, '--scopes', 'store_cart', '--name', 'forever', '--json'], place.env),
      consign(['token', 'create', '--store', hash, '--scopes', 'store_cart', '--name', 'a month', '--expires-in', '30d', '--json'], place.env),
      consign(['token', 'create', '--store', hash, '--scopes', 'store_cart', '--name', 'dated', '--expires-at', at], place.env),
    ]);
    for (const run of [forever, month, dated]) expect(run.code, run.stderr).toBe(0);
    const [f, m] = [JSON.parse(forever.stdout), JSON.parse(month.stdout)];
    expect(f.expires_at).toBeNull();
    expect(Math.abs(Date.parse(m.expires_at) - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
    expect(dated.stdout).toContain(`expires: ${at}`);

    const list = await consign(['token', 'list', '--store', hash, '--json'], place.env);
    expect(list.code, list.stderr).toBe(0);
    const tokens = JSON.parse(list.stdout).tokens as { id: number; name: string; expires_at: string | null }[];
    expect(tokens.find((a) => a.id === f.id)).toEqual({ id: f.id, name: 'forever', scopes: ['store_cart'], created_at: expect.any(String), expires_at: null });
    expect(tokens.find((a) => a.id === m.id)?.expires_at).toBe(m.expires_at);
    expect(tokens.find((a) => a.name === 'dated')?.expires_at).toBe(at);
    for (const token of [f.token, m.token]) expect(list.stdout).not.toContain(token);
    const listText = await consign(['token', 'list', '--store', hash], place.env);
    expect(listText.stdout).toContain(`${f.id}\tforever\tstore_cart\tcreated `);
    expect(listText.stdout).toContain('expires never');

    const use = async (token: string) => {
      const store = await place.open();
      try {
        const app = await buildApp({ store, logger: false });
        const response = await app.inject({ method: 'GET', url: `/stores/${hash}/v3/carts/none`, headers: { 'x-auth-token': token } });
        await app.close();
        return response.statusCode;
      } finally {
        await store.close();
      }
    };
    expect(await use(f.token)).toBe(404);
    const revoked = await consign(['token', 'revoke', '--store', hash, String(f.id), '--json'], place.env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toEqual({ store_hash: hash, revoked: f.id });
    expect(await use(f.token)).toBe(401);
    expect(await use(m.token)).toBe(404);
    const again = await consign(['token', 'revoke', '--store', hash, String(f.id)], place.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`has no token with id ${f.id}`);
    const after = JSON.parse((await consign(['token', 'list', '--store', hash, '--json'], place.env)).stdout).tokens as { id: number }[];
    expect(after.some((a) => a.id === f.id)).toBe(false);
  });

  it('several processes opening a new database at once all succeed (migrations race safely)', async () => {
    const fresh = await makeDataPlace(kind);
    try {
      const runs = await Promise.all([1, 2, 3].map(() => consign(['store', 'create', '--json'], fresh.env)));
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      const store = await fresh.open();
      try {
        expect(await store.listStores()).toHaveLength(3);
      } finally {
        await store.close();
      }
    } finally {
      await fresh.destroy();
    }
  });

  // Argument handling does not depend on the store: checked once, on the first kind.
  it.runIf(kind === STORE_KINDS[0])('refuses bad arguments with a message and exit code 2, other failures with exit code 1', { timeout: 120_000 }, async () => {
    const brokenFixture = join(place.env.DATA_DIR!, 'broken.json');
    writeFileSync(brokenFixture, JSON.stringify({
      products: [{ name: 'Thing', type: 'physical', sku: 'THING', price: 1, weight: 1 }],
      pickup_locations: [{ name: 'Shop', address: { address1: '1 Main St', city: 'Austin', country_code: 'US' }, coordinates: { latitude: 30.27, longitude: -97.74 } }],
      pickup_methods: [{ location: 'NOPE', display_name: 'Pick up' }],
    }));
    const opened = await place.open();
    const hashesBefore = (await opened.listStores()).map((s) => s.hash);
    const accountsBefore = (await opened.listApiAccounts((await opened.findStoreByHash(hash))!.id)).map((a) => a.id);
    await opened.close();
    const runs = await Promise.all(
      [
        [2, ['token', 'create', '--store', hash, '--scopes', 'store_cart,store_everything'], 'unknown scope(s): store_everything'],
        [2, ['token', 'create', '--store', hash, '--scopes', ' , '], '--scopes needs at least one scope'],
        [2, ['token', 'create', '--scopes', 'store_cart'], '--store HASH is required'],
        [2, ['token', 'create', '--store', hash], '--scopes is required'],
        [2, ['frobnicate'], 'unknown command "frobnicate"'],
        [2, ['toString'], 'unknown command "toString"'],
        [2, ['store', 'delete'], 'unknown command "store delete"'],
        [2, ['token', 'create', '--store', hash, '--scopes', 'store_cart', '--colour'], "Unknown option '--colour'"],
        [2, ['store', 'create', '--hash', 'Not A Hash!'], '--hash must be 1 to 32 lower-case letters and digits'],
        [2, ['seed'], 'seed takes one FILE'],
        [2, ['seed', 'fixtures/demo-store.json', 'another.json'], 'seed takes one FILE'],
        [2, ['reset', '--store', hash, 'extra'], 'unexpected argument for reset: extra'],
        [2, ['token', 'create', '--store', hash, '--scopes', 'store_cart', '--json', 'extra'], 'unexpected argument for token create: extra'],
        [2, ['store', 'create', 'shop'], 'unexpected argument for store create: shop'],
        [2, ['serve', 'now'], 'unexpected argument for serve: now'],
        [2, ['reset', '--store', hash, '--scopes', 'store_cart'], 'reset does not take --scopes'],
        [2, ['store', 'create', '--store', hash], 'store create does not take --store'],
        [1, ['seed', brokenFixture], "pickup_methods.0.location: no pickup location has code or name 'NOPE'"],
        [2, [], 'Usage: consign'],
        [1, ['token', 'create', '--store', 'nosuchstore', '--scopes', 'store_cart'], 'no store with hash "nosuchstore"'],
        [1, ['seed', 'fixtures/no-such-file.json'], 'cannot read fixture'],
        [1, ['store', 'create', '--hash', hash], 'already exists'],
        [2, ['token', 'create', '--store', hash, '--scopes', 'store_cart', '--expires-in', '30 days'], '--expires-in must be a whole number and a unit'],
        [2, ['token', 'create', '--store', hash, '--scopes', 'store_cart', '--expires-in', '0d'], '--expires-in must be a whole number and a unit'],
        [2, ['token', 'create', '--store', hash, '--scopes', 'store_cart', '--expires-at', 'soon'], '--expires-at must be an ISO 8601 date'],
        [2, ['token', 'create', '--store', hash, '--scopes', 'store_cart', '--expires-at', '2001-01-01'], 'is in the past'],
        [2, ['token', 'create', '--store', hash, '--scopes', 'store_cart', '--expires-in', '1d', '--expires-at', '2099-01-01'], 'not both'],
        [2, ['token', 'list'], '--store HASH is required'],
        [2, ['token', 'list', '--store', hash, '--scopes', 'store_cart'], 'token list does not take --scopes'],
        [2, ['token', 'revoke', '--store', hash], 'token revoke takes one ID'],
        [2, ['token', 'revoke', '--store', hash, '1', '2'], 'token revoke takes one ID'],
        [2, ['token', 'revoke', '--store', hash, 'first'], "token revoke takes a token's id"],
        [2, ['store', 'list', 'all'], 'unexpected argument for store list: all'],
        [1, ['token', 'list', '--store', 'nosuchstore'], 'no store with hash "nosuchstore"'],
        [1, ['token', 'revoke', '--store', hash, '999999'], `store ${hash} has no token with id 999999`],
      ].map(async ([code, args, message]) => ({ code, args, message, run: await consign(args as string[], place.env) })),
    );
    for (const { code, args, message, run } of runs) {
      expect(run.code, `consign ${(args as string[]).join(' ')}: ${run.stderr}`).toBe(code);
      expect(run.stderr + run.stdout, `consign ${(args as string[]).join(' ')}`).toContain(message);
    }
    // None of them changed anything: no store was created, no cart was dropped, no token made or revoked.
    const store = await place.open();
    try {
      expect((await store.listStores()).map((s) => s.hash)).toEqual(hashesBefore);
      expect((await store.listApiAccounts((await store.findStoreByHash(hash))!.id)).map((a) => a.id)).toEqual(accountsBefore);
    } finally {
      await store.close();
    }
  });

  it.runIf(kind === STORE_KINDS[0])('--help prints the usage and exits 0', async () => {
    const help = await consign(['--help'], place.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('token create --store HASH --scopes a,b [--name NAME] [--expires-in 30d | --expires-at ISO] [--json]');
    expect(help.stdout).toContain('token list --store HASH [--json]');
    expect(help.stdout).toContain('token revoke --store HASH ID [--json]');
    expect(help.stdout).toContain('store list [--json]');
  });
});
