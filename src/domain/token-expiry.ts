import { invalid } from './errors.js';

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The longest a token may be made to last: a hundred years, far past any use, within a safe integer. */
export const MAX_TOKEN_LIFETIME_MS = 100 * 365 * 86_400_000;

/**
 * A lifetime written as a whole number and a unit, `30d` (s, m, h, d or w): its milliseconds, or
 * undefined when the text is not one. Upstream's API accounts never expire; Consign's may.
 * @example parseLifetime('12h') // 43_200_000
 */
export function parseLifetime(text: string): number | undefined {
  const match = /^([1-9]\d{0,9})([smhdw])$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2]!]!;
  return ms <= MAX_TOKEN_LIFETIME_MS ? ms : undefined;
}

/**
 * The instant a token expires (epoch ms), checked: after `now`, and no further than the longest
 * lifetime. A token that would be born expired is refused rather than made.
 */
export function checkExpiry(expiresAt: number, now: number): number {
  if (!Number.isFinite(expiresAt)) throw invalid('The expiry is not a date.', { expires_at: 'not a date' });
  if (expiresAt <= now) throw invalid('A token cannot expire in the past.', { expires_at: 'must be in the future' });
  if (expiresAt - now > MAX_TOKEN_LIFETIME_MS) throw invalid('A token cannot be made to last more than 100 years.', { expires_at: 'too far in the future' });
  return expiresAt;
}
