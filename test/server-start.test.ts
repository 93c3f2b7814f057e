import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DataPlace, builtCliForFile, freePort, makeDataPlace, runCli, startServe, waitForHealth } from './helpers/cli.js';
import { STORE_KINDS } from './helpers/stores.js';

/**
 * What a newcomer meets when starting the service: the banner on every start naming a demo page
 * that serves the demo store, credentials of another store refused, a start that cannot listen
 * leaving nothing behind, and a log that says why a request was refused.
 */
const cli = builtCliForFile();

async function storeHashes(place: DataPlace): Promise<string[]> {
  const store = await place.open();
  try {
    return (await store.listStores()).map((s) => s.hash);
  } finally {
    await store.close();
  }
}

/** GET with a chosen Host header (fetch will not send one), as a browser at `{hash}.localhost` would. */
function getAt(url: string): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: target.port, path: target.pathname, headers: { host: target.host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function startAndWaitForBanner(env: Record<string, string>) {
  const port = await freePort();
  const server = startServe(cli.file, { PORT: String(port), ...env });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(server, base);
  const deadline = Date.now() + 20_000;
  while (!server.output().includes('Consign is running at') && server.running() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  while (!/\n\n|\n$/.test(server.output().slice(server.output().indexOf('Consign is running at'))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 100));
  return {
    base,
    server,
    async stop() {
      server.child.kill('SIGTERM');
      return (await server.exited).code;
    },
  };
}

describe.each(STORE_KINDS)('starting on %s, as a newcomer would', (kind) => {
  let place: DataPlace;
  beforeEach(async () => {
    place = await makeDataPlace(kind);
  });
  afterEach(async () => place.destroy());

  it("a CONSIGN_DEMO_TOKEN of a store that is not the demo store, with no hash, stops the start naming that store, and marks nothing", async () => {
    expect((await runCli(cli.file, ['store', 'create', '--hash', 'other'], place.env)).code).toBe(0);
    const made = await runCli(cli.file, ['token', 'create', '--store', 'other', '--scopes', 'store_cart_read_only', '--json'], place.env);
    const { token } = JSON.parse(made.stdout) as { token: string };

    const server = startServe(cli.file, { ...place.env, PORT: String(await freePort()), CONSIGN_DEMO_TOKEN: token });
    const timeout = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
    const { code } = await server.exited;
    clearTimeout(timeout);
    expect(code).toBe(1);
    expect(server.output()).toContain('CONSIGN_DEMO_TOKEN is the token of store "other", which is not the demo store');
    expect(server.output()).not.toContain('every scope');
    expect(server.output()).not.toContain(token);
    const store = await place.open();
    try {
      const other = (await store.listStores())[0]!;
      expect(JSON.parse(other.settings).demo ?? false).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('with CONSIGN_DEMO_STORE_HASH on a database that has other stores, the banner links a demo page that serves the demo store', async () => {
    expect((await runCli(cli.file, ['store', 'create', '--hash', 'firststore', '--name', 'Not the demo'], place.env)).code).toBe(0);
    const started = await startAndWaitForBanner({ ...place.env, CONSIGN_DEMO_STORE_HASH: 'mydemo' });
    try {
      const output = started.server.output();
      expect(output).toContain('Demo store hash: mydemo');
      const link = /Demo checkout: +(\S+)/.exec(output)![1]!;
      expect(link).toBe(`http://mydemo.localhost:${new URL(started.base).port}/demo`);
      // (The page's catalog: the bundled CLI the tests run has no page files beside it.)
      const answer = await getAt(`${link}/products.json`);
      expect(answer.status).toBe(200);
      expect((JSON.parse(answer.body) as { store: { name: string } }).store.name).toBe('Consign Demo Store');
      // The service's own address serves the first store, which is no demo store.
      expect((await fetch(`${started.base}/demo`)).status).toBe(404);
    } finally {
      expect(await started.stop()).toBe(0);
    }
  });

  it('a first start that cannot listen (the port taken) creates no store and no token; the next start is a first start', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      const server = startServe(cli.file, { ...place.env, PORT: String(port) });
      const timeout = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
      const { code } = await server.exited;
      clearTimeout(timeout);
      expect(code).toBe(1);
      expect(server.output()).toContain('EADDRINUSE');
      expect(await storeHashes(place)).toEqual([]);
    } finally {
      blocker.close();
    }
    const next = await startAndWaitForBanner(place.env);
    try {
      expect(next.server.output()).toMatch(/Demo API token: {2}[a-z0-9]{31} /);
    } finally {
      expect(await next.stop()).toBe(0);
    }
  });
});

describe('the log says why a request was refused', () => {
  let place: DataPlace;
  beforeEach(async () => {
    place = await makeDataPlace('sqlite');
  });
  afterEach(async () => place.destroy());

  it('LOG_FORMAT=pretty: readable lines that tell an unknown store hash, a wrong token, another store and a missing scope apart, never the token', async () => {
    const token = `prettytoken${'x'.repeat(20)}`;
    let limited = { token: '' };
    const started = await startAndWaitForBanner({ ...place.env, LOG_FORMAT: 'pretty', CONSIGN_DEMO_STORE_HASH: 'shop', CONSIGN_DEMO_TOKEN: token });
    try {
      expect((await runCli(cli.file, ['store', 'create', '--hash', 'elsewhere'], place.env)).code).toBe(0);
      limited = JSON.parse((await runCli(cli.file, ['token', 'create', '--store', 'shop', '--scopes', 'store_cart_read_only', '--json'], place.env)).stdout) as { token: string };
      const call = (hash: string, sent: string, method = 'GET') =>
        fetch(`${started.base}/stores/${hash}/v3/carts${method === 'POST' ? '' : '/nothing'}`, {
          method,
          headers: { 'X-Auth-Token': sent, 'Content-Type': 'application/json' },
          ...(method === 'POST' ? { body: '{"line_items":[{"product_id":1,"quantity":1}]}' } : {}),
        });
      expect((await call('shpo', token)).status).toBe(401);
      expect((await call('shop', `${token}typo`)).status).toBe(401);
      expect((await call('elsewhere', token)).status).toBe(401);
      expect((await call('shop', limited.token, 'POST')).status).toBe(403);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      expect(await started.stop()).toBe(0);
    }
    const lines = started.server.output().split('\n');
    expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
    const refusals = lines.filter((line) => line.includes('refused:'));
    expect(refusals.find((line) => line.includes('refused: unknown store hash'))).toContain('store_hash=shpo');
    expect(refusals.find((line) => line.includes('refused: unknown token'))).toContain('store_hash=shop');
    expect(refusals.find((line) => line.includes('refused: token of another store'))).toContain('store_hash=elsewhere');
    expect(refusals.find((line) => line.includes('refused: missing scope'))).toContain('store_cart');
    expect(lines.some((line) => /^\d\d:\d\d:\d\d INFO {2}\[req-\d+\] GET \/stores\/shpo\/v3\/carts\/nothing -> 401 \(\d+\.\d ms\)$/.test(line))).toBe(true);
    const outsideBanner = lines.filter((line) => line.includes(token) && !line.includes('Demo API token:') && !line.includes("-H 'X-Auth-Token:"));
    expect(outsideBanner).toEqual([]);
    expect(limited.token).toMatch(/^[a-z0-9]{31}$/);
    expect(started.server.output()).not.toContain(limited.token);
  });
});
