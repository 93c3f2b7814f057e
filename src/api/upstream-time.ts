/**
 * A time as upstream's cart and checkout answers write it (checkouts.v3.yml, checkouts.sf.yml and
 * their examples): to the second, in UTC, with the offset spelled `+00:00`:
 * `upstreamTime('2025-08-05T15:38:14.123Z')` is `'2025-08-05T15:38:14+00:00'`. Consign keeps
 * milliseconds inside (a stored checkout's times); they are dropped, not rounded, on the way out.
 */
export function upstreamTime(iso: string): string {
  // Every time Consign stores is toISOString's own form, which is already canonical: cutting it is
  // what the round trip through Date gives, without a Date, a string and a regular expression per
  // time (several per answer). Anything else (an out-of-range day Date would roll over) goes round.
  if (isCanonicalUtc(iso)) return `${iso.slice(0, 19)}+00:00`;
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const CANONICAL_UTC = /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real moment: toISOString would write it back unchanged. */
function isCanonicalUtc(iso: string): boolean {
  const match = CANONICAL_UTC.exec(iso);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  return month !== 2 || day < 29 || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
}
