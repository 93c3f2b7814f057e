import { Type } from 'typebox';
import type { Webhook } from '../../domain/webhooks/webhook.js';
import { Nullable, Strict } from '../openapi/common.js';
import type { WebhookDeliveryRow } from '../../store/store.js';

/**
 * Upstream's webhook shapes (webhooks.v3.yml `webhook_Base`, `webhook_Put`, `webhook_Full`) and
 * Consign's delivery log. Requests ignore unknown fields, as upstream's do.
 */

const Headers = Type.Record(Type.String({ maxLength: 256 }), Type.String({ maxLength: 4096 }), { description: 'Sent as they are with every delivery.' });
const Scope = Type.String({ minLength: 1, maxLength: 200, description: 'The event subscribed to, or a wildcard such as `store/cart/*` (docs/webhooks.md).' });
const Destination = Type.String({ minLength: 1, maxLength: 2048, description: 'An http or https URL; upstream demands https on port 443, Consign takes any (docs/webhooks.md).' });

export const CreateWebhookRequest = Type.Object({
  scope: Scope,
  destination: Destination,
  is_active: Type.Optional(Type.Boolean()),
  headers: Type.Optional(Nullable(Headers)),
});

/** Upstream: "At least one field is required to perform an update." */
export const UpdateWebhookRequest = Type.Object(
  {
    scope: Type.Optional(Scope),
    destination: Type.Optional(Destination),
    is_active: Type.Optional(Type.Boolean()),
    headers: Type.Optional(Nullable(Headers)),
  },
  { minProperties: 1 },
);

const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 50 })),
};

export const ListWebhooksQuery = Type.Object({
  ...Paging,
  is_active: Type.Optional(Type.Boolean()),
  scope: Type.Optional(Type.String({ maxLength: 200 })),
  destination: Type.Optional(Type.String({ maxLength: 2048 })),
});

export const ListDeliveriesQuery = Type.Object(Paging);

const webhookFields = {
  id: Type.Integer(),
  client_id: Type.String(),
  store_hash: Type.String(),
  scope: Type.String(),
  destination: Type.String(),
  is_active: Type.Boolean(),
  headers: Nullable(Type.Record(Type.String(), Type.String())),
  created_at: Type.Integer({ description: 'Epoch seconds.' }),
  updated_at: Type.Integer({ description: 'Epoch seconds.' }),
};

export const WebhookFull = Strict(webhookFields, { $id: 'WebhookFull', description: "A webhook (webhooks.v3.yml webhook_Full)." });

export const WebhookCreated = Strict(
  { ...webhookFields, secret: Type.String({ description: 'Consign: the key that signs every delivery (Standard Webhooks, `whsec_...`); shown in this answer only.' }) },
  { $id: 'WebhookCreated', description: 'A new webhook, with its signing secret (a Consign extension).' },
);

export const WebhookDelivery = Strict(
  {
    event_id: Type.String({ description: 'The `webhook-id` header of every attempt.' }),
    scope: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('abandoned')]),
    attempts: Type.Integer(),
    last_status_code: Nullable(Type.Integer()),
    last_answer: Nullable(Type.String({ description: 'The start of the last answer (or why there was none), at most 500 characters.' })),
    next_attempt_at: Nullable(Type.Integer({ description: 'Epoch seconds; null once delivered or abandoned.' })),
    delivered_at: Nullable(Type.Integer({ description: 'Epoch seconds.' })),
    created_at: Type.Integer({ description: 'Epoch seconds.' }),
  },
  { $id: 'WebhookDelivery', description: "One event's delivery to one webhook (Consign)." },
);

export function presentWebhook(hook: Webhook, storeHash: string) {
  return {
    id: hook.id,
    client_id: hook.clientId,
    store_hash: storeHash,
    scope: hook.scope,
    destination: hook.destination,
    is_active: hook.isActive,
    headers: hook.headers,
    created_at: hook.createdAt,
    updated_at: hook.updatedAt,
  };
}

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

export function presentDelivery(row: WebhookDeliveryRow) {
  return {
    event_id: row.eventId,
    scope: row.scope,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.lastStatusCode,
    last_answer: row.lastAnswer,
    next_attempt_at: seconds(row.nextAttemptAt),
    delivered_at: seconds(row.deliveredAt),
    created_at: seconds(row.createdAt)!,
  };
}
