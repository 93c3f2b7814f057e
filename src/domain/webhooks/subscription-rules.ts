import { invalid } from '../errors.js';
import { isSubscribableScope } from './scopes.js';

/** What a client may set on a hook (upstream's `webhook_Base`), as Consign keeps it. */
export interface SubscriptionFields {
  readonly scope?: string;
  readonly destination?: string;
  readonly headers?: Readonly<Record<string, string>> | null;
  readonly isActive?: boolean;
}

/** Headers Consign sets on every delivery itself; a hook's own headers cannot replace them. */
const RESERVED_HEADERS = ['content-type', 'content-length', 'host', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'transfer-encoding', 'connection'];
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Refuses, with upstream's 422, a hook that could never be delivered: a scope with no events, a
 * destination that is not an http(s) URL, or a header that HTTP cannot carry. Upstream demands
 * https on port 443; Consign takes any http(s) URL, so that a local receiver
 * (`http://127.0.0.1:4000/hooks`) works in the sandbox (docs/webhooks.md).
 */
export function checkSubscription(fields: SubscriptionFields): void {
  if (fields.scope !== undefined && !isSubscribableScope(fields.scope)) {
    throw invalid(`The scope ${JSON.stringify(fields.scope)} is not one a webhook can subscribe to.`, { scope: 'unknown scope' });
  }
  if (fields.destination !== undefined && !isDestination(fields.destination)) {
    throw invalid('The destination must be an http or https URL.', { destination: 'not an http(s) URL' });
  }
  for (const [name, value] of Object.entries(fields.headers ?? {})) {
    if (!TOKEN.test(name) || RESERVED_HEADERS.includes(name.toLowerCase())) {
      throw invalid(`The header ${JSON.stringify(name)} cannot be sent with a webhook.`, { [`headers.${name}`]: 'not a header Consign can send' });
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value) || value.length > 4096) {
      throw invalid(`The value of the header ${JSON.stringify(name)} cannot be sent.`, { [`headers.${name}`]: 'not a header value' });
    }
  }
}

function isDestination(text: string): boolean {
  if (text.length > 2048) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
