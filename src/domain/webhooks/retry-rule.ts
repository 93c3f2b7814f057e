/**
 * When a failed delivery is tried again, and when its hook is given up. Upstream retries with
 * growing intervals and deactivates a hook whose deliveries still fail 48 hours after the first
 * attempt (docs/webhooks.md); the first retry here comes within 30 seconds. Both are settings, so
 * that a test need not wait two days.
 */
export interface RetryRule {
  /** Wait before retry n (1-based) is `delaysMs[n - 1]`; past the end, the last one again. */
  readonly delaysMs: readonly number[];
  /** A delivery still failing this long after its first attempt is abandoned, and its hook deactivated. */
  readonly deactivateAfterMs: number;
}

export const DEFAULT_RETRY_RULE: RetryRule = {
  delaysMs: [10_000, 30_000, 60_000, 180_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000],
  deactivateAfterMs: 48 * 60 * 60 * 1000,
};

/**
 * What follows a failed attempt: the time of the next one, or `give-up` when that would fall past
 * the deactivation window (the hook has failed for as long as the rule allows).
 * `afterFailure(DEFAULT_RETRY_RULE, 1, t0, t0 + 2_000)` is `{ retryAt: t0 + 12_000 }`.
 */
export function afterFailure(rule: RetryRule, attempts: number, firstAttemptAt: number, now: number): { readonly retryAt: number } | 'give-up' {
  const delays = rule.delaysMs;
  const delay = delays[Math.min(attempts, delays.length) - 1] ?? delays[delays.length - 1] ?? 0;
  const retryAt = now + delay;
  return retryAt - firstAttemptAt > rule.deactivateAfterMs ? 'give-up' : { retryAt };
}
