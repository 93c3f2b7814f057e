import { existsSync } from 'node:fs';
import { type ClientRequest, type IncomingMessage, Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataPlace, builtCliForFile, freePort, makeDataPlace, startServe } from './helpers/cli.js';
import { STORE_KINDS } from './helpers/stores.js';

/**
 * Graceful shutdown of `consign serve` (docs/reliability.md): SIGTERM stops it taking
 * connections, lets every request in flight finish with a complete answer, and exits 0, also
 * when it arrives during start-up.
 */
const cli = builtCliForFile();

function start(env: Record<string, string>) {
  return startServe(cli.file, { LOG_LEVEL: 'info', ...env });
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

function collect(request: ClientRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
  });
}

describe.each(STORE_KINDS)('graceful shutdown on %s', (kind) => {
  let place: DataPlace;
  beforeAll(async () => {
    place = await makeDataPlace(kind);
  });
  afterAll(async () => place.destroy());

  it('answers every request in flight when SIGTERM comes, closes idle keep-alive connections, and exits 0', async () => {
    const port = await freePort();
    const hash = `shut${kind}`;
    const token = `tok${kind}${'y'.repeat(20)}`;
    const server = start({ ...place.env, PORT: String(port), CONSIGN_DEMO_STORE_HASH: hash, CONSIGN_DEMO_TOKEN: token });
    await until(() => server.output().includes('consign ready'), 'the server to be ready');

    // An idle keep-alive connection, as a pooled client leaves one: it must not hold shutdown up.
    const keepAlive = new Agent({ keepAlive: true });
    const warm = await collect(httpRequest({ port, host: '127.0.0.1', path: '/health', agent: keepAlive }).end());
    expect(warm.status).toBe(200);

    // Twenty requests in flight: headers and half the body sent, the rest still to come.
    const body = JSON.stringify({ line_items: [{ product_id: 1, quantity: 1 }] });
    const half = Math.floor(body.length / 2);
    const requests = Array.from({ length: 20 }, () =>
      httpRequest({
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: `/stores/${hash}/v3/carts`,
        headers: { 'x-auth-token': token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
      }),
    );
    const answers = requests.map(collect);
    for (const request of requests) request.write(body.slice(0, half));
    await Promise.all(requests.map((r) => new Promise<void>((resolve) => (r.socket ? resolve() : r.once('socket', () => resolve())))));
    await new Promise((r) => setTimeout(r, 300));

    server.child.kill('SIGTERM');
    await until(() => server.output().includes('shutting down'), 'the shutdown to begin');
    // The service no longer takes connections: a probe is never answered, and once the listener
    // has closed (a moment after the log line, on a loaded machine) it is refused outright.
    const probe = () => collect(httpRequest({ port, host: '127.0.0.1', path: '/health', agent: false }).end()).catch((e: NodeJS.ErrnoException) => e.code);
    let refused = await probe();
    for (let i = 0; refused === 'ECONNRESET' && i < 50; i++) refused = await probe();
    expect(refused).toBe('ECONNREFUSED');
    // ...but finishes what it had.
    for (const request of requests) request.end(body.slice(half));
    const results = await Promise.all(answers);
    for (const result of results) {
      expect(result.status, result.body).toBe(201);
      expect(JSON.parse(result.body).data.line_items.physical_items).toHaveLength(1);
    }
    const started = Date.now();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    keepAlive.destroy();

    const ids = new Set(results.map((r) => JSON.parse(r.body).data.id as string));
    expect(ids.size).toBe(20);
    const store = await place.open();
    try {
      const record = (await store.listStores()).find((s) => s.hash === hash)!;
      for (const id of ids) expect(await store.findCart(record.id, id, Date.now()), id).toBeDefined();
    } finally {
      await store.close();
    }
  });
});

describe('SIGTERM during start-up', () => {
  let place: DataPlace;
  beforeAll(async () => {
    place = await makeDataPlace('sqlite');
  });
  afterAll(async () => place.destroy());

  it('stops start-up cleanly and exits 0, not killed by the signal', async () => {
    const port = await freePort();
    const server = start({ ...place.env, PORT: String(port) });
    // The database file appears while the store is being opened: start-up is under way.
    await until(() => existsSync(join(place.env.DATA_DIR!, 'consign.db')), 'start-up to begin');
    server.child.kill('SIGTERM');
    expect(await server.exited, server.output()).toEqual({ code: 0, signal: null });
    const probe = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    expect(probe).toBeUndefined();
  });
});
