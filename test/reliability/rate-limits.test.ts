import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type DataPlace, builtCliForFile, makeDataPlace } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { type ServiceProcess, call, startService } from './processes.js';

/**
 * Issue 11, finding 9: with several processes, a client gets its quota once, not once per process.
 * Two `consign serve` processes on one PostgreSQL database, counting in PostgreSQL, then in Redis
 * (REDIS_URL, a key prefix of their own); 120 requests with one token, 60 through each process,
 * all at once, against a quota of 40: exactly 40 are accepted. Again with a quota of 650, which
 * each process leases 20 places at a time (issue 14, rate-limit-leases.ts): 1,950 requests, 64 at
 * a time per process, exactly 650 accepted. And when Redis cannot be reached, requests are still answered (fail-open to each
 * process's own count), never with a 5xx.
 */
const cli = builtCliForFile();
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUOTA = 40;
/** Large enough for leases of 20 places (leaseSize), and not a multiple of 20: the last batch is granted short. */
const LEASED_QUOTA = 650;
const FAIL_OPEN_WARNING = 'counted in this process instead';

const places: DataPlace[] = [];
afterAll(async () => {
  for (const place of places) await place.destroy();
});

async function twoProcesses(env: Record<string, string>, quota = QUOTA): Promise<{ services: ServiceProcess[]; stop(): Promise<void> }> {
  const place = await makeDataPlace('postgres');
  places.push(place);
  const settings = { ...place.env, CONSIGN_RATE_LIMIT_PER_TOKEN: `${quota}/60000`, CONSIGN_RATE_LIMIT_PER_CLIENT: '0', ...env };
  // One after the other, so that only the first creates the demo store.
  const services = [await startService(cli.file, settings), await startService(cli.file, settings)];
  return { services, stop: async () => void (await Promise.all(services.map((s) => s.kill('SIGTERM')))) };
}

/**
 * 1.5 times the quota through each process, at most 64 at a time per process (all at once for the
 * small quota); the statuses, by process. Each process alone asks for more than the quota, so
 * neither ends the burst holding leased places idle.
 */
async function burst(services: readonly ServiceProcess[], quota = QUOTA): Promise<number[][]> {
  const total = (quota * 3) / 2;
  return Promise.all(
    services.map(async (s) => {
      const statuses: number[] = [];
      await Promise.all(
        Array.from({ length: Math.min(total, 64) }, async () => {
          while (statuses.length < total) {
            statuses.push(0);
            const at = statuses.length - 1;
            statuses[at] = (await call(s.base, 'GET', '/v3/carts/no-such-cart')).status;
          }
        }),
      );
      return statuses;
    }),
  );
}

describe.runIf(STORE_KINDS.includes('postgres'))('rate limits across two processes', () => {
  it.each([
    ['PostgreSQL', {}, QUOTA],
    ['Redis', { REDIS_URL, CONSIGN_REDIS_KEY_PREFIX: `consign-test:${randomUUID()}:` }, QUOTA],
    ['PostgreSQL, leased', {}, LEASED_QUOTA],
    ['Redis, leased', { REDIS_URL, CONSIGN_REDIS_KEY_PREFIX: `consign-test:${randomUUID()}:` }, LEASED_QUOTA],
  ] as const)('counted in %s: the quota holds in total across both processes', { timeout: 60_000 }, async (_, env, quota) => {
    // A generous bound on the shared count, so that a loaded test machine never makes a process fall back to its own count.
    const { services, stop } = await twoProcesses({ ...env, CONSIGN_RATE_LIMIT_TIMEOUT_MS: '5000' }, quota);
    try {
      const statuses = await burst(services, quota);
      const all = statuses.flat();
      expect(all.filter((s) => s !== 404 && s !== 429)).toEqual([]);
      // Each process alone sent more than the quota: counted per process, twice the quota would pass.
      expect(all.filter((s) => s === 404)).toHaveLength(quota);
      // Later requests through either process are refused until the window ends.
      for (const s of services) expect((await call(s.base, 'GET', '/v3/carts/no-such-cart')).status).toBe(429);
      for (const s of services) expect(s.output()).not.toContain(FAIL_OPEN_WARNING);
    } finally {
      await stop();
    }
  });

  it('with Redis out of reach: every request is answered, counted per process, and a warning is logged', { timeout: 60_000 }, async () => {
    // Port 1: nothing listens there.
    const { services, stop } = await twoProcesses({ REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'warn' });
    try {
      const started = Date.now();
      const statuses = await burst(services);
      expect(Date.now() - started).toBeLessThan(20_000);
      for (const mine of statuses) {
        expect(mine.filter((s) => s !== 404 && s !== 429)).toEqual([]);
        // Each process holds the quota on its own.
        expect(mine.filter((s) => s === 404)).toHaveLength(QUOTA);
      }
      for (const s of services) expect(s.output()).toContain(FAIL_OPEN_WARNING);
    } finally {
      await stop();
    }
  });
});
