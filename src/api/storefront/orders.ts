import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../domain/errors.js';
import { sameSecret, sessionMark } from '../../services/payments/payment-service.js';
import { Include } from '../request-parts.js';
import { storefrontOrigin } from '../storefront-links.js';
import { presentStorefrontOrder } from './order-presenter.js';

const tags = ['Orders (storefront)'];
// Order ids are 32-bit integers in both databases: a larger one is not found, never a 500.
const Params = Type.Object({ orderId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const Query = Type.Object({ include: Type.Optional(Include) });

/**
 * `GET /api/storefront/orders/{orderId}` (orders.sf.yml): what the checkout SDK loads after
 * placing an order and on the confirmation page. Only the browser session that placed the order
 * may read it: any other session, none, or an order placed server-to-server is 404, the same
 * answer as an order that does not exist. `include` is accepted; every part is always sent.
 */
export async function storefrontOrderRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { orders, configs } = app.consign;

  app.get('/orders/:orderId', { schema: { tags, params: Params, querystring: Query } }, async (request) => {
    const { store: record, session } = request.storefront;
    const order = await orders.find(record, request.params.orderId);
    if (typeof order !== 'object' || !order.placedBy || !session || !sameSecret(order.placedBy, sessionMark(session))) {
      throw new NotFoundError('order', 'Order not found.');
    }
    const config = await configs.get(record);
    return presentStorefrontOrder(order, config, await storefrontOrigin(request, config));
  });
}
