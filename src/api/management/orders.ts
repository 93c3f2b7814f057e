import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { countryName } from '../../domain/address.js';
import { NotFoundError } from '../../domain/errors.js';
import { fromMinor } from '../../domain/money.js';
import type { Order } from '../../domain/orders.js';
import { placeOrder } from '../../services/order-placement.js';
import type { StoreRecord } from '../../store/store.js';
import { handleError } from '../errors.js';
import { envelope } from './index.js';
import { Id } from './schemas.js';

/** `POST /v3/checkouts/{id}/orders`: see `placeOrder`. */
export async function checkoutOrderRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const Params = Type.Object({ store_hash: Type.String(), checkoutId: Type.String({ maxLength: 64 }) });

  app.post('/:checkoutId/orders', { config: { scope: 'checkouts', access: 'write' }, schema: { tags: ['Orders'], params: Params } }, async (request) =>
    envelope({ id: await placeOrder(app.consign, request.storeRecord, request.params.checkoutId) }),
  );
}

/** Reading orders back in upstream's v2 Orders shapes (a documented subset; bare JSON, v2 errors). */
export async function orderRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { store } = app.consign;
  const Params = Type.Object({ store_hash: Type.String(), orderId: Id });
  const read = { scope: 'orders', access: 'read' } as const;
  const tags = ['Orders'];
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply, 'v2'));

  const load = async (record: StoreRecord, id: number): Promise<Order> => {
    const found = await store.findOrder(record.id, id);
    if (!found) throw new NotFoundError('order', `Order ${id} was not found.`);
    return JSON.parse(found.document) as Order;
  };

  app.get('/:orderId', { config: read, schema: { tags, params: Params } }, async (request) => presentOrder(await load(request.storeRecord, request.params.orderId), request.url));
  app.get('/:orderId/shipping_addresses', { config: read, schema: { tags, params: Params } }, async (request) =>
    presentShippingAddresses(await load(request.storeRecord, request.params.orderId)),
  );
  app.get('/:orderId/products', { config: read, schema: { tags, params: Params } }, async (request) =>
    presentProducts(await load(request.storeRecord, request.params.orderId)),
  );
}

/** v2 amounts are strings with four decimals. */
const amount = (order: Order) => (minor: number) => fromMinor(minor, order.decimalPlaces).toFixed(4);

function presentOrder(order: Order, url: string) {
  const a = amount(order);
  const t = order.totals;
  const b = order.billingAddress;
  const base = url.split('?')[0]!;
  return {
    id: order.id,
    customer_id: order.customerId,
    date_created: new Date(order.createdTime).toUTCString(),
    status_id: 0,
    status: order.status,
    cart_id: order.checkoutId,
    subtotal_ex_tax: a(t.subtotalExTax),
    subtotal_inc_tax: a(t.subtotalIncTax),
    subtotal_tax: a(t.subtotalIncTax - t.subtotalExTax),
    base_shipping_cost: a(t.shippingExTax),
    shipping_cost_ex_tax: a(t.shippingExTax),
    shipping_cost_inc_tax: a(t.shippingIncTax),
    shipping_cost_tax: a(t.shippingIncTax - t.shippingExTax),
    base_handling_cost: a(t.handlingExTax),
    handling_cost_ex_tax: a(t.handlingExTax),
    handling_cost_inc_tax: a(t.handlingIncTax),
    handling_cost_tax: a(t.handlingIncTax - t.handlingExTax),
    total_ex_tax: a(t.grandTotal - t.taxTotal),
    total_inc_tax: a(t.grandTotal),
    total_tax: a(t.taxTotal),
    items_total: order.lines.reduce((s, l) => s + l.quantity, 0),
    items_shipped: 0,
    discount_amount: a(t.discountAmount),
    coupon_discount: a(t.couponDiscount),
    currency_code: order.currencyCode,
    customer_message: order.customerMessage,
    order_source: 'checkout_api',
    shipping_address_count: order.consignments.filter((c) => c.address !== null).length,
    billing_address: {
      first_name: b.firstName,
      last_name: b.lastName,
      company: b.company,
      street_1: b.address1,
      street_2: b.address2,
      city: b.city,
      state: b.stateOrProvince,
      zip: b.postalCode,
      country: countryName(b.countryCode),
      country_iso2: b.countryCode,
      phone: b.phone,
      email: b.email,
    },
    products: { url: `${base}/products`, resource: `/orders/${order.id}/products` },
    shipping_addresses: { url: `${base}/shipping_addresses`, resource: `/orders/${order.id}/shipping_addresses` },
    coupons: order.coupons.map((c) => ({ code: c.code, type: c.type, discount: a(c.amount) })),
  };
}

function presentShippingAddresses(order: Order) {
  const a = amount(order);
  return order.consignments.flatMap((c) => {
    if (!c.address) return [];
    const address = c.address;
    return [
      {
        id: c.id,
        order_id: order.id,
        first_name: address.firstName,
        last_name: address.lastName,
        company: address.company,
        street_1: address.address1,
        street_2: address.address2,
        city: address.city,
        state: address.stateOrProvince,
        zip: address.postalCode,
        country: countryName(address.countryCode),
        country_iso2: address.countryCode,
        phone: address.phone,
        email: address.email,
        items_total: order.lines.filter((l) => c.lineItemIds.includes(l.id)).reduce((s, l) => s + l.quantity, 0),
        items_shipped: 0,
        shipping_method: c.shippingMethod,
        base_cost: a(c.shippingExTax),
        cost_ex_tax: a(c.shippingExTax),
        cost_inc_tax: a(c.shippingIncTax),
        cost_tax: a(c.shippingIncTax - c.shippingExTax),
        base_handling_cost: a(c.handlingExTax),
        handling_cost_ex_tax: a(c.handlingExTax),
        handling_cost_inc_tax: a(c.handlingIncTax),
        handling_cost_tax: a(c.handlingIncTax - c.handlingExTax),
      },
    ];
  });
}

function presentProducts(order: Order) {
  const a = amount(order);
  return order.lines.map((l) => ({
    id: l.id,
    order_id: order.id,
    product_id: l.productId,
    variant_id: l.variantId,
    name: l.name,
    sku: l.sku,
    type: l.kind === 'digital' ? 'digital' : l.kind === 'gift_certificate' ? 'giftcertificate' : 'physical',
    quantity: l.quantity,
    base_price: a(l.priceExTax),
    price_ex_tax: a(l.priceExTax),
    price_inc_tax: a(l.priceIncTax),
    total_ex_tax: a(l.totalExTax),
    total_inc_tax: a(l.totalIncTax),
    weight: l.weight.toFixed(4),
    order_address_id: order.consignments.find((c) => c.lineItemIds.includes(l.id))?.id ?? null,
  }));
}
