import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Order } from '../../domain/orders.js';
import { InvalidPaymentMethodError, awaitsCardPayment, storefrontPlacement } from '../../domain/payments/order-payment.js';
import type { CardDetails } from '../../domain/payments/test-card.js';
import { placeOrder } from '../../services/order-placement.js';
import { sessionMark } from '../../services/payments/payment-service.js';
import { ApiError, handleError, toApiError } from '../errors.js';
import { inStorefrontWords } from './errors.js';
import { paymentStep } from './order-presenter.js';
import { requireOwnCart } from './session.js';

const OrderRequest = Type.Object({
  // Newer SDKs send it; older ones (1.234) rely on the session's cart.
  cartId: Type.Optional(Type.String({ maxLength: 64 })),
  customerMessage: Type.Optional(Type.String({ maxLength: 2000 })),
  externalSource: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  useStoreCredit: Type.Optional(Type.Boolean()),
  payment: Type.Optional(
    Type.Union([
      Type.Null(),
      Type.Object({
        name: Type.Optional(Type.String({ maxLength: 64 })),
        gateway: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
        paymentData: Type.Optional(Type.Unknown()),
      }),
    ]),
  ),
});

/**
 * `POST /internalapi/v1/checkout/order`: how the checkout SDK places an order (`submitOrder`), for
 * the session's own checkout (`cartId`, or the session's cart when the SDK sends none). The same order the server-to-server route makes, through the same
 * `placeOrder` (docs/orders.md), and refused for the same reasons; the storefront adds how it
 * starts (`storefrontPlacement`: an offline method leaves it Awaiting Payment, a card method
 * Incomplete until the card is paid), the mark of the session that placed it, and the token its
 * card payment needs: the SDK reads it from the `token` header and sends it to the payment
 * gateway as `Authorization` (docs/payments.md). Errors are in the SDK's internal API shape.
 * **Decision:** `customerMessage` is not applied: the SDK sends the checkout's own message back, and
 * the order takes the checkout's (changed with `PUT /checkouts/{id}` like any other field).
 */
export async function internalOrderRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { payments, orders } = app.consign;
  app.setErrorHandler((error, request, reply) => {
    const known = toApiError(error);
    if (!known) return handleError(error, request, reply, 'internal');
    const code = error instanceof InvalidPaymentMethodError ? 'invalid_payment_provider' : known.code;
    const worded = inStorefrontWords(known);
    return handleError(new ApiError(worded.status, worded.title, 'internal', worded.errors, worded.headers, code), request, reply);
  });

  // Hidden from the OpenAPI document: an internal route of the SDK's, in its own error shape (docs/payments.md).
  app.post('/checkout/order', { schema: { hide: true, body: OrderRequest } }, async (request, reply) => {
    const { payment } = request.body;
    const cartId = request.body.cartId ?? request.storefront.cartId ?? '';
    requireOwnCart(request, cartId, 'checkout');
    const methodId = payment?.name || undefined;
    const token = payments.newPaymentToken();
    const id = await placeOrder(app.consign, request.storefront.store, cartId, {
      placement: (config, totals) => storefrontPlacement(config.payments, methodId, totals.grandTotal),
      placedBy: sessionMark(request.storefront.session!),
      paymentTokenHash: token.hash,
    });
    let order = (await orders.find(request.storefront.store, id)) as Order;
    // Newer SDKs pay the test gateway with their legacy strategy: the card comes with the order, and
    // is paid here, at once, as the gateway route would (a decline leaves the order Incomplete).
    const card = cardFrom(payment?.paymentData);
    if (methodId && card && order.payment && !order.payment.offline && awaitsCardPayment(order.status, order.payment)) {
      const paid = await payments.payByCard(request.storefront.store, id, token.token, methodId, card);
      if (paid.outcome === 'declined') throw new ApiError(400, paid.reason, 'internal', {}, {}, 'transaction_declined');
      order = paid.order;
    }
    reply.header('token', token.token);
    return {
      data: {
        order: {
          orderId: id,
          token: token.token,
          callbackUrl: '',
          status: order.status,
          isComplete: order.status !== 'Incomplete',
          payment: order.payment ? { id: order.payment.methodId, gateway: null, status: `PAYMENT_STATUS_${paymentStep(order.payment)}` } : {},
        },
      },
      meta: {},
    };
  });
}

/** A card as checkout-js sends it in `paymentData` (`ccNumber`, `ccExpiry: {month, year}`, `ccCvv`), if there is one. */
function cardFrom(data: unknown): CardDetails | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { ccNumber, ccExpiry, ccCvv } = data as { ccNumber?: unknown; ccExpiry?: { month?: unknown; year?: unknown } | null; ccCvv?: unknown };
  if (typeof ccNumber !== 'string') return undefined;
  return {
    number: ccNumber,
    month: Number(ccExpiry?.month),
    year: Number(ccExpiry?.year),
    ...(typeof ccCvv === 'string' ? { verificationValue: ccCvv } : {}),
  };
}
