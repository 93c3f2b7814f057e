import { assertOrderable, snapshotOrder } from '../domain/orders.js';
import { checkoutTotals } from '../domain/totals.js';
import type { Store, StoreRecord } from '../store/store.js';
import type { CheckoutService } from './checkout-service.js';

/**
 * Turns an eligible checkout into an order with status Incomplete, as upstream's
 * `POST /v3/checkouts/{id}/orders` does; the order is a snapshot written in the same transaction
 * as the checkout's `order_id`. Upstream: "You can create as many orders from the same order
 * (cart) as you want": the checkout stays open, each call makes a new order from it as it stands,
 * and `order_id` names the latest (docs/orders.md). Returns the new order's id. The server-to-server route and the demo page both place
 * orders through here, the demo page with no credential at all.
 */
export async function placeOrder(services: { checkouts: CheckoutService; store: Store }, record: StoreRecord, checkoutId: string): Promise<number> {
  const { checkouts, store } = services;
  // Refuse early (no order id spent) when the checkout is not orderable as it stands.
  const loaded = await checkouts.get(record, checkoutId, 'checkout');
  assertOrderable(loaded.checkout, loaded.config.tax);
  const id = await store.nextOrderId(record.id);
  await checkouts.mutate(
    record,
    checkoutId,
    undefined,
    'checkout',
    (current, config) => {
      assertOrderable(current, config.tax);
      return { ...current, orderId: String(id) };
    },
    // Placed when its checkout is saved: the service's clock stamped that as `updatedTime`.
    (saved, config) => ({
      id,
      storeId: record.id,
      checkoutId,
      document: JSON.stringify(snapshotOrder(id, saved, checkoutTotals(saved, config.tax), config, saved.updatedTime)),
      createdAt: saved.updatedTime,
    }),
  );
  return id;
}
