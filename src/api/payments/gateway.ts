import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DomainError, NotFoundError } from '../../domain/errors.js';
import { normaliseOrigin } from '../../domain/store-settings.js';
import { OrderNotPayableError } from '../../domain/payments/card-payment.js';
import { InvalidPaymentMethodError } from '../../domain/payments/order-payment.js';
import type { StoreRecord } from '../../store/store.js';
import { ApiError, handleError, toApiError } from '../errors.js';
import { enforceRateLimits } from '../rate-limit.js';

/** What the checkout SDK's payment client (bigpay-client, payload v1) sends; only these parts are read. */
const PaymentRequest = Type.Object({
  order: Type.Object({ id: Type.String({ maxLength: 20, pattern: '^[0-9]+$' }) }),
  payment: Type.Object({
    gateway: Type.String({ maxLength: 64 }),
    method: Type.Optional(Type.String({ maxLength: 64 })),
    credit_card: Type.Optional(
      Type.Object({
        account_name: Type.Optional(Type.String({ maxLength: 200 })),
        number: Type.String({ maxLength: 40 }),
        month: Type.Integer({ minimum: 0, maximum: 99 }),
        year: Type.Integer({ minimum: 0, maximum: 9999 }),
        verification_value: Type.Optional(Type.String({ maxLength: 8 })),
      }),
    ),
  }),
});

declare module 'fastify' {
  interface FastifyRequest {
    /** The store the payment's host selects (payment gateway routes only). */
    paymentStore: StoreRecord;
  }
}

/**
 * The payment gateway the checkout SDK pays through: `storeConfig.paymentSettings.bigpayBaseUrl`
 * is the storefront's own origin, and the SDK posts the card of a placed order to
 * `{bigpayBaseUrl}/api/public/v1/orders/payments`, with the order's payment token as its
 * `Authorization` header (docs/payments.md). The store is the host's, as on the storefront; the
 * token, not a cookie, is the credential, so no CSRF token is asked for. The test gateway approves
 * or declines by card number; the number is never kept. Answers and errors are in the gateway's
 * shape, `{status, errors: [{code, message}]}`, which the SDK reads as a payment error.
 */
export async function paymentGatewayRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { payments, storefronts } = app.consign;
  app.decorateRequest('paymentStore', null as unknown as StoreRecord);
  app.addHook('onRequest', async (request, reply) => {
    const store = await storefronts.storeFor(request.headers.host);
    if (!store) throw new ApiError(404, 'No store answers at this host.', 'payment', {}, {}, 'store_not_found');
    await enforceRateLimits(app, request, reply, store);
    request.paymentStore = store;
    // A checkout page on another origin the store allows (docs/storefront.md) may pay from there:
    // the SDK's payment request carries no cookie, so no credentials are allowed, only the origin.
    const origin = request.headers.origin;
    if (origin && origin !== 'null' && (await storefronts.allowedOrigins(store)).includes(normaliseOrigin(origin))) {
      reply.header('Access-Control-Allow-Origin', origin);
      reply.header('Vary', 'Origin');
    }
  });
  app.setErrorHandler((error, request, reply) => handleError(inGatewayWords(error), request, reply, 'payment'));

  app.options('/orders/payments', { schema: { hide: true } }, async (request, reply) => {
    reply.header('Access-Control-Allow-Methods', 'POST');
    reply.header('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? 'Content-Type, Authorization');
    reply.header('Access-Control-Max-Age', '600');
    return reply.code(204).send();
  });

  // Hidden from the OpenAPI document: the payment gateway's protocol, not the store's API (docs/payments.md).
  app.post('/orders/payments', { schema: { hide: true, body: PaymentRequest } }, async (request, reply) => {
    const token = request.headers.authorization?.trim();
    if (!token) throw new ApiError(401, 'The payment has no order token (Authorization header).', 'payment', {}, {}, 'missing_order_token');
    const { order, payment } = request.body;
    if (!payment.credit_card) throw new ApiError(400, 'The payment has no card.', 'payment', {}, {}, 'invalid_request');
    const card = payment.credit_card;
    const result = await payments.payByCard(request.paymentStore, Number(order.id), token, payment.gateway, {
      number: card.number,
      month: card.month,
      year: card.year,
      ...(card.verification_value === undefined ? {} : { verificationValue: card.verification_value }),
    });
    if (result.outcome === 'declined') {
      return reply.code(400).send({ status: 'error', errors: [{ code: 'transaction_declined', message: result.reason }] });
    }
    return { status: 'ok', id: `${order.id}-${result.card.last4}`, avs_result: {}, cvv_result: {}, three_ds_result: {}, fraud_review: false, transaction_type: 'purchase' };
  });
}

/** Errors under the codes the checkout SDK knows: an order or token it cannot pay with ends the checkout's attempt. */
function inGatewayWords(error: unknown): unknown {
  const known = toApiError(error);
  if (!known) return error;
  const code =
    error instanceof InvalidPaymentMethodError ? 'invalid_payment_provider'
    : error instanceof OrderNotPayableError ? 'order_completion_error'
    : error instanceof NotFoundError ? 'invalid_order_id'
    : error instanceof DomainError && error.status === 403 ? 'invalid_order_token'
    : error instanceof DomainError && error.status === 400 ? invalidCardCode(error)
    : (known.code ?? (known.status === 422 ? 'invalid_request' : 'error'));
  return new ApiError(known.status, known.title, 'payment', known.errors, known.headers, code);
}

function invalidCardCode(error: DomainError): string {
  const field = Object.keys(error.fieldErrors)[0] ?? '';
  if (field.endsWith('number')) return 'invalid_number';
  if (field.endsWith('expiry')) return 'invalid_expiry_date';
  if (field.endsWith('verification_value')) return 'invalid_cvv';
  return 'invalid_request';
}
