import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, WebhookDeliveriesTable } from './schema.js';
import type { ClaimedWebhookDelivery, NewWebhookDelivery, Page, WebhookDeliveryRow, WebhookDeliveryStatus, WebhookOutcome } from './store.js';
import { isStorableId } from './sql-values.js';

/** The SQL of the webhook outbox (docs/webhooks.md), the same on both databases but for row locks. */

const UNSENT = ['pending', 'failed'] as const;

export async function insertDeliveries(db: Kysely<Database>, deliveries: readonly NewWebhookDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await db
    .insertInto('webhook_deliveries')
    .values(
      deliveries.map((d) => ({
        store_id: d.storeId,
        hook_id: d.hookId,
        event_id: d.eventId,
        scope: d.scope,
        resource: d.resource,
        body: d.body,
        status: 'pending',
        next_attempt_at: d.createdAt,
        created_at: d.createdAt,
      })),
    )
    .execute();
}

/**
 * One statement picks and leases, so two claimants never hold one delivery: PostgreSQL locks the
 * picked rows and skips rows another claimant is locking (FOR UPDATE SKIP LOCKED), and re-checks
 * the lease on the row it locks; SQLite runs one writer at a time. A delivery with an older unsent
 * one of its hook and resource waits for it, so a resource's events keep their order.
 */
export async function claimDeliveries(db: Kysely<Database>, postgres: boolean, owner: string, now: number, leaseUntil: number, limit: number): Promise<ClaimedWebhookDelivery[]> {
  // Most polls find nothing: a read through the partial index says so without taking a write lock
  // (SQLite has one for the whole database, which every checkout write needs).
  const due = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', 'in', [...UNSENT])
    .where('next_attempt_at', '<=', now)
    .limit(1)
    .executeTakeFirst();
  if (!due) return [];
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
      ORDER BY d.id
      LIMIT ${limit}${lock}
    )
    AND (lease_until IS NULL OR lease_until <= ${now})
    RETURNING ${sql.join(ROW_COLUMNS.map((column) => sql.ref(column)))}`.execute(db);
  return result.rows.map(toRow).sort((a, b) => a.id - b.id);
}

export async function finishDelivery(db: Kysely<Database>, id: number, owner: string, outcome: WebhookOutcome): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      last_status_code: outcome.statusCode,
      last_answer: outcome.answer,
      next_attempt_at: outcome.status === 'failed' ? (outcome.retryAt ?? outcome.at) : outcome.at,
      delivered_at: outcome.status === 'delivered' ? outcome.at : null,
      lease_owner: null,
      lease_until: null,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function abandonDeliveries(db: Kysely<Database>, storeId: number, hookId: number, answer: string): Promise<number> {
  if (!isStorableId(hookId)) return 0;
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'abandoned', last_answer: answer, lease_owner: null, lease_until: null })
    .where('store_id', '=', storeId)
    .where('hook_id', '=', hookId)
    .where('status', 'in', [...UNSENT])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listDeliveries(db: Kysely<Database>, storeId: number, hookId: number, page: Page): Promise<{ rows: WebhookDeliveryRow[]; total: number }> {
  if (!isStorableId(hookId)) return { rows: [], total: 0 };
  const where = db.selectFrom('webhook_deliveries').where('store_id', '=', storeId).where('hook_id', '=', hookId);
  const counted = await where.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
  const rows = await where
    .select(ROW_COLUMNS)
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset((page.page - 1) * page.limit)
    .execute();
  return { rows: rows.map(toRow), total: Number(counted.total) };
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
