import { ORDER_FORMAT, type Order } from '../domain/orders.js';
import type { Store, StoreRecord } from '../store/store.js';

/** A stored order as this version of Consign reads it: the one place a snapshot is parsed. */
export type FoundOrder = Order | 'earlier format' | undefined;

/** Reading a store's orders back, for both dialects and the hosted pages. */
export class OrderService {
  constructor(private readonly store: Store) {}

  /**
   * The order, undefined when the store has none with this id, or 'earlier format' when an earlier
   * version of Consign wrote it in a shape these answers cannot be made from.
   */
  async find(record: StoreRecord, id: number): Promise<FoundOrder> {
    const found = await this.store.findOrder(record.id, id);
    if (!found) return undefined;
    const order = JSON.parse(found.document) as Order;
    return order.format === ORDER_FORMAT ? order : 'earlier format';
  }

  /**
   * Whether an order is complete: placed and no longer waiting for its card payment. Upstream
   * keeps a checkout open while its order is Incomplete (a declined card is tried again on the same
   * order), and sends the shopper to the confirmation once it is not. A missing order is not.
   */
  async isComplete(record: StoreRecord, id: number): Promise<boolean> {
    const order = await this.find(record, id);
    return typeof order === 'object' && order.status !== 'Incomplete';
  }
}
