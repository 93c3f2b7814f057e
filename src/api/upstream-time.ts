/**
 * A time as upstream's cart and checkout answers write it (checkouts.v3.yml, checkouts.sf.yml and
 * their examples): to the second, in UTC, with the offset spelled `+00:00`:
 * `upstreamTime('2025-08-05T15:38:14.123Z')` is `'2025-08-05T15:38:14+00:00'`. Consign keeps
 * milliseconds inside (a stored checkout's times); they are dropped, not rounded, on the way out.
 */
export function upstreamTime(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
