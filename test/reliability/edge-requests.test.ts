import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { snapshotTables } from '../helpers/tables.js';

/**
 * Issue 11, finding 8, over real sockets: a body far over the limit gets its 413 (never a reset),
 * an HTTP/1.1 request without Host gets 400 in the dialect's shape (not an empty body), and a
 * client that leaves mid-request is logged as having left, not as a database outage.
 */
const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

describe.each(STORE_KINDS)('requests at the edge, over sockets, on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let port: number;
  const logs: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        logs.push(String(chunk));
        callback();
      },
    });
    t = await createTestApp(kind, { logger: { level: 'info', stream } as never });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => t.close());

  /** Sends `text` and reads until the server has answered (or closed); with `leaveAfterMs`, leaves first. */
  async function exchange(parts: (string | Buffer)[], leaveAfterMs?: number): Promise<string> {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    for (const part of parts) socket.write(part);
    if (leaveAfterMs !== undefined) {
      await new Promise((r) => setTimeout(r, leaveAfterMs));
      socket.destroy();
    }
    const answered = setInterval(() => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const end = raw.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(raw)?.[1];
      if (end > 0 && length !== undefined && raw.length >= end + 4 + Number(length)) socket.destroy();
    }, 20);
    const cap = setTimeout(() => socket.destroy(), 5_000);
    await closed;
    clearInterval(answered);
    clearTimeout(cap);
    return Buffer.concat(chunks).toString('latin1');
  }

  const bodyOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));

  it('answers 9 MB bodies with 413 in the dialect\'s shape, never a reset, and changes nothing', async () => {
    const before = await snapshotTables(t.testStore.store);
    const huge = Buffer.alloc(9 * 1024 * 1024, 0x20);
    const cases = [
      { path: '/api/storefront/carts', headers: {}, shape: 'storefront' },
      { path: `/stores/${t.hash}/v3/carts`, headers: { 'x-auth-token': t.token }, shape: 'v3' },
      // The zone routes take up to 8 MiB.
      { path: `/stores/${t.hash}/v2/shipping/zones`, headers: { 'x-auth-token': t.token }, shape: 'v2' },
    ] as const;
    for (const { path, headers, shape } of cases) {
      for (const chunked of [false, true]) {
        for (let attempt = 0; attempt < 3; attempt++) {
          const body = chunked
            ? new ReadableStream({
                start(controller) {
                  for (let i = 0; i < huge.length; i += 1024 * 1024) controller.enqueue(huge.subarray(i, i + 1024 * 1024));
                  controller.close();
                },
              })
            : huge;
          const where = `${path}${chunked ? ' chunked' : ''} #${attempt}`;
          const response = await fetch(`${base}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body,
            ...(chunked ? { duplex: 'half' } : {}),
          } as RequestInit).catch((error: unknown) => ({ error }));
          expect('status' in response, `${where}: ${String((response as { error?: { cause?: unknown } }).error?.cause ?? '')}`).toBe(true);
          const answer = response as Response;
          expect(answer.status, where).toBe(413);
          const refusal = await answer.json();
          if (shape === 'v2') expect(refusal).toEqual([{ status: 413, message: expect.any(String) }]);
          else if (shape === 'storefront') expect(refusal).toEqual({ status: 413, title: expect.any(String), type: ERROR_TYPE, detail: expect.any(String) });
          else expect(refusal).toEqual({ status: 413, title: expect.any(String), type: ERROR_TYPE, errors: {} });
        }
      }
    }
    expect(await snapshotTables(t.testStore.store)).toEqual(before);
  });

  it('answers an HTTP/1.1 request without Host with 400 in the dialect\'s shape', async () => {
    const storefront = await exchange(['GET /api/storefront/carts HTTP/1.1\r\n\r\n']);
    expect(storefront.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(storefront).toMatch(/content-type: application\/json/i);
    expect(bodyOf(storefront)).toEqual({ status: 400, title: 'The request has no Host header, which HTTP/1.1 requires.', type: ERROR_TYPE, detail: expect.stringContaining('Host') });
    const management = await exchange([`GET /stores/${t.hash}/v3/carts/x HTTP/1.1\r\nX-Auth-Token: ${t.token}\r\n\r\n`]);
    expect(bodyOf(management)).toEqual({ status: 400, title: 'The request has no Host header, which HTTP/1.1 requires.', type: ERROR_TYPE, errors: { Host: 'is required' } });
    const v2 = await exchange([`GET /stores/${t.hash}/v2/shipping/zones HTTP/1.1\r\n\r\n`]);
    expect(bodyOf(v2)).toEqual([{ status: 400, message: 'The request has no Host header, which HTTP/1.1 requires.', details: { Host: 'is required' } }]);
    // HTTP/1.0 needs none.
    const old = await exchange(['GET /health HTTP/1.0\r\n\r\n']);
    expect(old.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });

  it('logs a client that leaves mid-request as having left, not as the database failing', async () => {
    const from = logs.length;
    const partial = `POST /api/storefront/carts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"lineItems":`;
    const management = `POST /stores/${t.hash}/v3/carts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${t.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"line_items":`;
    for (const request of [partial, management]) expect(await exchange([request], 150)).toBe('');
    await new Promise((r) => setTimeout(r, 200));
    const lines = logs.slice(from).map((l) => JSON.parse(l) as { msg: string; level: number; res?: { statusCode: number } });
    expect(lines.filter((l) => /database/.test(l.msg))).toEqual([]);
    expect(lines.filter((l) => l.msg.includes('closed the connection before its request was complete'))).toHaveLength(2);
    expect(lines.filter((l) => l.res?.statusCode === 503)).toEqual([]);
  });
});
