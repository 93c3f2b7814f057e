import type { RateWindowCounts, RateWindowRequest } from '../store/store.js';
import { type RateLimitBucket, type RateLimitCounter, type RateLimitDecision, type RateLimitState, RateLimiter } from './rate-limiter.js';

/** A place every process counts in: PostgreSQL's rate_limit_windows, or Redis. */
export interface RateWindowCounter {
  /** See Store.countRateLimitWindows: counts in `counted` only if they and `checked` have room. */
  count(counted: readonly RateWindowRequest[], checked: readonly RateWindowRequest[], now: number): Promise<RateWindowCounts>;
  /** Drops windows that have ended (a no-op where they expire by themselves). */
  sweep(now: number): Promise<void>;
  close(): Promise<void>;
}

export interface SharedRateLimiterOptions {
  /** How long a request waits for the shared count before it is counted in this process instead. */
  readonly timeoutMs: number;
  /** Told when the shared count failed or was slow; called at most once per LOG_EVERY_MS. */
  readonly warn: (error: unknown) => void;
  readonly now?: () => number;
}

/** After a failure, requests are counted in this process for this long before the shared place is tried again. */
export const RETRY_SHARED_AFTER_MS = 1_000;
const LOG_EVERY_MS = 10_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * Rate limits counted where every process sees them (docs/reliability.md#rate-limits): one round
 * trip per request, bounded in time. When the shared place fails or does not answer within
 * `timeoutMs`, the request is not refused and not held up: it is counted in this process's memory
 * instead (fail-open to the per-process limit), a warning is logged, and the shared place is left
 * alone for a second so that an outage costs no request more than one wait.
 */
export class SharedRateLimiter implements RateLimitCounter {
  readonly #local: RateLimiter;
  readonly #now: () => number;
  #retryAt = 0;
  #loggedAt = Number.NEGATIVE_INFINITY;
  #nextSweep = 0;

  constructor(
    private readonly counter: RateWindowCounter,
    private readonly options: SharedRateLimiterOptions,
  ) {
    this.#now = options.now ?? Date.now;
    this.#local = new RateLimiter(this.#now);
  }

  async take(counted: readonly RateLimitBucket[], checked: readonly RateLimitBucket[] = []): Promise<RateLimitDecision | undefined> {
    if (counted.length === 0 && checked.length === 0) return undefined;
    const now = this.#now();
    if (now < this.#retryAt) return this.#local.take(counted, checked);
    this.#sweep(now);
    try {
      const counts = await within(this.counter.count(counted.map(toRequest), checked.map(toRequest), now), this.options.timeoutMs);
      if (counts.allowed && counted.length === 0) return undefined;
      return { allowed: counts.allowed, state: closestToLimit(counts, now) };
    } catch (error) {
      this.#retryAt = now + RETRY_SHARED_AFTER_MS;
      if (now - this.#loggedAt >= LOG_EVERY_MS) {
        this.#loggedAt = now;
        this.options.warn(error);
      }
      return this.#local.take(counted, checked);
    }
  }

  async close(): Promise<void> {
    await this.counter.close();
  }

  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + SWEEP_EVERY_MS;
    this.counter.sweep(now).catch(() => undefined);
  }
}

function toRequest(bucket: RateLimitBucket): RateWindowRequest {
  return { bucket: bucket.key, quota: bucket.limit.quota, windowMs: bucket.limit.windowMs };
}

/** The window with the fewest requests left: the one upstream's headers describe. */
function closestToLimit(counts: RateWindowCounts, now: number): RateLimitState {
  let state: RateLimitState | undefined;
  for (const { request, count, resetAt } of counts.windows) {
    const left = Math.max(0, request.quota - count);
    if (state === undefined || left < state.left) state = { quota: request.quota, windowMs: request.windowMs, left, resetMs: Math.max(0, resetAt - now) };
  }
  return state!;
}

export class SharedCountTimeout extends Error {
  constructor(readonly ms: number) {
    super(`the shared rate-limit count took more than ${ms} ms`);
    this.name = 'SharedCountTimeout';
  }
}

/** `promise`, or a SharedCountTimeout after `ms`; the promise's own later failure is ignored. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SharedCountTimeout(ms)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
