import type { RateWindowCounts, RateWindowRequest } from '../store/store.js';
import type { RateLimitBucket, RateLimitDecision, RateLimitState } from './rate-limiter.js';

/** The most places of one window a process takes in one round trip. */
export const MAX_LEASE = 100;
/** A process never takes more than this share of a window's quota at once (1/32), so that it holds little idle. */
const LEASE_SHARE = 32;
/** How long a checked window seen with room is trusted before it is looked at again. */
export const CHECKED_FRESH_MS = 1_000;

/**
 * Places of a window to take in one round trip: 1 for windows not leased and for small quotas
 * (where holding idle places would refuse other processes early by a noticeable share), up to
 * MAX_LEASE for large ones.
 */
export function leaseSize(bucket: RateLimitBucket): number {
  if (!bucket.leased) return 1;
  return Math.max(1, Math.min(MAX_LEASE, Math.floor(bucket.limit.quota / LEASE_SHARE)));
}

interface Lease {
  /** Places taken and not yet handed out. */
  places: number;
  /** The shared count as last seen by this process, its own places included. */
  count: number;
  readonly quota: number;
  readonly windowMs: number;
  resetAt: number;
}

interface Reading {
  readonly full: boolean;
  readonly quota: number;
  readonly windowMs: number;
  readonly resetAt: number;
  readonly at: number;
}

/**
 * What one process holds of windows counted in a shared place (docs/reliability.md#rate-limits):
 * places leased in batches, handed out one per request from memory; and the last reading of each
 * checked window (full until it ends, or seen with room at some moment). Answers a request from
 * memory when it can, and says what a round trip must ask for when it cannot.
 */
export class RateLimitLeases {
  readonly #leases = new Map<string, Lease>();
  readonly #readings = new Map<string, Reading>();

  /**
   * The decision for a request from memory alone, taking its places; undefined when a round trip
   * is needed (a counted window without places here, or a checked window not read lately). With
   * nothing to count, an answer means a checked window is full.
   */
  serve(counted: readonly RateLimitBucket[], checked: readonly RateLimitBucket[], now: number): RateLimitDecision | undefined {
    for (const bucket of checked) {
      const reading = this.#readings.get(bucket.key);
      if (reading?.full && reading.resetAt > now) return { allowed: false, state: { quota: reading.quota, windowMs: reading.windowMs, left: 0, resetMs: reading.resetAt - now } };
      if (!reading || reading.full || now - reading.at >= CHECKED_FRESH_MS) return undefined;
    }
    const leases: Lease[] = [];
    for (const bucket of counted) {
      const lease = this.#live(bucket.key, now);
      if (!lease || lease.places < 1) return undefined;
      leases.push(lease);
    }
    if (leases.length === 0) return undefined;
    for (const lease of leases) lease.places--;
    return { allowed: true, state: closest(leases.map((lease) => stateOf(lease, now))) };
  }

  /** What a round trip asks for: places for the counted windows that have none here. */
  requests(counted: readonly RateLimitBucket[], now: number): RateWindowRequest[] {
    const send: RateWindowRequest[] = [];
    for (const bucket of counted) {
      const lease = this.#live(bucket.key, now);
      if (!lease || lease.places < 1) send.push({ bucket: bucket.key, quota: bucket.limit.quota, windowMs: bucket.limit.windowMs, places: leaseSize(bucket) });
    }
    return send;
  }

  /**
   * Takes in what a round trip started at `now` answered at `answeredAt`: places granted join this
   * process's leases, and checked windows are read as full or with room (as of the answer, so that
   * a slow round trip does not leave a reading already too old to use). The refusal when the round trip refused; otherwise
   * undefined, and the requests waiting for it take their places with `serve`.
   */
  record(counts: RateWindowCounts, counted: readonly RateLimitBucket[], checked: readonly RateLimitBucket[], now: number, answeredAt = now): RateLimitDecision | undefined {
    const leased = new Set(counted.filter((b) => b.leased).map((b) => b.key));
    const sent = new Set(counted.map((b) => b.key));
    for (const window of counts.windows) {
      const { bucket, quota, windowMs } = window.request;
      if (sent.has(bucket)) {
        const granted = counts.allowed ? (window.granted ?? 1) : 0;
        const lease = this.#live(bucket, now);
        // The same window, unless its end moved by half a window or more: Redis tells its end
        // as a time to live, which lands a few ms apart from one answer to the next, while a
        // window that started afresh ends about a whole window later. Places of an ended
        // window must never count in the next.
        if (lease && Math.abs(lease.resetAt - window.resetAt) < windowMs / 2) {
          lease.places += granted;
          lease.count = Math.max(lease.count, window.count);
          lease.resetAt = Math.min(lease.resetAt, window.resetAt);
        } else {
          this.#leases.set(bucket, { places: granted, count: window.count, quota, windowMs, resetAt: window.resetAt });
        }
      }
      // A window counted one place at a time (the budget of refused tokens), or a checked one
      // that refused: whether it is full is what a later check of it needs.
      if (!leased.has(bucket)) this.#readings.set(bucket, { full: window.count >= quota, quota, windowMs, resetAt: window.resetAt, at: answeredAt });
    }
    if (!counts.allowed) return { allowed: false, state: closest(counts.windows.map((w) => ({ quota: w.request.quota, windowMs: w.request.windowMs, left: Math.max(0, w.request.quota - w.count), resetMs: Math.max(0, w.resetAt - now) }))) };
    // Accepted: no checked window was full at this moment.
    for (const bucket of checked) {
      if (counts.windows.some((w) => w.request.bucket === bucket.key)) continue;
      this.#readings.set(bucket.key, { full: false, quota: bucket.limit.quota, windowMs: bucket.limit.windowMs, resetAt: Number.POSITIVE_INFINITY, at: answeredAt });
    }
    return undefined;
  }

  /** Forgets windows that have ended. */
  sweep(now: number): void {
    for (const [key, lease] of this.#leases) if (lease.resetAt <= now) this.#leases.delete(key);
    for (const [key, reading] of this.#readings) if (reading.resetAt <= now || (!reading.full && now - reading.at >= CHECKED_FRESH_MS)) this.#readings.delete(key);
  }

  #live(key: string, now: number): Lease | undefined {
    const lease = this.#leases.get(key);
    if (lease && lease.resetAt <= now) {
      this.#leases.delete(key);
      return undefined;
    }
    return lease;
  }
}

/** Requests left as this process knows it: the shared count it last saw, less its own places not yet handed out. */
function stateOf(lease: Lease, now: number): RateLimitState {
  return { quota: lease.quota, windowMs: lease.windowMs, left: Math.max(0, lease.quota - (lease.count - lease.places)), resetMs: Math.max(0, lease.resetAt - now) };
}

/** The window with the fewest requests left: the one upstream's headers describe. */
function closest(states: readonly RateLimitState[]): RateLimitState {
  let best = states[0]!;
  for (const state of states) if (state.left < best.left) best = state;
  return best;
}
