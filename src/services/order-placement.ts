import { assertOrderable, snapshotOrder } from '../domain/orders.js';
import { type OrderPlacement, PLACED_WITHOUT_PAYMENT } from '../domain/payments/order-payment.js';
import { type CheckoutTotals, checkoutTotals } from '../domain/totals.js';
import type { Store, StoreRecord } from '../store/store.js';
import type { CheckoutService } from './checkout-service.js';
import type { StoreConfig } from './store-config.js';

/**
 * What the storefront adds when it places an order (docs/payments.md): how the order starts (its
 * status and payment method, decided from the checkout's totals and the store's methods) and the
 * marks that tie it to the shopper's session and to its payment token. The server-to-server route
 * adds nothing: its orders start Incomplete with no payment.
 */
export interface PlacementOptions {
  readonly placement?: (config: StoreConfig, totals: CheckoutTotals) => OrderPlacement;
  readonly placedBy?: string;
  readonly paymentTokenHash?: string;
}

/**
 * Turns an eligible checkout into an order with status Incomplete, as upstream's
 * `POST /v3/checkouts/{id}/orders` does; the order is a snapshot written in the same transaction
 * as the checkout's `order_id`. Upstream: "You can create as many orders from the same order
 * (cart) as you want": the checkout stays open, each call makes a new order from it as it stands,
 * and `order_id` names the latest (docs/orders.md). Returns the new order's id. The server-to-server route and the demo page both place
 * orders through here, the demo page with no credential at all.
 */
export async function placeOrder(
  services: { checkouts: CheckoutService; store: Store },
  record: StoreRecord,
  checkoutId: string,
  options: PlacementOptions = {},
): Promise<number> {
  const { checkouts, store } = services;
  const place = options.placement ?? (() => PLACED_WITHOUT_PAYMENT);
  // Refuse early (no order id spent) when the checkout is not orderable as it stands.
  const loaded = await checkouts.get(record, checkoutId, 'checkout');
  assertOrderable(loaded.checkout, loaded.config.tax);
  place(loaded.config, checkoutTotals(loaded.checkout, loaded.config.tax));
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
    {
      // Placed when its checkout is saved: the service's clock stamped that as `updatedTime`.
      attach: (saved, config) => {
        const totals = checkoutTotals(saved, config.tax);
        const order = snapshotOrder(id, saved, totals, config, saved.updatedTime, place(config, totals), options.placedBy);
        const document = options.paymentTokenHash === undefined ? order : { ...order, paymentTokenHash: options.paymentTokenHash };
        return { id, storeId: record.id, checkoutId, document: JSON.stringify(document), createdAt: saved.updatedTime };
      },
    },
  );
  return id;
}
