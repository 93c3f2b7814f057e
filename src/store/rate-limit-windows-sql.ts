import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema.js';
import type { RateWindowCounts, RateWindowRequest, RateWindowState } from './store.js';

/**
 * Rate-limit windows counted in the database, so that every process shares them (PostgreSQL
 * without Redis, docs/reliability.md). SQL both databases accept; SqlStore delegates here.
 *
 * An accepted request costs one statement: an upsert that counts it in each of its windows,
 * unless a `checked` window is full, and returns the counts. A request may take several places of
 * a window at once (`places`, leased by SharedRateLimiter): it is granted those below the quota.
 * A request that finds a counted window with no room left takes all its places back with a second
 * statement, and one granted fewer than it asked gives back the rest. Between the two, the counts
 * are too high, so a concurrent request may be refused a place it could have had; never the other
 * way round: each grant lies below the quota in the order the row locks give, so no window ever
 * hands out more than its quota.
 */
export async function countWindows(
  db: Kysely<Database>,
  counted: readonly RateWindowRequest[],
  checked: readonly RateWindowRequest[],
  now: number,
): Promise<RateWindowCounts> {
  if (counted.length === 0) {
    const full = await fullWindows(db, checked, now);
    return full.length > 0 ? { allowed: false, windows: full } : { allowed: true, windows: [] };
  }
  // One lock order for every process (by bucket), so that two requests never wait on each other.
  const ordered = [...counted].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
  const values = sql.join(
    ordered.map((w) => sql`SELECT ${w.bucket} AS bucket, CAST(${placesOf(w)} AS INTEGER) AS places, CAST(${now + w.windowMs} AS BIGINT) AS reset_at`),
    sql` UNION ALL `,
  );
  const unblocked = checked.length === 0 ? sql`` : sql` AND NOT EXISTS (SELECT 1 FROM rate_limit_windows w WHERE w.reset_at > ${now} AND (${isFull(checked)}))`;
  const { rows } = await sql<{ bucket: string; count: number; reset_at: number | string }>`
    INSERT INTO rate_limit_windows (bucket, count, reset_at)
    SELECT v.bucket, v.places, v.reset_at FROM (${values}) AS v WHERE 1 = 1${unblocked}
    ON CONFLICT (bucket) DO UPDATE SET
      count = CASE WHEN rate_limit_windows.reset_at <= ${now} THEN excluded.count ELSE rate_limit_windows.count + excluded.count END,
      reset_at = CASE WHEN rate_limit_windows.reset_at <= ${now} THEN excluded.reset_at ELSE rate_limit_windows.reset_at END
    RETURNING bucket, count, reset_at`.execute(db);
  if (rows.length === 0) {
    // A checked window was full. Read it again: it may have ended in between, which only makes
    // this answer a refusal that could have been an acceptance.
    const full = await fullWindows(db, checked, now);
    return { allowed: false, windows: full.length > 0 ? full : checked.map((request) => ({ request, count: request.quota, resetAt: now + request.windowMs })) };
  }
  const taken = counted.map((request) => {
    const row = rows.find((r) => r.bucket === request.bucket)!;
    const count = Number(row.count);
    const places = placesOf(request);
    // The places below the quota are this request's; `count - places` were there before it.
    const granted = Math.max(0, Math.min(places, request.quota - (count - places)));
    return { request, count, resetAt: Number(row.reset_at), places, granted };
  });
  const allowed = taken.every((w) => w.granted > 0);
  // Refused: every place goes back. Accepted: the places over the quota do.
  const back = taken.map((w) => ({ ...w, back: allowed ? w.places - w.granted : w.places })).filter((w) => w.back > 0);
  if (back.length > 0) {
    await sql`UPDATE rate_limit_windows SET count = count - (CASE ${sql.join(
      back.map((w) => sql`WHEN bucket = ${w.request.bucket} THEN CAST(${w.back} AS INTEGER)`),
      sql` `,
    )} ELSE 0 END) WHERE ${sql.join(
      back.map((w) => sql`(bucket = ${w.request.bucket} AND reset_at = ${w.resetAt})`),
      sql` OR `,
    )}`.execute(db);
  }
  return {
    allowed,
    windows: taken.map(({ request, count, resetAt, places, granted }) => ({
      request,
      count: count - (allowed ? places - granted : places),
      resetAt,
      granted: allowed ? granted : 0,
    })),
  };
}

function placesOf(request: RateWindowRequest): number {
  return Math.max(1, Math.floor(request.places ?? 1));
}

/** The windows of `checked` that are live and have no room left. */
async function fullWindows(db: Kysely<Database>, checked: readonly RateWindowRequest[], now: number): Promise<RateWindowState[]> {
  if (checked.length === 0) return [];
  const { rows } = await sql<{ bucket: string; count: number; reset_at: number | string }>`
    SELECT bucket, count, reset_at FROM rate_limit_windows w WHERE w.reset_at > ${now} AND (${isFull(checked)})`.execute(db);
  return rows.map((row) => ({ request: checked.find((c) => c.bucket === row.bucket)!, count: Number(row.count), resetAt: Number(row.reset_at) }));
}

function isFull(windows: readonly RateWindowRequest[]): RawBuilder<unknown> {
  return sql.join(
    windows.map((w) => sql`(w.bucket = ${w.bucket} AND w.count >= ${w.quota})`),
    sql` OR `,
  );
}

export async function deleteEndedWindows(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('rate_limit_windows').where('reset_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
