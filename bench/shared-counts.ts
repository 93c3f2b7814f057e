/**
 * `npx tsx bench/shared-counts.ts`: what one request pays for the per-request lookups of issue 11
 * (findings 7 and 9): the token lookup every server-to-server request made, and one rate-limit
 * count (a token's and an address's window) in memory, in PostgreSQL and in Redis; and what
 * issue 14 made of them (a found token kept for a second, places leased in batches). Sequential
 * (latency of one) and 16 at a time (throughput), each for a bounded count. Results: BENCHMARKS.md.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { AccountService, hashToken } from '../src/services/accounts.js';
import { RateLimiter } from '../src/services/rate-limiter.js';
import { SharedRateLimiter } from '../src/services/shared-rate-limiter.js';
import { RedisRateWindows } from '../src/store/redis-rate-windows.js';
import { openPostgresStore } from '../src/store/postgres-store.js';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = Number(process.env.BENCH_N ?? 3000);
const CONCURRENCY = 16;

async function measure(label: string, once: (i: number) => Promise<unknown> | unknown): Promise<void> {
  for (let i = 0; i < 200; i++) await once(i);
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const start = process.hrtime.bigint();
    await once(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) await once(next++);
  }));
  const perSecond = N / (Number(process.hrtime.bigint() - started) / 1e9);
  console.log(`| ${label} | ${at(0.5)} | ${at(0.99)} | ${Math.round(perSecond)} |`);
}

const schema = `bench_${process.pid}`;
const store = await openPostgresStore({ connectionString: PG_URL, schema, poolSize: 10 });
const redis = new RedisRateWindows({ url: REDIS_URL, keyPrefix: `consign-bench:${randomUUID()}:`, commandTimeoutMs: 1_000 });
try {
  if (!(await redis.connect(2_000))) throw new Error(`Redis is not reachable at ${REDIS_URL}`);
  const accounts = new AccountService(store);
  const record = await accounts.createStore();
  const token = await accounts.createToken(record.id, ['store_cart']);
  const windows = (i: number) => [
    { bucket: `t 1 ${i % 50}`, quota: 1_000_000_000, windowMs: 30_000 },
    { bucket: `c 1 10.0.0.${i % 50}`, quota: 1_000_000_000, windowMs: 30_000 },
  ];
  const memory = new RateLimiter();
  console.log(`| per request (N = ${N}) | p50 ms | p99 ms | per second, ${CONCURRENCY} at a time |`);
  console.log('|---|---|---|---|');
  await measure('token lookup (PostgreSQL)', () => store.findApiAccountByTokenHash(hashToken(token)));
  // Issue 14: a found token is kept for TOKEN_RECHECK_MS, so most requests read no row.
  await measure('token authenticated, kept 1 s', () => accounts.authenticate(token));
  await measure('rate-limit count, memory', (i) => memory.take(windows(i).map((w) => ({ key: w.bucket, limit: { quota: w.quota, windowMs: w.windowMs } }))));
  await measure('rate-limit count, PostgreSQL', (i) => store.countRateLimitWindows(windows(i), [], Date.now()));
  await measure('rate-limit count, Redis', (i) => redis.count(windows(i), [], Date.now()));
  // Issue 14: places leased in batches (rate-limit-leases.ts), one round trip per batch per window.
  const leased = (i: number) => windows(i).map((w) => ({ key: w.bucket, limit: { quota: w.quota, windowMs: w.windowMs }, leased: true }));
  const quiet = { timeoutMs: 5_000, warn: (error: unknown) => console.error(error) };
  const pgLeases = new SharedRateLimiter({ count: (c, k, now) => store.countRateLimitWindows(c, k, now), sweep: async () => undefined, close: async () => undefined }, quiet);
  const redisLeases = new SharedRateLimiter({ count: (c, k, now) => redis.count(c, k, now), sweep: async () => undefined, close: async () => undefined }, quiet);
  await measure('rate-limit count, PostgreSQL, leased', (i) => pgLeases.take(leased(i)));
  await measure('rate-limit count, Redis, leased', (i) => redisLeases.take(leased(i)));
  // Every request on the same two windows (one client, one token, as the HTTP benchmark's load is): row locks queue.
  await measure('rate-limit count, PostgreSQL, one hot window', () => store.countRateLimitWindows(windows(0), [], Date.now()));
  await measure('rate-limit count, Redis, one hot window', () => redis.count(windows(0), [], Date.now()));
} finally {
  await redis.close();
  await store.close();
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
}
