import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, NotFoundError } from '../../domain/errors.js';
import { ORDER_FORMAT, type Order } from '../../domain/orders.js';
import { applyCardDecision } from '../../domain/payments/card-payment.js';
import { type PaymentMethodChange, type PaymentMethodSettings, allMethods, configureMethod, enabledMethod, kindOf } from '../../domain/payments/methods.js';
import { InvalidPaymentMethodError } from '../../domain/payments/order-payment.js';
import { type CardDetails, type CardSummary, decideCard } from '../../domain/payments/test-card.js';
import type { Store, StoreRecord } from '../../store/store.js';
import { ConfigKind, type ConfigCache } from '../store-config.js';
import { orderEvents } from '../../domain/webhooks/order-events.js';
import { deliveriesFor } from '../webhooks/outbox.js';

/** What a card payment came to: the order as it now stands, and the gateway's answer. */
export type CardPaymentResult =
  | { readonly outcome: 'approved'; readonly order: Order; readonly card: CardSummary }
  | { readonly outcome: 'declined'; readonly order: Order; readonly card: CardSummary; readonly reason: string };

/** How many times a payment re-reads an order another request changed under it. */
const ATTEMPTS = 5;

/**
 * Payment methods per store and the test card gateway (docs/payments.md). Methods are
 * configuration (cached with the rest); a payment changes its order with a conditional write, so
 * two payments of one order, in any number of processes, never both go through.
 */
export class PaymentService {
  constructor(
    private readonly store: Store,
    private readonly configs: ConfigCache,
    private readonly now: () => number = Date.now,
    /** Told when a payment recorded webhook events (docs/webhooks.md). */
    private readonly onEventsRecorded: () => void = () => {},
  ) {}

  /** Every method Consign knows, with this store's settings (a method it never set is disabled). */
  async methods(record: StoreRecord): Promise<PaymentMethodSettings[]> {
    return allMethods((await this.configs.get(record)).payments);
  }

  /** Changes one method's settings, in one configuration transaction; returns them as saved. */
  async configure(record: StoreRecord, code: string, change: PaymentMethodChange): Promise<PaymentMethodSettings> {
    let saved: PaymentMethodSettings | undefined;
    await this.configs.change(record, async (tx) => {
      const items = await tx.list(ConfigKind.paymentMethod);
      const existing = items.find((i) => (JSON.parse(i.document) as PaymentMethodSettings).code === code);
      saved = configureMethod(existing && (JSON.parse(existing.document) as PaymentMethodSettings), code, change);
      if (existing) await tx.update(ConfigKind.paymentMethod, existing.id, JSON.stringify(saved));
      else await tx.insert(ConfigKind.paymentMethod, null, JSON.stringify(saved));
    });
    return saved!;
  }

  /** A new payment token for an order, and the hash the order keeps of it. */
  newPaymentToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: digest(token) };
  }

  /**
   * Pays an order with a card through the test gateway: the request must carry the order's
   * payment token. An invalid card changes nothing (400); a declined one records the decline and
   * leaves the order open; an approved one captures the payment.
   */
  async payByCard(record: StoreRecord, orderId: number, token: string, methodId: string, card: CardDetails): Promise<CardPaymentResult> {
    // Current, not cached: the payment's order events go to every hook acknowledged before it.
    const config = await this.configs.current(record);
    const method = enabledMethod(config.payments, methodId);
    if (!method || kindOf(method.code)?.offline !== false) throw new InvalidPaymentMethodError(methodId);
    for (let attempt = 1; ; attempt++) {
      const found = await this.store.findOrder(record.id, orderId);
      const order = found && (JSON.parse(found.document) as Order);
      if (!found || !order || order.format !== ORDER_FORMAT || !order.paymentTokenHash) {
        throw new NotFoundError('order', `Order ${orderId} was not found.`);
      }
      if (!sameSecret(digest(token), order.paymentTokenHash)) {
        throw new DomainError(403, 'The payment token does not belong to this order.');
      }
      const decision = decideCard(card, new Date(this.now()));
      if (decision.outcome === 'invalid') {
        throw new DomainError(400, decision.reason, { [`credit_card.${decision.field}`]: decision.reason });
      }
      const next = applyCardDecision(order, method, decision, new Date(this.now()).toISOString());
      // `store/order/updated` (and `statusUpdated`) commit with the payment, for the store's hooks.
      const deliveries = deliveriesFor(config, orderEvents(orderId, order.status, next.status), this.now());
      if (await this.store.updateOrder(record.id, orderId, JSON.stringify(next), found.version ?? 1, deliveries)) {
        if (deliveries.length > 0) this.onEventsRecorded();
        return decision.outcome === 'approved'
          ? { outcome: 'approved', order: next, card: decision.card }
          : { outcome: 'declined', order: next, card: decision.card, reason: decision.reason };
      }
      if (attempt >= ATTEMPTS) throw new DomainError(409, `Order ${orderId} is being paid by another request. Try again.`);
    }
  }
}

/** A one-way mark of a storefront session, kept on the orders it places. */
export function sessionMark(sessionToken: string): string {
  return digest(`order:${sessionToken}`);
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
