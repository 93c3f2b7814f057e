import type { Store } from '../store/store.js';

/** How often a process sweeps, at most. */
export const SWEEP_EVERY_MS = 10 * 60 * 1000;
/** Carts deleted per sweep, at most; the rest wait for the next. */
export const SWEEP_BATCH = 1_000;

/**
 * Expired carts are deleted, not kept forever (docs/storage.md, "Cart expiry"). They are already
 * invisible to every read and write from the moment they expire; the sweep only gives back their
 * rows, with their parts, sessions and hand-offs. Whichever cart creation comes along starts it,
 * at most once per SWEEP_EVERY_MS in each process, in the background: the request that triggers
 * it does not wait, and a failed sweep is retried at the next. On SQLite the statements still run
 * on the service's one thread, so a full batch delays the requests beside it once; the batch bound
 * keeps that short.
 */
export class ExpiredCartSweep {
  #nextAt = 0;

  constructor(private readonly store: Store) {}

  /** Starts a sweep if one is due at `now`. Returns the sweep, for tests that wait for it. */
  due(now: number): Promise<number> | undefined {
    if (now < this.#nextAt) return undefined;
    this.#nextAt = now + SWEEP_EVERY_MS;
    return this.store.deleteExpiredCarts(now, SWEEP_BATCH).catch(() => 0);
  }
}
