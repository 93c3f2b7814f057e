import { type Order } from '../domain/orders.js';
import type { Store, StoreRecord } from '../store/store.js';

/**
 * Whether a store's order is complete: placed and no longer waiting for its card payment. Upstream
 * keeps a checkout open while its order is Incomplete (a declined card is tried again on the same
 * order), and sends the shopper to the confirmation once it is not. A missing order is not.
 */
export async function isOrderComplete(store: Store, record: StoreRecord, orderId: number): Promise<boolean> {
  const found = await store.findOrder(record.id, orderId);
  if (!found) return false;
  return (JSON.parse(found.document) as Pick<Order, 'status'>).status !== 'Incomplete';
}
