import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DataPlace, builtCliForFile, freePort, makeDataPlace, startServe, waitForHealth } from './helpers/cli.js';
import { STORE_KINDS } from './helpers/stores.js';

/**
 * The service as a user starts it: `consign serve` in its own process, configured by the
 * environment, answering on a real port, and stopped with SIGTERM.
 */
const cli = builtCliForFile();

interface Running {
  readonly base: string;
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `consign serve` and waits for GET /health; with `banner`, also for the demo banner. */
async function serve(env: Record<string, string>, banner = true): Promise<Running> {
  const port = await freePort();
  const server = startServe(cli.file, { PORT: String(port), LOG_LEVEL: 'trace', ...env });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(server, base);
  expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
  // The banner follows readiness by a moment; wait for its last line.
  const deadline = Date.now() + 20_000;
  while (banner && !server.output().includes("-d '") && server.running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return {
    base,
    output: server.output,
    async stop() {
      server.child.kill('SIGTERM');
      return (await server.exited).code;
    },
  };
}

/** The `curl` the banner prints, as a fetch: method, URL, headers and body. */
function printedCurl(output: string): { method: string; url: string; headers: Record<string, string>; body: string } {
  const start = output.indexOf('curl ');
  expect(start, output).toBeGreaterThanOrEqual(0);
  const command = output.slice(start).split("}]}'")[0]!.replaceAll('\\\n', ' ') + "}]}'";
  const [, method, url] = /-X (\w+) (\S+)/.exec(command)!;
  const headers = Object.fromEntries([...command.matchAll(/-H '([^:]+): ([^']*)'/g)].map((m) => [m[1]!, m[2]!]));
  const [, body] = /-d '([^']*)'/.exec(command)!;
  return { method: method!, url: url!, headers, body: body! };
}

async function storeHashes(place: DataPlace): Promise<string[]> {
  const store = await place.open();
  try {
    return (await store.listStores()).map((s) => s.hash);
  } finally {
    await store.close();
  }
}

describe.each(STORE_KINDS)('consign serve on %s', (kind) => {
  const hash = `demo${kind}`;
  const token = `tok${kind}${'x'.repeat(20)}${Date.now()}`;
  let place: DataPlace;
  beforeAll(async () => {
    place = await makeDataPlace(kind);
  });
  afterAll(async () => place.destroy());

  it('starts with the demo store, answers the printed curl, documents itself, never logs the token, and stops on SIGTERM', async () => {
    const server = await serve({ ...place.env, CONSIGN_DEMO_STORE_HASH: hash, CONSIGN_DEMO_TOKEN: token });
    try {
      const banner = server.output();
      expect(banner).toContain(`Demo store hash: ${hash}`);
      expect(banner).toContain(`Demo API token:  ${token}`);

      const curl = printedCurl(banner);
      expect(curl.url).toBe(`${server.base}/stores/${hash}/v3/carts`);
      expect(curl.headers['X-Auth-Token']).toBe(token);
      const created = await fetch(curl.url, { method: curl.method, headers: curl.headers, body: curl.body });
      expect(created.status).toBe(201);
      const cart = ((await created.json()) as { data: { id: string; line_items: { physical_items: unknown[] } } }).data;
      expect(cart.line_items.physical_items[0]).toMatchObject({ product_id: 1, quantity: 2, name: 'Orbit Desk Lamp' });

      // Requests that would log a token if anything did: a good one, a bad one, one in error.
      await fetch(`${server.base}/stores/${hash}/v3/checkouts/${cart.id}`, { headers: { 'X-Auth-Token': token } });
      await fetch(`${server.base}/stores/${hash}/v3/checkouts/${cart.id}`, { headers: { 'X-Auth-Token': `${token}-wrong` } });
      await fetch(`${server.base}/stores/${hash}/v3/carts`, { method: 'POST', headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' }, body: '{' });

      const openapi = await fetch(`${server.base}/openapi.json`);
      expect(openapi.status).toBe(200);
      const document = (await openapi.json()) as { openapi: string; paths: Record<string, object> };
      expect(document.openapi).toMatch(/^3\./);
      const paths = Object.keys(document.paths);
      for (const path of ['/stores/{store_hash}/v3/carts', '/stores/{store_hash}/v3/carts/{cartId}', '/stores/{store_hash}/v3/carts/{cartId}/items', '/stores/{store_hash}/v3/carts/{cartId}/items/{itemId}']) {
        expect(paths).toContain(path);
      }
      expect(Object.keys(document.paths['/stores/{store_hash}/v3/carts/{cartId}']!)).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
      expect(paths.some((p) => p.startsWith('/stores/{store_hash}/v3/checkouts/'))).toBe(true);

      const docs = await fetch(`${server.base}/docs`);
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await docs.text()).toMatch(/<html/i);
    } finally {
      expect(await server.stop()).toBe(0);
    }

    const output = server.output();
    const logLines = output.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(5);
    for (const line of logLines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(logLines.some((line) => JSON.parse(line).msg === 'consign ready')).toBe(true);
    expect(logLines.some((line) => JSON.parse(line).msg === 'shutting down')).toBe(true);
    // The token appears in the banner (by design, for the developer) and nowhere else.
    expect(logLines.filter((line) => line.includes(token))).toEqual([]);
    const outsideBanner = output.split('\n').filter((line) => line.includes(token) && !line.includes('Demo API token:') && !line.includes("-H 'X-Auth-Token:"));
    expect(outsideBanner).toEqual([]);
  });

  it('restarting on the same data keeps the one demo store, and its token', async () => {
    const server = await serve({ ...place.env, CONSIGN_DEMO_STORE_HASH: hash, CONSIGN_DEMO_TOKEN: token });
    try {
      const curl = printedCurl(server.output());
      expect((await fetch(curl.url, { method: curl.method, headers: curl.headers, body: curl.body })).status).toBe(201);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(await storeHashes(place)).toEqual([hash]);
  });
});

/** Starts `consign serve` expecting it to refuse to start: its exit code and everything it wrote. */
async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const server = startServe(cli.file, { PORT: String(await freePort()), ...env });
  const timeout = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
  const { code } = await server.exited;
  clearTimeout(timeout);
  return { code, output: server.output() };
}

describe.each(STORE_KINDS)('demo credentials on %s: refused, never printed broken', (kind) => {
  let place: DataPlace;
  beforeEach(async () => {
    place = await makeDataPlace(kind);
  });
  afterEach(async () => place.destroy());

  it('a fixed token that already belongs to another store stops the start with a message, and creates nothing', async () => {
    const token = `shared${kind}token0000000000`;
    const first = await serve({ ...place.env, CONSIGN_DEMO_STORE_HASH: 'first', CONSIGN_DEMO_TOKEN: token });
    expect(await first.stop()).toBe(0);

    const refused = await refusedStart({ ...place.env, CONSIGN_DEMO_STORE_HASH: 'second', CONSIGN_DEMO_TOKEN: token });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('CONSIGN_DEMO_TOKEN is already the token of store "first", so it cannot be the token of demo store "second"');
    expect(refused.output).not.toContain('Demo store hash');
    expect(refused.output).not.toContain('curl');
    expect(await storeHashes(place)).toEqual(['first']);
  });

  it('a first start refused for a short token or a broken fixture leaves the database empty; the next start is a first start', async () => {
    const short = await refusedStart({ ...place.env, CONSIGN_DEMO_TOKEN: 'short' });
    expect(short.code).toBe(1);
    expect(short.output).toContain('CONSIGN_DEMO_TOKEN must be at least 16 characters long');
    expect(await storeHashes(place)).toEqual([]);

    const fixture = join(place.env.DATA_DIR!, 'broken-fixture.json');
    writeFileSync(fixture, JSON.stringify(BROKEN_FIXTURE));
    const broken = await refusedStart({ ...place.env, CONSIGN_DEMO_FIXTURE: fixture });
    expect(broken.code).toBe(1);
    expect(broken.output).toContain("pickup_methods.0.location: no pickup location has code or name 'NOPE'");
    expect(await storeHashes(place)).toEqual([]);

    const next = await serve(place.env);
    try {
      const curl = printedCurl(next.output());
      expect((await fetch(curl.url, { method: curl.method, headers: curl.headers, body: curl.body })).status).toBe(201);
    } finally {
      expect(await next.stop()).toBe(0);
    }
    expect(await storeHashes(place)).toHaveLength(1);
  });
});

/** A fixture valid in form whose pickup method names no location: refused after its products are read. */
const BROKEN_FIXTURE = {
  store: { name: 'Broken' },
  products: [{ name: 'Thing', type: 'physical', sku: 'THING', price: 1, weight: 1 }],
  pickup_locations: [{ name: 'Shop', address: { address1: '1 Main St', city: 'Austin', country_code: 'US' }, coordinates: { latitude: 30.27, longitude: -97.74 } }],
  pickup_methods: [{ location: 'NOPE', display_name: 'Pick up' }],
};

describe('consign serve listens where HOST says', () => {
  let place: DataPlace;
  beforeAll(async () => {
    place = await makeDataPlace('sqlite');
  });
  afterAll(async () => place.destroy());

  it('HOST=127.0.0.2 answers there, not on 127.0.0.1, and the banner says so', async () => {
    const port = await freePort();
    const server = startServe(cli.file, { ...place.env, PORT: String(port), HOST: '127.0.0.2' });
    try {
      await waitForHealth(server, `http://127.0.0.2:${port}`);
      const deadline = Date.now() + 20_000;
      while (!server.output().includes("-d '") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(printedCurl(server.output()).url).toBe(`http://127.0.0.2:${port}/stores/${/Demo store hash: (\w+)/.exec(server.output())![1]}/v3/carts`);
      const elsewhere = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.status,
        (error: { cause?: { code?: string } }) => error.cause?.code,
      );
      expect(elsewhere).toBe('ECONNREFUSED');
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
  });
});

describe('consign serve on an empty database, without fixed credentials', () => {
  let place: DataPlace;
  beforeAll(async () => {
    place = await makeDataPlace('sqlite');
  });
  afterAll(async () => place.destroy());

  it('creates a demo store with a fresh token on first start, and names it on every start', async () => {
    const first = await serve(place.env);
    let hash: string;
    try {
      const banner = first.output();
      hash = /Demo store hash: (\w+)/.exec(banner)![1]!;
      const token = /Demo API token: {2}(\w+)/.exec(banner)![1]!;
      expect(token).toMatch(/^[a-z0-9]{31}$/);
      const curl = printedCurl(banner);
      expect(curl.headers['X-Auth-Token']).toBe(token);
      expect((await fetch(curl.url, { method: curl.method, headers: curl.headers, body: curl.body })).status).toBe(201);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    // A later start finds the demo store and creates none; the banner names it again, and says
    // how to make a token instead of showing the one it no longer knows.
    const second = await serve(place.env);
    try {
      expect(second.output()).toContain(`Demo store hash: ${hash}`);
      expect(second.output()).toContain(`npx consign token create --store ${hash} --scopes all`);
      expect(second.output()).not.toMatch(/Demo API token: {2}[a-z0-9]{31}/);
      expect(second.output()).toContain(`Demo checkout:   ${second.base}/demo`);
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(await storeHashes(place)).toEqual([hash]);
  });
});
