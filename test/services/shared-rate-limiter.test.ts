import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKED_FRESH_MS, leaseSize } from '../../src/services/rate-limit-leases.js';
import { type RateWindowCounter, SharedRateLimiter } from '../../src/services/shared-rate-limiter.js';
import { RedisRateWindows } from '../../src/store/redis-rate-windows.js';
import type { RateWindowRequest } from '../../src/store/store.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two handles on one place of counting, as two processes would hold. */
interface Place {
  readonly first: RateWindowCounter;
  readonly second: RateWindowCounter;
  close(): Promise<void>;
}

async function storePlace(kind: 'sqlite' | 'postgres'): Promise<Place> {
  const test: TestStore = await openTestStore(kind);
  const other = await test.reopen();
  const counter = (store: typeof other): RateWindowCounter => ({
    count: (counted, checked, now) => store.countRateLimitWindows(counted, checked, now),
    sweep: async (now) => void (await store.deleteEndedRateLimitWindows(now)),
    close: async () => undefined,
  });
  return { first: counter(test.store), second: counter(other), close: async () => { await other.close(); await test.destroy(); } };
}

async function redisPlace(): Promise<Place> {
  // A prefix of its own: other tests (and engineers) share this Redis.
  const keyPrefix = `consign-test:${randomUUID()}:`;
  const open = async () => {
    const redis = new RedisRateWindows({ url: REDIS_URL, keyPrefix, commandTimeoutMs: 2_000 });
    expect(await redis.connect(2_000)).toBe(true);
    return redis;
  };
  const [first, second] = [await open(), await open()];
  return { first, second, close: async () => { await first.close(); await second.close(); } };
}

const PLACES: [string, () => Promise<Place>][] = [...STORE_KINDS.map((kind) => [kind, () => storePlace(kind)] as [string, () => Promise<Place>]), ['redis', redisPlace]];

const window = (bucket: string, quota: number, windowMs = 60_000): RateWindowRequest => ({ bucket, quota, windowMs });

describe.each(PLACES)('rate-limit windows shared by two handles on %s', (_, open) => {
  let place: Place;
  beforeAll(async () => {
    place = await open();
  });
  afterAll(async () => place.close());

  it('lets exactly the quota through, whichever handle counts, and counts nothing it refuses', async () => {
    const now = Date.now();
    const token = window(`t ${randomUUID()}`, 5);
    const client = window(`c ${randomUUID()}`, 100);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await (i % 2 ? place.second : place.first).count([token, client], [], now + i));
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    expect(answers.map((a) => a.windows.find((w) => w.request === token)?.count)).toEqual([1, 2, 3, 4, 5, 5, 5, 5]);
    // The refused requests were counted in neither window: the client's has exactly five.
    const more = await place.first.count([client], [], now + 10);
    expect(more.windows[0]!.count).toBe(6);
    // The window started with the first request (Redis keeps its end as a time to live, to the ms).
    expect(Math.abs(more.windows[0]!.resetAt - (now + 60_000))).toBeLessThan(100);
  });

  it('refuses, counting nothing, while a checked window is full; and a window that ends gives its quota back', async () => {
    const now = Date.now();
    const failures = window(`f ${randomUUID()}`, 2, 200);
    const token = window(`t ${randomUUID()}`, 10);
    expect((await place.first.count([failures], [], now)).allowed).toBe(true);
    expect((await place.second.count([token], [failures], now)).allowed).toBe(true);
    expect((await place.second.count([failures], [], now)).allowed).toBe(true);
    const blocked = await place.first.count([token], [failures], now + 1);
    expect(blocked.allowed).toBe(false);
    expect(blocked.windows).toEqual([{ request: failures, count: 2, resetAt: expect.any(Number) }]);
    expect((await place.first.count([], [failures], now + 1)).allowed).toBe(false);
    // Redis ends windows by its own clock: wait for it.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const later = Date.now() + 1;
    expect((await place.first.count([token], [failures], later)).windows[0]!.count).toBe(2);
    expect((await place.first.count([failures], [], later)).windows[0]!.count).toBe(1);
  });

  it('holds the quota under concurrent requests from both handles', async () => {
    const now = Date.now();
    const token = window(`t ${randomUUID()}`, 30);
    const client = window(`c ${randomUUID()}`, 1_000);
    const answers = await Promise.all(Array.from({ length: 80 }, (_, i) => (i % 2 ? place.second : place.first).count([token, client], [], now)));
    expect(answers.filter((a) => a.allowed)).toHaveLength(30);
    // Every refusal was undone: the client's window holds the 30 accepted requests only.
    expect((await place.first.count([client], [], now)).windows[0]!.count).toBe(31);
  });
});

/** Counts the round trips a counter makes. */
function counting(counter: RateWindowCounter): RateWindowCounter & { calls: number } {
  const wrapped = {
    calls: 0,
    count: (counted: readonly RateWindowRequest[], checked: readonly RateWindowRequest[], now: number) => {
      wrapped.calls++;
      return counter.count(counted, checked, now);
    },
    sweep: (now: number) => counter.sweep(now),
    close: async () => undefined,
  };
  return wrapped;
}

describe.each(PLACES)('SharedRateLimiter leasing places in batches, two processes on %s', (_, open) => {
  let place: Place;
  beforeAll(async () => {
    place = await open();
  });
  afterAll(async () => place.close());
  const limiters = (now: () => number = Date.now) => {
    const [first, second] = [counting(place.first), counting(place.second)];
    const options = { timeoutMs: 5_000, now, warn: (error: unknown) => expect.fail(String(error)) };
    return { first, second, a: new SharedRateLimiter(first, options), b: new SharedRateLimiter(second, options) };
  };
  // A quota of 650 is leased 20 places at a time (leaseSize), and its last 10 in a batch granted short.
  const leased = (quota = 650) => [{ key: `t ${randomUUID()}`, limit: { quota, windowMs: 60_000 }, leased: true }];

  it('makes one round trip per batch, and the headers count down as if every request were counted', async () => {
    const { a, first } = limiters();
    const buckets = leased();
    expect(leaseSize(buckets[0]!)).toBe(20);
    const lefts: number[] = [];
    for (let i = 0; i < 50; i++) lefts.push((await a.take(buckets))!.state.left);
    expect(lefts).toEqual(Array.from({ length: 50 }, (_, i) => 649 - i));
    expect(first.calls).toBe(3);
  });

  it('holds the quota exactly across both, concurrently, the last batch granted short; the other is refused at most the places one holds idle', async () => {
    const { a, b } = limiters();
    const buckets = leased();
    const answers = await Promise.all(Array.from({ length: 1_000 }, (_, i) => (i % 2 ? b : a).take(buckets)));
    expect(answers.filter((d) => d?.allowed)).toHaveLength(650);

    // One request through the first leases 20 places and holds 19; the second gets the rest of the quota.
    const quiet = leased();
    expect((await a.take(quiet))?.allowed).toBe(true);
    let second = 0;
    while ((await b.take(quiet))?.allowed) second++;
    expect(second).toBe(650 - 20);
    // The 19 held are still the first's to hand out, and then the window is full for both.
    let first = 0;
    while ((await a.take(quiet))?.allowed) first++;
    expect(first).toBe(19);
    expect((await b.take(quiet))?.allowed).toBe(false);
  });

  it('a checked window found full is refused at once by the process that filled it, and by the other within CHECKED_FRESH_MS', async () => {
    let now = Date.now();
    const { a, b, first, second } = limiters(() => now);
    const token = leased(6_400);
    const failures = [{ key: `f ${randomUUID()}`, limit: { quota: 3, windowMs: 60_000 } }];
    // The second reads the failures' window with room while it counts its token.
    expect((await b.take(token, failures))?.allowed).toBe(true);
    for (let i = 0; i < 3; i++) expect((await a.take(failures))?.allowed).toBe(true);
    // The first filled it: its accepted tokens are refused from now on, without asking.
    const asked = first.calls;
    expect((await a.take(token, failures))?.allowed).toBe(false);
    expect(first.calls).toBe(asked);
    // The second trusts its reading for CHECKED_FRESH_MS, then reads again.
    const calls = second.calls;
    expect((await b.take(token, failures))?.allowed).toBe(true);
    expect(second.calls).toBe(calls);
    now += CHECKED_FRESH_MS;
    const refused = await b.take(token, failures);
    expect(refused).toEqual({ allowed: false, state: { quota: 3, windowMs: 60_000, left: 0, resetMs: expect.any(Number) } });
  });
});

describe('SharedRateLimiter when the shared place fails or is slow', () => {
  const buckets = [{ key: 't 1 1', limit: { quota: 2, windowMs: 60_000 } }];
  const failing = (behaviour: 'reject' | 'hang'): RateWindowCounter & { calls: number } => {
    const counter = {
      calls: 0,
      count: () => {
        counter.calls++;
        return behaviour === 'reject' ? Promise.reject(new Error('connection refused')) : new Promise<never>(() => undefined);
      },
      sweep: async () => undefined,
      close: async () => undefined,
    };
    return counter;
  };

  it('answers after one round trip however slow it was: the reading of a checked window dates from the answer', async () => {
    let now = 1_000_000;
    let calls = 0;
    const slow: RateWindowCounter = {
      count: async (counted) => {
        calls++;
        now += 2 * CHECKED_FRESH_MS;
        return { allowed: true, windows: counted.map((request) => ({ request, count: request.places ?? 1, resetAt: now + 60_000, granted: request.places ?? 1 })) };
      },
      sweep: async () => undefined,
      close: async () => undefined,
    };
    const limiter = new SharedRateLimiter(slow, { timeoutMs: 60_000, now: () => now, warn: (error) => expect.fail(String(error)) });
    const token = [{ key: 't 1 1', limit: { quota: 6_400, windowMs: 600_000 }, leased: true }];
    const failures = [{ key: 'f 10.0.0.1', limit: { quota: 3, windowMs: 60_000 } }];
    expect((await limiter.take(token, failures))?.allowed).toBe(true);
    expect(calls).toBe(1);
  });

  it.each(['reject', 'hang'] as const)('when the count %ss: fails open to this process\'s count within the bound, warns once, and tries again after a second', async (behaviour) => {
    let now = 1_000_000;
    const warnings: unknown[] = [];
    const counter = failing(behaviour);
    const limiter = new SharedRateLimiter(counter, { timeoutMs: 50, now: () => now, warn: (error) => warnings.push(error) });
    const started = Date.now();
    const first = await limiter.take(buckets);
    expect(Date.now() - started).toBeLessThan(500);
    expect(first).toEqual({ allowed: true, state: { quota: 2, windowMs: 60_000, left: 1, resetMs: 60_000 } });
    // Within the second that follows, the shared place is not asked; the local count holds the quota.
    expect((await limiter.take(buckets))?.allowed).toBe(true);
    expect((await limiter.take(buckets))?.allowed).toBe(false);
    expect(counter.calls).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0])).toContain(behaviour === 'reject' ? 'connection refused' : 'more than 50 ms');
    now += 1_000;
    await limiter.take(buckets);
    expect(counter.calls).toBe(2);
    // Logged at most once per 10 s.
    expect(warnings).toHaveLength(1);
  });
});
