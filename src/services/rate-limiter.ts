import type { RateLimit } from '../domain/store-settings.js';

/** Where a caller stands in one of its windows, as upstream's X-Rate-Limit-* headers tell it. */
export interface RateLimitState {
  readonly quota: number;
  readonly windowMs: number;
  /** Requests left in the current window, after this one. */
  readonly left: number;
  /** Milliseconds until the window ends and the quota is whole again. */
  readonly resetMs: number;
}

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** The window closest to its limit: the one the headers describe. */
  readonly state: RateLimitState;
}

/** A window to count against: a caller (`t <store> <token>`, `c <store> <address>`, ...) and its limit. */
export interface RateLimitBucket {
  readonly key: string;
  readonly limit: RateLimit;
  /**
   * Where counts are shared, this process may take places of the window in batches and hand them
   * out from memory (SharedRateLimiter). Off for a window whose "full" must be seen by every
   * process exactly, such as the budget of refused tokens.
   */
  readonly leased?: boolean;
}

/**
 * Where requests are counted: this process's memory (RateLimiter), or a place every process
 * shares (SharedRateLimiter). `take` counts one request in each window of `counted` only if each
 * has room and each window of `checked` has room too (those are looked at, never counted);
 * undefined when there is nothing to count and nothing refused.
 */
export interface RateLimitCounter {
  take(counted: readonly RateLimitBucket[], checked?: readonly RateLimitBucket[]): RateLimitDecision | undefined | Promise<RateLimitDecision | undefined>;
  close(): Promise<void>;
}

interface Window {
  count: number;
  resetAt: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Fixed windows counted in memory, per key (a token, a client address). A request is let through
 * only if every window it counts against has room, and only then counted in all of them, so a
 * refused request uses up nothing. Per process: several processes each keep their own counts.
 */
export class RateLimiter implements RateLimitCounter {
  readonly #windows = new Map<string, Window>();
  #nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request against each of `buckets`, if they and `checked` have room (see RateLimitCounter). */
  take(buckets: readonly RateLimitBucket[], checked: readonly RateLimitBucket[] = []): RateLimitDecision | undefined {
    const held = checked.length === 0 ? undefined : this.#decide(checked, false);
    if (held && !held.allowed) return held;
    return this.#decide(buckets, true);
  }

  async close(): Promise<void> {}

  /** Whether one more request would fit in every bucket, without counting it. */
  peek(buckets: readonly RateLimitBucket[]): RateLimitDecision | undefined {
    return this.#decide(buckets, false);
  }

  #decide(buckets: readonly RateLimitBucket[], count: boolean): RateLimitDecision | undefined {
    if (buckets.length === 0) return undefined;
    const now = this.now();
    this.#sweep(now);
    const windows = buckets.map(({ key, limit }) => {
      let window = this.#windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + limit.windowMs };
        // A peek keeps nothing: a window opens with the first request counted, and a caller that
        // is only looked at (every management request's address) holds no memory.
        if (count) this.#windows.set(key, window);
      }
      return { window, limit };
    });
    const allowed = windows.every(({ window, limit }) => window.count < limit.quota);
    if (allowed && count) for (const { window } of windows) window.count++;
    let state: RateLimitState | undefined;
    for (const { window, limit } of windows) {
      const left = Math.max(0, limit.quota - window.count);
      if (state === undefined || left < state.left) state = { quota: limit.quota, windowMs: limit.windowMs, left, resetMs: window.resetAt - now };
    }
    return { allowed, state: state! };
  }

  /** Forgets windows that have ended, now and then, so that the map holds only active callers. */
  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}
