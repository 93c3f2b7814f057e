import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type TObject, Type } from 'typebox';
import { NotFoundError } from '../../domain/errors.js';
import { type Order } from '../../domain/orders.js';
import { placeOrder } from '../../services/order-placement.js';
import type { StoreRecord } from '../../store/store.js';
import { handleError } from '../errors.js';
import { envelope } from '../envelope.js';
import { Include } from '../request-parts.js';
import { orderIncludes, presentConsignments, presentCoupons, presentFees, presentOrder, presentProducts, presentShippingAddresses, presentTaxes } from './order-codec.js';
import { Id } from './schemas.js';

/** `POST /v3/checkouts/{id}/orders`: see `placeOrder`. */
export async function checkoutOrderRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const Params = Type.Object({ store_hash: Type.String(), checkoutId: Type.String() });

  app.post('/:checkoutId/orders', { config: { scope: 'checkouts', access: 'write' }, schema: { tags: ['Orders'], params: Params } }, async (request) =>
    envelope({ id: await placeOrder(app.consign, request.storeRecord, request.params.checkoutId) }),
  );
}

/** Reading orders back in upstream's v2 Orders shapes (a documented subset; bare JSON, v2 errors). */
export async function orderRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { orders } = app.consign;
  const Params = Type.Object({ store_hash: Type.String(), orderId: Id });
  const OrderQuery = Type.Object({
    include: Type.Optional(Include),
    // Upstream's object structure is the only one Consign has; the parameter is accepted and changes nothing.
    consignment_structure: Type.Optional(Type.Literal('object')),
  });
  const ConsignmentsQuery = Type.Object({ include: Type.Optional(Include) });
  const read = { scope: 'orders', access: 'read' } as const;
  const tags = ['Orders'];
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply, 'v2'));

  const load = async (record: StoreRecord, id: number): Promise<Order> => {
    const order = await orders.find(record, id);
    if (order === undefined) throw new NotFoundError('order', `Order ${id} was not found.`);
    // Snapshots written by earlier versions of Consign lack what these shapes need.
    if (order === 'earlier format') throw new NotFoundError('order', `Order ${id} was placed by an earlier version of Consign and cannot be read back.`);
    return order;
  };
  /** The URL up to `/orders`, for upstream's `{url, resource}` links. */
  const baseOf = (url: string) => url.split('?')[0]!.replace(/\/orders\/\d+(\/.*)?$/, '');
  const get = (path: string, querystring: TObject, present: (order: Order, base: string, query: { include?: string | string[] }) => unknown) =>
    app.get(`/:orderId${path}`, { config: read, schema: { tags, params: Params, querystring } }, async (request) =>
      present(await load(request.storeRecord, request.params.orderId), baseOf(`${request.protocol}://${request.host}${request.url}`), request.query as { include?: string | string[] }),
    );

  get('', OrderQuery, (order, base, query) => presentOrder(order, base, orderIncludes(query.include)));
  get('/products', Type.Object({}), (order) => presentProducts(order));
  get('/shipping_addresses', Type.Object({}), (order) => presentShippingAddresses(order));
  get('/consignments', ConsignmentsQuery, (order, base, query) => presentConsignments(order, base, orderIncludes(query.include).consignmentLineItems));
  get('/coupons', Type.Object({}), (order) => presentCoupons(order));
  get('/fees', Type.Object({}), (order) => ({ fees: presentFees(order) }));
  get('/taxes', Type.Object({}), (order) => presentTaxes(order));
}
