/**
 * The events a hook can subscribe to: upstream's cart, line item, order and customer scopes
 * (webhooks.v3.yml, "Webhooks Events"), and Consign's consignment and shipping-option scopes,
 * named in upstream's style (docs/webhooks.md).
 */
export const UPSTREAM_SCOPES = [
  'store/cart/created',
  'store/cart/updated',
  'store/cart/deleted',
  'store/cart/converted',
  'store/cart/lineItem/created',
  'store/cart/lineItem/updated',
  'store/cart/lineItem/deleted',
  'store/order/created',
  'store/order/updated',
  'store/order/statusUpdated',
  'store/customer/created',
  'store/customer/updated',
  'store/customer/deleted',
] as const;

/** A Consign extension: what happens to a checkout's consignments and their shipping options. */
export const CONSIGNMENT_SCOPES = [
  'store/cart/consignment/created',
  'store/cart/consignment/updated',
  'store/cart/consignment/deleted',
  'store/cart/consignment/shippingOption/selected',
  'store/cart/consignment/shippingOption/invalidated',
] as const;

export const EVENT_SCOPES: readonly string[] = [...UPSTREAM_SCOPES, ...CONSIGNMENT_SCOPES];

export type EventScope = (typeof UPSTREAM_SCOPES)[number] | (typeof CONSIGNMENT_SCOPES)[number];

/**
 * Whether a hook may subscribe to `scope`: an event's scope, or a wildcard as upstream writes them
 * (`store/cart/*`) over a family that has events. `store/cart/*` takes every event under
 * `store/cart/`, line items and consignments included, as upstream's takes line items.
 */
export function isSubscribableScope(scope: string): boolean {
  if (EVENT_SCOPES.includes(scope)) return true;
  if (!scope.endsWith('/*')) return false;
  const prefix = scope.slice(0, -1);
  return prefix.length > 'store/'.length && EVENT_SCOPES.some((s) => s.startsWith(prefix));
}

/** Whether a hook subscribed to `subscribed` receives an event of `scope`. */
export function scopeMatches(subscribed: string, scope: string): boolean {
  if (subscribed === scope) return true;
  return subscribed.endsWith('/*') && scope.startsWith(subscribed.slice(0, -1));
}
