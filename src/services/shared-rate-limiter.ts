import type { RateWindowCounts, RateWindowRequest } from '../store/store.js';
import { RateLimitLeases, leaseSize } from './rate-limit-leases.js';
import { type RateLimitBucket, type RateLimitCounter, type RateLimitDecision, RateLimiter } from './rate-limiter.js';

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
 * Rate limits counted where every process sees them (docs/reliability.md#rate-limits). Windows a
 * bucket marks `leased` are counted in batches: one round trip takes up to a few dozen places
 * (rate-limit-leases.ts), and the requests that follow take them from memory, so the quota still
 * holds exactly across processes while other processes may be refused up to the places this one
 * holds idle. Checked windows are read in the same round trips, and a reading with room is
 * trusted for a second. Bounded in time: when the shared place fails or does not answer within
 * `timeoutMs`, the request is not refused and not held up: it is counted in this process's memory
 * instead (fail-open to the per-process limit), a warning is logged, and the shared place is left
 * alone for a second so that an outage costs no request more than one wait.
 */
export class SharedRateLimiter implements RateLimitCounter {
  readonly #local: RateLimiter;
  readonly #leases = new RateLimitLeases();
  /** Round trips under way, by the windows they ask for: requests arriving meanwhile wait for their places. */
  readonly #pending = new Map<string, Promise<RateLimitDecision | undefined>>();
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
    let now = this.#now();
    if (now < this.#retryAt) return this.#local.take(counted, checked);
    this.#sweep(now);
    const key = [...counted, ...checked].map((b) => b.key).join('\n');
    const batched = counted.some((b) => leaseSize(b) > 1);
    // Every round either answers, or waits for a round trip that refused or brought places, which
    // go to whichever requests of this process ask first: in a burst larger than a batch, a
    // request may wait through several.
    for (let round = 0; ; round++) {
      const served = this.#leases.serve(counted, checked, now);
      if (served) return served;
      // Nothing to count, and the checked windows were just read with room.
      if (counted.length === 0 && round > 0) return undefined;
      try {
        // One round trip at a time for the same windows when it brings a batch: requests
        // arriving meanwhile wait for its places rather than take more. Windows counted one
        // request at a time gain nothing from waiting: each request makes its own.
        const pending = batched ? this.#pending.get(key) : undefined;
        const refusal = await (pending ?? this.#trip(batched ? key : undefined, counted, checked, now));
        if (refusal) return refusal;
      } catch {
        return this.#local.take(counted, checked);
      }
      now = this.#now();
    }
  }

  /** Asks the shared place for places and readings; resolves to a refusal, or undefined once the leases hold the places. */
  #trip(key: string | undefined, counted: readonly RateLimitBucket[], checked: readonly RateLimitBucket[], now: number): Promise<RateLimitDecision | undefined> {
    const trip = within(this.counter.count(this.#leases.requests(counted, now), checked.map(toRequest), now), this.options.timeoutMs)
      .then(
        (counts) => this.#leases.record(counts, counted, checked, now, this.#now()),
        (error: unknown) => {
          this.#retryAt = now + RETRY_SHARED_AFTER_MS;
          if (now - this.#loggedAt >= LOG_EVERY_MS) {
            this.#loggedAt = now;
            this.options.warn(error);
          }
          throw error;
        },
      )
      .finally(() => {
        if (key !== undefined) this.#pending.delete(key);
      });
    if (key !== undefined) this.#pending.set(key, trip);
    return trip;
  }

  async close(): Promise<void> {
    await this.counter.close();
  }

  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + SWEEP_EVERY_MS;
    this.#leases.sweep(now);
    this.counter.sweep(now).catch(() => undefined);
  }
}

function toRequest(bucket: RateLimitBucket): RateWindowRequest {
  return { bucket: bucket.key, quota: bucket.limit.quota, windowMs: bucket.limit.windowMs };
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
