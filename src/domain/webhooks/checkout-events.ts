import type { Checkout } from '../checkout.js';
import type { Consignment } from '../consignment.js';
import type { WebhookEvent } from './webhook.js';

/**
 * The events a checkout write causes, in the order a receiver should see them: what changed
 * between `before` (null: the cart is new) and `after` (null: the cart was deleted). Every event
 * of one cart is in the chain `cart:{id}`, so a hook receives them in the order they happened.
 * An order placed from the cart comes as `store/cart/converted` and `store/order/created`.
 * `checkoutEvents(null, cart)` is `store/cart/created` and a `store/cart/lineItem/created` per line.
 */
export function checkoutEvents(before: Checkout | null, after: Checkout | null): WebhookEvent[] {
  const cart = (after ?? before)!;
  const resource = `cart:${cart.id}`;
  const events: WebhookEvent[] = [];
  const event = (scope: string, data: Record<string, unknown>) => events.push({ scope, resource, data });
  const cartData = { type: 'cart', id: cart.id };

  if (before === null) event('store/cart/created', cartData);
  else if (after === null) {
    event('store/cart/deleted', cartData);
    return events;
  } else event('store/cart/updated', cartData);

  const oldLines = linesOf(before);
  const newLines = linesOf(after!);
  for (const [id, line] of newLines) {
    const old = oldLines.get(id);
    if (old === undefined) event('store/cart/lineItem/created', { type: 'cart_line_item', id, cartId: cart.id });
    else if (old !== line) event('store/cart/lineItem/updated', { type: 'cart_line_item', id, cartId: cart.id });
  }
  for (const id of oldLines.keys()) {
    if (!newLines.has(id)) event('store/cart/lineItem/deleted', { type: 'cart_line_item', id, cartId: cart.id });
  }

  const oldConsignments = new Map((before?.consignments ?? []).map((c) => [c.id, c]));
  for (const consignment of after!.consignments) {
    const old = oldConsignments.get(consignment.id);
    const data = { type: 'cart_consignment', id: consignment.id, cartId: cart.id };
    if (!old) event('store/cart/consignment/created', data);
    else if (shipmentOf(old) !== shipmentOf(consignment)) event('store/cart/consignment/updated', data);
    const was = old?.selectedShippingOption?.id ?? null;
    const is = consignment.selectedShippingOption?.id ?? null;
    if (is !== null && is !== was) event('store/cart/consignment/shippingOption/selected', { ...data, shippingOptionId: is });
    else if (is === null && was !== null) event('store/cart/consignment/shippingOption/invalidated', { ...data, shippingOptionId: was });
  }
  const kept = new Set(after!.consignments.map((c) => c.id));
  for (const id of oldConsignments.keys()) {
    if (!kept.has(id)) event('store/cart/consignment/deleted', { type: 'cart_consignment', id, cartId: cart.id });
  }

  if (after!.orderId !== null && after!.orderId !== (before?.orderId ?? null)) {
    const orderId = Number(after!.orderId);
    event('store/cart/converted', { type: 'cart', id: cart.id, orderId });
    event('store/order/created', { type: 'order', id: orderId });
  }
  return events;
}

/** Every cart line by id, as JSON, so that any change to a line shows. */
function linesOf(checkout: Checkout | null): Map<string, string> {
  if (!checkout) return new Map();
  const { products, customItems, giftCertificates } = checkout.lineItems;
  return new Map([...products, ...customItems, ...giftCertificates].map((line) => [line.id, JSON.stringify(line)]));
}

/** What a consignment ships, where, and with which options on offer: its selection aside. */
function shipmentOf(consignment: Consignment): string {
  return JSON.stringify([consignment.address, consignment.lineItemIds, consignment.availableShippingOptions, consignment.selectedPickupOption ?? null]);
}
