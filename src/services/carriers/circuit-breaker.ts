/**
 * A circuit breaker per carrier, in one process: after `threshold` failures in a row the carrier
 * is not called for `cooldownMs`; then one trial call is let through (half open), which closes the
 * breaker on success or opens it again on failure. While open, checkouts are answered at once
 * with the fallback instead of waiting out a deadline per request.
 */
export class CircuitBreaker {
  readonly #states = new Map<string, { failures: number; openUntil: number; trial: boolean }>();

  constructor(
    private readonly threshold = 5,
    private readonly cooldownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may go out now; in the half-open state only one caller gets true. */
  allow(key: string): boolean {
    const state = this.#states.get(key);
    if (!state || state.failures < this.threshold) return true;
    if (this.now() < state.openUntil || state.trial) return false;
    state.trial = true;
    return true;
  }

  isOpen(key: string): boolean {
    const state = this.#states.get(key);
    return state !== undefined && state.failures >= this.threshold && (this.now() < state.openUntil || state.trial);
  }

  succeeded(key: string): void {
    this.#states.delete(key);
  }

  failed(key: string): void {
    const state = this.#states.get(key) ?? { failures: 0, openUntil: 0, trial: false };
    state.failures += 1;
    state.trial = false;
    if (state.failures >= this.threshold) state.openUntil = this.now() + this.cooldownMs;
    this.#states.set(key, state);
  }
}
