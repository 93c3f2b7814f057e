import { ORDER_STATUS_IDS, type OrderStatus } from '../payments/order-payment.js';
import type { WebhookEvent } from './webhook.js';

/**
 * The events an order's change after placement causes (a payment recorded): `store/order/updated`,
 * and `store/order/statusUpdated` with upstream's status ids when the status moved. They share the
 * order's chain, `order:{id}`.
 * `orderEvents(7, 'Incomplete', 'Awaiting Fulfillment')` also names `{ previous_status_id: 0, new_status_id: 11 }`.
 */
export function orderEvents(id: number, before: OrderStatus, after: OrderStatus): WebhookEvent[] {
  const resource = `order:${id}`;
  const events: WebhookEvent[] = [{ scope: 'store/order/updated', resource, data: { type: 'order', id } }];
  if (before !== after) {
    events.push({
      scope: 'store/order/statusUpdated',
      resource,
      data: { type: 'order', id, status: { previous_status_id: ORDER_STATUS_IDS[before], new_status_id: ORDER_STATUS_IDS[after] } },
    });
  }
  return events;
}
