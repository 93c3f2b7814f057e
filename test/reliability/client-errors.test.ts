import { connect } from 'node:net';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

/**
 * What Node's HTTP parser refuses before any route runs, sent over a real socket (inject never
 * reaches the parser): a malformed request line, NUL or raw non-ASCII bytes in the path, a lying
 * Content-Length, oversized headers, and clients too slow to send their request. Each gets a
 * status in upstream's error shape (v2's on v2 paths), the connection is closed, and nothing is
 * written. The request timeout is set small, as CONSIGN_REQUEST_TIMEOUT_MS would.
 */
const TIMEOUT_MS = 500;
const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** From the first byte sent to the connection closing. */
  readonly elapsed: number;
}

describe.each(STORE_KINDS)('client errors over a socket on %s', (kind) => {
  let t: TestApp;
  let port: number;
  let db: Kysely<Database>;
  beforeAll(async () => {
    t = await createTestApp(kind, { requestTimeoutMs: TIMEOUT_MS });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
    db = (t.testStore.store as unknown as { db: Kysely<Database> }).db;
  });
  afterAll(async () => t.close());

  const cartCount = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM carts`.execute(db)).rows[0]!.n);

  /** Sends `parts` with `gapMs` between them, and reads the first answer until the server closes the connection. */
  async function exchange(parts: (string | Buffer)[], gapMs = 0): Promise<RawAnswer> {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const started = Date.now();
    for (const part of parts) {
      if (socket.destroyed) break;
      socket.write(part);
      if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
    }
    const cap = setTimeout(() => socket.destroy(), 5_000);
    await closed;
    clearTimeout(cap);
    const elapsed = Date.now() - started;
    const raw = Buffer.concat(chunks).toString('latin1');
    const end = raw.indexOf('\r\n\r\n');
    expect(end, `an HTTP answer: ${JSON.stringify(raw)}`).toBeGreaterThan(0);
    const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length']);
    return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(raw.slice(end + 4, end + 4 + length)), elapsed };
  }

  /** The answer is a JSON error of `status` in the v3 shape, or its dialect's on a v2 or storefront path, and the connection closed. */
  function expectError(answer: RawAnswer, status: number, shape: 'v3' | 'v2' | 'storefront' = 'v3'): void {
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers.connection).toBe('close');
    if (shape === 'v2') expect(answer.body).toEqual([{ status, message: expect.any(String) }]);
    else if (shape === 'storefront') expect(answer.body).toEqual({ status, title: expect.any(String), type: ERROR_TYPE, detail: expect.any(String) });
    else expect(answer.body).toEqual({ status, title: expect.any(String), type: ERROR_TYPE, errors: {} });
  }

  const post = (path: string, body: string, extra = '') =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${t.token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`;
  const cart = JSON.stringify({ line_items: [{ product_id: 1, quantity: 1 }] });

  it('answers a request that is not HTTP with 400', async () => {
    expectError(await exchange(['GARBAGE\r\n\r\n']), 400);
    expectError(await exchange(['GET / HTTP/9.9\r\n\r\n']), 400);
    expectError(await exchange(['GET /health HTTP/1.1\r\nBad Header\r\n\r\n']), 400);
  });

  it('answers NUL or raw non-ASCII bytes in the path with 400', async () => {
    expectError(await exchange([`GET /stores/${t.hash}/v3/carts/a\0b HTTP/1.1\r\nHost: x\r\n\r\n`]), 400);
    const raw = Buffer.concat([Buffer.from(`GET /stores/${t.hash}/v3/carts/`), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]);
    expectError(await exchange([raw]), 400);
  });

  it('answers a lying Content-Length with 400, and creates nothing', async () => {
    const before = await cartCount();
    expectError(await exchange([post(`/stores/${t.hash}/v3/carts`, cart, 'Content-Length: 3\r\n'), cart]), 400);
    expectError(await exchange([`POST /stores/${t.hash}/v3/carts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1x\r\n\r\n${cart}`]), 400);
    expectError(await exchange([`POST /stores/${t.hash}/v3/carts HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`]), 400);
    expect(await cartCount()).toBe(before);
  });

  it('answers headers over 16 KiB with 431', async () => {
    expectError(await exchange([`GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'x'.repeat(20_000)}\r\n\r\n`]), 431);
  });

  it(`answers a client slower than the request timeout (${TIMEOUT_MS} ms) with 408 within a second of it, in the path's dialect`, async () => {
    const before = await cartCount();
    // Headers trickling in: nothing is known of the path yet, so v3's shape.
    const header = post(`/stores/${t.hash}/v3/carts`, cart);
    const trickledHeader = await exchange(header.match(/.{1,8}/gs)!, 40);
    expectError(trickledHeader, 408);
    expect(trickledHeader.elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
    // Node's own timer would have let it run for 30 s; a second of slack absorbs a loaded machine.
    expect(trickledHeader.elapsed).toBeLessThan(TIMEOUT_MS + 1_000);

    // Headers whole, the body trickling: the route is known, and v2 answers in v2's shape.
    const trickledBody = await exchange([header, ...cart.match(/.{1,2}/gs)!], 40);
    expectError(trickledBody, 408);
    expect(trickledBody.elapsed).toBeLessThan(TIMEOUT_MS + 1_000);
    const zone = JSON.stringify({ name: 'Slow', type: 'global' });
    expectError(await exchange([post(`/stores/${t.hash}/v2/shipping/zones`, zone), ...zone.match(/.{1,2}/gs)!], 40), 408, 'v2');
    const storefrontCart = JSON.stringify({ lineItems: [{ productId: 1, quantity: 1 }] });
    expectError(await exchange([post('/api/storefront/carts', storefrontCart).replace('Host: 127.0.0.1', 'Host: consign.test'), ...storefrontCart.match(/.{1,2}/gs)!], 40), 408, 'storefront');

    // A body promised but never sent in full.
    expectError(await exchange([post(`/stores/${t.hash}/v3/carts`, `${cart}    `), cart]), 408);
    expect(await cartCount()).toBe(before);
    console.info(`client errors on ${kind}: 408 after ${trickledHeader.elapsed} ms (headers trickling) and ${trickledBody.elapsed} ms (body trickling), timeout ${TIMEOUT_MS} ms`);
  });

  it('lets a request that arrives within the timeout through, however it is split', async () => {
    const parts = [post(`/stores/${t.hash}/v3/carts`, cart), ...cart.match(/.{1,20}/gs)!].map((p) => p);
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    for (const part of parts) {
      socket.write(part);
      await new Promise((r) => setTimeout(r, 20));
    }
    const deadline = Date.now() + 3_000;
    while (!raw.includes('"data"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    socket.destroy();
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 201 Created');
  });
});
