import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../domain/errors.js';
import { presentStorefrontPaymentMethod } from './payment-method-presenter.js';
import { requireOwnCart } from './session.js';

const tags = ['Payments (storefront)'];
const ListQuery = Type.Object({ cartId: Type.Optional(Type.String({ maxLength: 64 })) });
const MethodParams = Type.Object({ methodId: Type.String() });

/**
 * The payment methods the checkout SDK loads on the payment step (`loadPaymentMethods`,
 * `loadPaymentMethod`): the store's enabled methods in its `PaymentMethod` shape, a bare array.
 * They are the store's, not the cart's, so no session is needed; a `cartId` (newer SDKs send one)
 * must be the session's cart, as every storefront id must.
 */
export async function paymentRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { payments } = app.consign;

  app.get('/payments', { schema: { tags, querystring: ListQuery } }, async (request) => {
    if (request.query.cartId !== undefined) requireOwnCart(request, request.query.cartId, 'cart');
    const methods = await payments.methods(request.storefront.store);
    return methods.filter((m) => m.enabled).map(presentStorefrontPaymentMethod);
  });

  app.get('/payments/:methodId', { schema: { tags, params: MethodParams, querystring: ListQuery } }, async (request) => {
    if (request.query.cartId !== undefined) requireOwnCart(request, request.query.cartId, 'cart');
    const method = (await payments.methods(request.storefront.store)).find((m) => m.enabled && m.code === request.params.methodId);
    if (!method) throw new NotFoundError('method', 'Payment method not found.');
    return presentStorefrontPaymentMethod(method);
  });
}
