import { DomainError } from '../errors.js';
import type { Order } from '../orders.js';
import { type PaymentMethodSettings } from './methods.js';
import { awaitsCardPayment, paymentWith } from './order-payment.js';
import type { CardDecision } from './test-card.js';

/**
 * An order after a card payment attempt on it. Approved: the payment is captured and the order
 * Awaiting Fulfillment. Declined: the payment is declined and the order stays Incomplete, so the
 * shopper can pay again. Refuses an order that waits for no card payment (already paid, offline,
 * or nothing to pay): 409, and the order is unchanged.
 */
export function applyCardDecision(order: Order, method: PaymentMethodSettings, decision: Exclude<CardDecision, { outcome: 'invalid' }>, now: string): Order {
  if (!awaitsCardPayment(order.status, order.payment ?? null) || order.totals.grandTotal === 0) {
    throw new OrderNotPayableError(order.id);
  }
  if (decision.outcome === 'approved') {
    return { ...order, status: 'Awaiting Fulfillment', payment: { ...paymentWith(method, 'captured'), card: decision.card, paidTime: now } };
  }
  return { ...order, payment: { ...paymentWith(method, 'declined'), card: decision.card } };
}

export class OrderNotPayableError extends DomainError {
  constructor(readonly orderId: number) {
    super(409, `Order ${orderId} is not awaiting a card payment.`);
  }
}
