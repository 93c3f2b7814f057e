import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, WebhookDeliveriesTable } from './schema.js';
import type { ClaimedWebhookDelivery, FinishedWebhookDelivery, NewWebhookDelivery, Page, WebhookDeliveryRow, WebhookDeliveryStatus } from './store.js';
import { type Rider, whenMatched } from './conditional-write-sql.js';
import { isStorableId } from './sql-values.js';

/** The SQL of the webhook outbox (docs/webhooks.md), the same on both databases but for row locks and the expansion of a JSON array. */

/**
 * The outbox rows of `deliveries`, as a rider of the write that caused them (conditional-write-sql.ts):
 * none when there are none. They go as one JSON array that the database expands, in order (ids
 * follow it, and with them the order of a resource's events): the same text whatever the count.
 */
export function deliveryWrites(kind: 'sqlite' | 'postgres', deliveries: readonly NewWebhookDelivery[] | undefined): Rider[] {
  if (!deliveries || deliveries.length === 0) return [];
  const json = JSON.stringify(deliveries);
  const rows = kind === 'sqlite' ? sql`json_each(${json})` : sql`jsonb_array_elements(${json}::jsonb)`;
  return [
    {
      shape: 'deliveries',
      values: [json],
      statement: (matched) => sql`INSERT INTO webhook_deliveries (store_id, hook_id, event_id, scope, resource, body, status, next_attempt_at, created_at)
        SELECT CAST(value ->> 'storeId' AS integer), CAST(value ->> 'hookId' AS integer), value ->> 'eventId', value ->> 'scope', value ->> 'resource',
          value ->> 'body', 'pending', CAST(value ->> 'createdAt' AS bigint), CAST(value ->> 'createdAt' AS bigint)
        FROM ${rows} WHERE ${whenMatched(matched)}`,
    },
  ];
}

/** Adds `deliveries` to the outbox. */
export async function insertDeliveries(db: Kysely<Database>, kind: 'sqlite' | 'postgres', deliveries: readonly NewWebhookDelivery[]): Promise<void> {
  for (const rider of deliveryWrites(kind, deliveries)) await rider.statement(undefined).execute(db);
}

/**
 * The statuses the partial indexes cover, as literals: a planner matches an index's
 * `WHERE status IN (...)` to literals only (with bound statuses, SQLite scanned the whole table on
 * every poll, a cost that grew with every delivery ever made).
 */
const UNSENT_SQL = sql.raw(`status IN ('pending', 'failed')`);
const FINISHED_SQL = sql.raw(`status IN ('delivered', 'abandoned')`);

/**
 * One statement picks and leases, so two claimants never hold one delivery: PostgreSQL locks the
 * picked rows and skips rows another claimant is locking (FOR UPDATE SKIP LOCKED), and re-checks
 * the lease on the row it locks; SQLite runs one writer at a time. A delivery with an older unsent
 * one of its hook and resource waits for it, so a resource's events keep their order. The oldest
 * due go first, in the due index's own order: ordered by id alone, SQLite (which has no statistics
 * to say otherwise) walked the whole table by id on every claim instead of that index.
 */
export async function claimDeliveries(db: Kysely<Database>, postgres: boolean, owner: string, now: number, leaseUntil: number, limit: number): Promise<ClaimedWebhookDelivery[]> {
  // Most polls find nothing: on SQLite a read through the partial index says so without taking the
  // write lock (one for the whole database, which every checkout write needs). On PostgreSQL a claim
  // that finds nothing locks and writes nothing, so the read would only add a round trip.
  if (!postgres) {
    const due = await sql`SELECT id FROM webhook_deliveries WHERE ${UNSENT_SQL} AND next_attempt_at <= ${now} LIMIT 1`.execute(db);
    if (due.rows.length === 0) return [];
  }
  const lock = postgres ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  const result = await sql<RawRow>`
    UPDATE webhook_deliveries
    SET lease_owner = ${owner}, lease_until = ${leaseUntil}, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, ${now})
    WHERE id IN (
      SELECT d.id FROM webhook_deliveries d
      WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= ${now}
        AND (d.lease_until IS NULL OR d.lease_until <= ${now})
        AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries e
          WHERE e.store_id = d.store_id AND e.hook_id = d.hook_id AND e.resource = d.resource
            AND e.status IN ('pending', 'failed') AND e.id < d.id
        )
      ORDER BY d.next_attempt_at, d.id
      LIMIT ${limit}${lock}
    )
    AND (lease_until IS NULL OR lease_until <= ${now})
    RETURNING ${sql.join(ROW_COLUMNS.map((column) => sql.ref(column)))}`.execute(db);
  return result.rows.map(toRow).sort((a, b) => a.id - b.id);
}

/**
 * Records the outcomes of the attempts sent together, in one statement, on the rows `owner` still
 * leases; returns the ids it recorded (a delivery whose lease ran out is another claimant's now).
 * A finished row's `next_attempt_at` is when it finished: what retention counts from.
 */
export async function finishDeliveries(db: Kysely<Database>, owner: string, finished: readonly FinishedWebhookDelivery[]): Promise<number[]> {
  if (finished.length === 0) return [];
  const values = finished.map(
    (f) =>
      sql`(CAST(${f.id} AS bigint), CAST(${f.status} AS text), CAST(${f.statusCode} AS integer), CAST(${f.answer} AS text), CAST(${f.status === 'failed' ? (f.retryAt ?? f.at) : f.at} AS bigint), CAST(${f.status === 'delivered' ? f.at : null} AS bigint))`,
  );
  const result = await sql<{ id: number | string }>`
    WITH outcome (delivery_id, status, status_code, answer, next_at, delivered_at) AS (VALUES ${sql.join(values)})
    UPDATE webhook_deliveries
    SET status = outcome.status, last_status_code = outcome.status_code, last_answer = outcome.answer,
        next_attempt_at = outcome.next_at, delivered_at = outcome.delivered_at, lease_owner = NULL, lease_until = NULL
    FROM outcome
    WHERE webhook_deliveries.id = outcome.delivery_id AND webhook_deliveries.lease_owner = ${owner}
    RETURNING id`.execute(db);
  return result.rows.map((row) => Number(row.id));
}

export async function abandonDeliveries(db: Kysely<Database>, storeId: number, hookId: number, answer: string, now: number): Promise<number> {
  if (!isStorableId(hookId)) return 0;
  const result = await sql`
    UPDATE webhook_deliveries
    SET status = 'abandoned', last_answer = ${answer}, next_attempt_at = ${now}, lease_owner = NULL, lease_until = NULL
    WHERE store_id = ${storeId} AND hook_id = ${hookId} AND ${UNSENT_SQL}`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Deletes up to `limit` deliveries that finished (delivered or abandoned) before `before`, oldest
 * first; returns how many. Unsent rows are never touched, so no claim or chain can miss one.
 */
export async function pruneDeliveries(db: Kysely<Database>, before: number, limit: number): Promise<number> {
  const result = await sql`
    DELETE FROM webhook_deliveries WHERE id IN (
      SELECT id FROM webhook_deliveries WHERE ${FINISHED_SQL} AND next_attempt_at < ${before}
      ORDER BY next_attempt_at LIMIT ${limit}
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * A page of a hook's log and its count, read by one statement so that both come from one snapshot:
 * a prune running beside it changes neither half alone. The count's row comes back on an empty page too.
 */
export async function listDeliveries(db: Kysely<Database>, storeId: number, hookId: number, page: Page): Promise<{ rows: WebhookDeliveryRow[]; total: number }> {
  if (!isStorableId(hookId)) return { rows: [], total: 0 };
  const result = await sql<Partial<RawRow> & { total: number | string }>`
    SELECT counted.total, ${sql.join(ROW_COLUMNS.map((column) => sql.ref(`d.${column}`)))} FROM (
      SELECT COUNT(*) AS total FROM webhook_deliveries WHERE store_id = ${storeId} AND hook_id = ${hookId}
    ) counted LEFT JOIN (
      SELECT ${sql.join(ROW_COLUMNS.map((column) => sql.ref(column)))} FROM webhook_deliveries WHERE store_id = ${storeId} AND hook_id = ${hookId}
      ORDER BY id DESC LIMIT ${page.limit} OFFSET ${(page.page - 1) * page.limit}
    ) d ON 1 = 1
    ORDER BY d.id DESC`.execute(db);
  const rows = result.rows.filter((row) => row.id !== null && row.id !== undefined).map((row) => toRow(row as RawRow));
  return { rows, total: Number(result.rows[0]?.total ?? 0) };
}

/** A row as the database answers it: its times may come back as text (PostgreSQL's bigint). */
type RawRow = Omit<Selectable<WebhookDeliveriesTable>, 'lease_owner' | 'lease_until'>;

/** The columns a row is read with, named (a prepared `*` breaks when a migration adds one: postgres-store.ts). */
const ROW_COLUMNS = [
  'id',
  'store_id',
  'hook_id',
  'event_id',
  'scope',
  'resource',
  'body',
  'status',
  'attempts',
  'last_status_code',
  'last_answer',
  'next_attempt_at',
  'first_attempt_at',
  'delivered_at',
  'created_at',
] as const satisfies readonly (keyof RawRow)[];

const time = (value: number | string | null) => (value === null ? null : Number(value));

function toRow(row: RawRow): WebhookDeliveryRow {
  const status = row.status as WebhookDeliveryStatus;
  return {
    id: Number(row.id),
    storeId: row.store_id,
    hookId: row.hook_id,
    eventId: row.event_id,
    scope: row.scope,
    resource: row.resource,
    body: row.body,
    status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastAnswer: row.last_answer,
    nextAttemptAt: status === 'pending' || status === 'failed' ? Number(row.next_attempt_at) : null,
    firstAttemptAt: time(row.first_attempt_at),
    deliveredAt: time(row.delivered_at),
    createdAt: Number(row.created_at),
  };
}
