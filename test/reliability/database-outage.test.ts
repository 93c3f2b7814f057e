import { randomUUID } from 'node:crypto';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { once } from 'node:events';
import Database from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database as Tables } from '../../src/store/schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { type DataPlace, builtCliForFile, freePort, makeDataPlace } from '../helpers/cli.js';
import { POSTGRES_URL, STORE_KINDS } from '../helpers/stores.js';
import { type Answer, type ServiceProcess, call, startService } from './processes.js';

/**
 * The database going away or stalling (docs/reliability.md, "When the database fails"): the
 * service logs it and lives on; requests it cannot serve get upstream's 503 promptly, never a 500
 * or a dropped connection; it serves again once the database is back. Every wait for the database
 * is bounded well under the Idempotency-Key lease, so that a key never does its work twice.
 */
const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const UNAVAILABLE = { status: 503, title: 'Service Unavailable', type: ERROR_TYPE, errors: {} };
const CART = { line_items: [{ product_id: 1, quantity: 1 }] };

const cli = builtCliForFile();

/** A TCP relay to PostgreSQL that the test can cut (an outage) and restore, on a fixed port. */
class Relay {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    this.#server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => (socket === client ? upstream : client).destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.#server.listen(this.port, '127.0.0.1');
    await once(this.#server, 'listening');
  }

  /** Every connection through the relay is cut, and new ones are refused, as a database host that went down. */
  async stop(): Promise<void> {
    const server = this.#server!;
    server.close();
    for (const socket of this.#sockets) socket.destroy();
    await once(server, 'close');
  }
}

async function admin<T extends pg.QueryResultRow>(statement: string, values: unknown[] = []): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await client.query<T>(statement, values);
  } finally {
    await client.end();
  }
}

describe.skipIf(!STORE_KINDS.includes('postgres'))('PostgreSQL connections lost under load, two service processes', () => {
  let place: DataPlace;
  let relay: Relay;
  const services: ServiceProcess[] = [];
  // Only this test's connections are terminated: other tests share the database.
  const applicationName = `consign_outage_${process.pid}_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    place = await makeDataPlace('postgres');
    const target = new URL(POSTGRES_URL);
    relay = new Relay(await freePort(), { host: target.hostname, port: Number(target.port || 5432) });
    await relay.start();
    const url = new URL(place.env.DATABASE_URL!);
    url.port = String(relay.port);
    url.searchParams.set('application_name', applicationName);
    const env = { ...place.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' };
    services.push(await startService(cli.file, env));
    services.push(await startService(cli.file, env));
  });
  afterAll(async () => {
    for (const service of services) await service.kill('SIGTERM');
    await relay.stop().catch(() => undefined);
    await place.destroy();
  });

  it('survives backends terminated mid-load and an outage: 503 in upstream shape meanwhile, serving again after', { timeout: 60_000 }, async () => {
    const statuses: Record<number, number> = {};
    const problems: string[] = [];
    const record = (phase: string, answer: Answer, allowed: number[]) => {
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (!allowed.includes(answer.status)) problems.push(`${phase}: ${answer.status} ${JSON.stringify(answer.body)}`);
      else if (answer.status === 503 && JSON.stringify(answer.body) !== JSON.stringify(UNAVAILABLE)) problems.push(`${phase}: 503 body ${JSON.stringify(answer.body)}`);
    };
    const load = async (phase: string, ms: number, allowed: number[]) => {
      const deadline = Date.now() + ms;
      let longest = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const base = services[i % services.length]!.base;
          while (Date.now() < deadline) {
            const started = Date.now();
            const created = await call(base, 'POST', '/v3/carts', CART);
            record(phase, created, allowed);
            if (created.status === 201) record(phase, await call(base, 'GET', `/v3/carts/${created.body.data.id}`), allowed);
            longest = Math.max(longest, Date.now() - started);
            // An outage answers at once; do not spin.
            if (created.status === 503) await new Promise((r) => setTimeout(r, 20));
          }
        }),
      );
      return longest;
    };

    // 1. Backends terminated under load, three times: each request either succeeds or gets a clean 503.
    let terminated = 0;
    const killer = (async () => {
      for (let round = 0; round < 3; round++) {
        await new Promise((r) => setTimeout(r, 500));
        const result = await admin('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
        terminated += result.rowCount ?? 0;
      }
    })();
    await load('terminations', 2_000, [200, 201, 503]);
    await killer;
    expect(terminated, 'backends were terminated').toBeGreaterThan(0);

    // 2. The database host is gone: every request is answered 503, and promptly.
    await relay.stop();
    const before503 = statuses[503] ?? 0;
    const longestInOutage = await load('outage', 1_500, [503]);
    expect((statuses[503] ?? 0) - before503, 'answers during the outage').toBeGreaterThan(0);
    expect(longestInOutage, 'slowest answer during the outage (ms)').toBeLessThan(6_000);

    // 3. The database is back: both processes serve again without a restart.
    await relay.start();
    for (const service of services) {
      const deadline = Date.now() + 10_000;
      let answer = await call(service.base, 'POST', '/v3/carts', CART);
      while (answer.status !== 201 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        answer = await call(service.base, 'POST', '/v3/carts', CART);
      }
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    await load('recovered', 500, [200, 201]);

    expect(problems, JSON.stringify(statuses)).toEqual([]);
    for (const service of services) {
      expect(service.running(), service.output()).toBe(true);
      expect(service.output()).toContain('a database connection was lost');
      expect(service.output()).not.toMatch(/Unhandled|unexpected error/);
    }
    console.info(`database outage: ${terminated} backends terminated under load, statuses ${JSON.stringify(statuses)}, slowest answer in the outage ${longestInOutage} ms`);
  });
});

describe.each(STORE_KINDS)('a database lock held past the bound on %s', (kind) => {
  let t: TestApp;
  let db: Kysely<Tables>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    db = (t.testStore.store as unknown as { db: Kysely<Tables> }).db;
  });
  afterAll(async () => t.close());

  const cartCount = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM carts`.execute(db)).rows[0]!.n);

  /** Holds the carts table (PostgreSQL) or the file's write lock (SQLite) from another connection until released. */
  async function holdLock(): Promise<() => Promise<void>> {
    if (kind === 'sqlite') {
      const other = new Database(t.testStore.location.file!);
      other.exec('BEGIN IMMEDIATE');
      return async () => {
        other.exec('ROLLBACK');
        other.close();
      };
    }
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`BEGIN; LOCK TABLE ${t.testStore.location.schema}.carts IN ACCESS EXCLUSIVE MODE`);
    return async () => {
      await client.query('ROLLBACK');
      await client.end();
    };
  }

  it('answers 503 within the bound, and an Idempotency-Key then does its work exactly once', { timeout: 30_000 }, async () => {
    await t.api('POST', '/v3/carts', CART); // configuration and token are cached, as in a warm process
    const before = await cartCount();
    const key = `locked-${kind}-${Date.now()}`;
    const withKey = { headers: { 'idempotency-key': key } };
    const release = await holdLock();
    let blocked;
    const started = Date.now();
    try {
      const first = t.api('POST', '/v3/carts', CART, withKey);
      if (kind === 'postgres') {
        // While the first waits, its key is held: a retry is told so, and does nothing.
        await new Promise((r) => setTimeout(r, 300));
        const retry = await t.api('POST', '/v3/carts', CART, withKey);
        expect(retry.statusCode, retry.body).toBe(409);
      }
      blocked = await first;
    } finally {
      await release();
    }
    const waited = Date.now() - started;
    expect(blocked.statusCode, blocked.body).toBe(503);
    expect(blocked.json()).toEqual(UNAVAILABLE);
    expect(blocked.headers['retry-after']).toBe('1');
    // The bound is 5 s for a lock on either store; far below the key's 2-minute lease.
    expect(waited).toBeGreaterThanOrEqual(4_500);
    expect(waited).toBeLessThan(9_000);
    expect(await cartCount()).toBe(before);

    // The database is free again: the retry does the work, once; later retries replay it.
    const done = await t.api('POST', '/v3/carts', CART, withKey);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.headers['idempotent-replayed']).toBeUndefined();
    const replay = await t.api('POST', '/v3/carts', CART, withKey);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().data.id).toBe(done.json().data.id);
    expect(await cartCount()).toBe(before + 1);
    console.info(`lock on ${kind}: 503 after ${waited} ms`);
  });
});
