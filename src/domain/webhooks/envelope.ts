import { createHash } from 'node:crypto';
import type { WebhookEvent } from './webhook.js';

/** Upstream's callback payload (webhooks.v3.yml `webhook_callback_base`). */
export interface WebhookEnvelope {
  readonly scope: string;
  /** Upstream's numeric store id, as a string. */
  readonly store_id: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** SHA-1 of the JSON of `data`, as upstream describes it. */
  readonly hash: string;
  /** Epoch seconds. */
  readonly created_at: number;
  /** `stores/{store_hash}`. */
  readonly producer: string;
}

/**
 * The body every hook subscribed to `event` receives, for a store, at `now` (epoch ms): built when
 * the event is recorded, so that a retry sends the very same bytes.
 * `envelope({ scope: 'store/cart/created', resource: 'cart:c1', data: { type: 'cart', id: 'c1' } }, { id: 7, hash: 'abc' }, now)`
 */
export function envelope(event: WebhookEvent, store: { readonly id: number; readonly hash: string }, now: number): WebhookEnvelope {
  return {
    scope: event.scope,
    store_id: String(store.id),
    data: event.data,
    hash: createHash('sha1').update(JSON.stringify(event.data)).digest('hex'),
    created_at: Math.floor(now / 1000),
    producer: `stores/${store.hash}`,
  };
}
