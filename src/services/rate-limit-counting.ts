import type { Store } from '../store/store.js';
import { type RateLimitCounter, RateLimiter } from './rate-limiter.js';
import { type RateWindowCounter, SharedRateLimiter } from './shared-rate-limiter.js';

export interface RateLimitCounting {
  /** REDIS_URL: count in Redis, whichever the database. */
  readonly redisUrl?: string;
  /** CONSIGN_REDIS_KEY_PREFIX: put before every key this service writes in Redis. */
  readonly redisKeyPrefix?: string;
  /** CONSIGN_RATE_LIMIT_TIMEOUT_MS: the longest a request waits for the shared count. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'consign:rate:';
export const DEFAULT_RATE_LIMIT_TIMEOUT_MS = 250;

/**
 * Where this process counts rate limits (docs/reliability.md#rate-limits): in Redis when
 * REDIS_URL is set; else in PostgreSQL, which every process of the service shares; else (SQLite,
 * one machine) in the process's memory, at no cost per request.
 */
export async function openRateLimitCounter(store: Store, counting: RateLimitCounting, warn: (message: string, error: unknown) => void): Promise<RateLimitCounter> {
  const timeoutMs = counting.timeoutMs ?? DEFAULT_RATE_LIMIT_TIMEOUT_MS;
  let counter: RateWindowCounter;
  let where: string;
  if (counting.redisUrl) {
    // Loaded only when asked for: most starts (SQLite, no Redis) never pay for the client.
    const { RedisRateWindows } = await import('../store/redis-rate-windows.js');
    const redis = new RedisRateWindows({ url: counting.redisUrl, keyPrefix: counting.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX, commandTimeoutMs: timeoutMs });
    if (!(await redis.connect(2_000))) warn('Redis (REDIS_URL) did not answer at start; rate limits are counted per process until it does', undefined);
    counter = redis;
    where = 'Redis';
  } else if (store.kind === 'postgres') {
    counter = {
      count: (counted, checked, now) => store.countRateLimitWindows(counted, checked, now),
      sweep: async (now) => void (await store.deleteEndedRateLimitWindows(now)),
      close: async () => undefined,
    };
    where = 'PostgreSQL';
  } else {
    return new RateLimiter(counting.now);
  }
  return new SharedRateLimiter(counter, {
    timeoutMs,
    ...(counting.now ? { now: counting.now } : {}),
    warn: (error) => warn(`rate limits could not be counted in ${where} (failed, or slower than ${timeoutMs} ms): counted in this process instead for now`, error),
  });
}
