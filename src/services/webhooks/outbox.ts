import { randomUUID } from 'node:crypto';
import type { Checkout } from '../../domain/checkout.js';
import { checkoutEvents } from '../../domain/webhooks/checkout-events.js';
import { envelope } from '../../domain/webhooks/envelope.js';
import { scopeMatches } from '../../domain/webhooks/scopes.js';
import type { WebhookEvent } from '../../domain/webhooks/webhook.js';
import type { NewWebhookDelivery } from '../../store/store.js';
import type { StoreConfig } from '../store-config.js';

/**
 * The outbox rows for `events`: one per event and active hook subscribed to its scope, each with
 * the envelope it will be sent as. A store with no active hook records nothing (and a write pays
 * for one `some` over an empty list).
 */
export function deliveriesFor(config: StoreConfig, events: readonly WebhookEvent[], now: number): NewWebhookDelivery[] {
  const active = config.webhooks.filter((hook) => hook.isActive);
  if (active.length === 0) return [];
  const deliveries: NewWebhookDelivery[] = [];
  for (const event of events) {
    const hooks = active.filter((hook) => scopeMatches(hook.scope, event.scope));
    if (hooks.length === 0) continue;
    const eventId = randomUUID();
    const body = JSON.stringify(envelope(event, config.store, now));
    for (const hook of hooks) {
      deliveries.push({ storeId: config.store.id, hookId: hook.id, eventId, scope: event.scope, resource: event.resource, body, createdAt: now });
    }
  }
  return deliveries;
}

/** Whether any hook of the store would receive an event at all: the write path's cheap test. */
export function hasSubscribers(config: StoreConfig): boolean {
  return config.webhooks.some((hook) => hook.isActive);
}

/** The outbox rows of a checkout write (checkout-events.ts), or none without subscribers. */
export function checkoutDeliveries(config: StoreConfig, before: Checkout | null, after: Checkout | null, now: number): NewWebhookDelivery[] | undefined {
  if (!hasSubscribers(config)) return undefined;
  const deliveries = deliveriesFor(config, checkoutEvents(before, after), now);
  return deliveries.length > 0 ? deliveries : undefined;
}
