import { DomainError } from '../errors.js';
import { type PaymentConfig, type PaymentMethodSettings, enabledMethod, kindOf } from './methods.js';
import type { CardSummary } from './test-card.js';

/**
 * An order's status and payment, in upstream's words (docs/payments.md). An order placed
 * server-to-server, or from the storefront while its card payment is still to come, is
 * Incomplete; an offline method leaves it Awaiting Payment (the merchant is paid outside the
 * checkout); an approved card payment, or an order with nothing to pay, makes it Awaiting
 * Fulfillment. A declined card changes only the payment's status: the order stays Incomplete and
 * the shopper may pay again.
 */
export type OrderStatus = 'Incomplete' | 'Awaiting Payment' | 'Awaiting Fulfillment';

/** Upstream's v2 `status_id` of each status. */
export const ORDER_STATUS_IDS: Readonly<Record<OrderStatus, number>> = {
  Incomplete: 0,
  'Awaiting Payment': 7,
  'Awaiting Fulfillment': 11,
};

/** Upstream's v2 `payment_status` values Consign uses. */
export type PaymentStatus = 'pending' | 'captured' | 'declined';

export interface OrderPayment {
  /** The method's code (`cod`, `testgateway`, ...). */
  readonly methodId: string;
  /** Its name as the shopper saw it (upstream's v2 `payment_method`). */
  readonly methodName: string;
  readonly offline: boolean;
  readonly status: PaymentStatus;
  /** The card of the last attempt: brand and last four digits only. */
  readonly card?: CardSummary;
  /** When the payment was taken (approved), ISO 8601. */
  readonly paidTime?: string;
}

/** What placing an order records about its payment: the status, and the payment if any. */
export interface OrderPlacement {
  readonly status: OrderStatus;
  readonly payment: OrderPayment | null;
}

/** How the server-to-server route places an order: no payment, Incomplete (upstream). */
export const PLACED_WITHOUT_PAYMENT: OrderPlacement = { status: 'Incomplete', payment: null };

/**
 * How a storefront order starts, from the method the shopper chose (`payment.name` of the
 * checkout SDK's order request), if any, and the grand total. Refuses a method the store does not
 * offer (400, upstream's `invalid_payment_provider`).
 */
export function storefrontPlacement(config: PaymentConfig, methodId: string | undefined, grandTotal: number): OrderPlacement {
  if (grandTotal === 0) return { status: 'Awaiting Fulfillment', payment: null };
  if (methodId === undefined) return PLACED_WITHOUT_PAYMENT;
  const method = enabledMethod(config, methodId);
  if (!method) throw new InvalidPaymentMethodError(methodId);
  const payment = paymentWith(method, 'pending');
  return { status: payment.offline ? 'Awaiting Payment' : 'Incomplete', payment };
}

export function paymentWith(method: PaymentMethodSettings, status: PaymentStatus): OrderPayment {
  return { methodId: method.code, methodName: method.displayName, offline: kindOf(method.code)?.offline ?? true, status };
}

/** A payment method this store does not offer (or that does not exist). */
export class InvalidPaymentMethodError extends DomainError {
  constructor(readonly methodId: string) {
    super(400, `The payment method ${methodId} is not available in this store.`, { 'payment.name': `${methodId} is not an enabled payment method` });
  }
}

/** Whether an order still waits for a card payment: Incomplete and not paid. */
export function awaitsCardPayment(status: OrderStatus, payment: OrderPayment | null): boolean {
  return status === 'Incomplete' && (payment === null || (!payment.offline && payment.status !== 'captured'));
}
