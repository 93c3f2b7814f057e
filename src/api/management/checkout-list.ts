import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Checkout } from '../../domain/checkout.js';
import { fromMinor } from '../../domain/money.js';
import { checkoutTotals } from '../../domain/totals.js';
import type { StoreConfig } from '../../services/store-config.js';
import { envelope } from '../envelope.js';
import { upstreamTime } from '../upstream-time.js';
import { StoreHashParams } from './schemas.js';

const tags = ['Checkouts (server-to-server)'];
const read = { scope: 'checkouts', access: 'read' } as const;

/** The most a listing returns; the console asks for 50. */
export const MAX_LISTED_CHECKOUTS = 250;
const Query = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LISTED_CHECKOUTS, default: 50 })) });

export const CheckoutSummarySchema = Type.Object(
  {
    id: Type.String(),
    created_time: Type.String(),
    updated_time: Type.String(),
    customer_id: Type.Integer(),
    email: Type.String(),
    line_count: Type.Integer({ description: 'Lines of every kind: physical, digital and custom items, gift certificates.' }),
    consignment_count: Type.Integer(),
    grand_total: Type.Number(),
    currency_code: Type.String(),
    order_id: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false, description: 'A Consign extension: one live checkout, in brief.' },
);

/**
 * `GET /v3/consign/checkouts?limit=`, a Consign extension (upstream has no way to list carts): the
 * store's live checkouts, the most recently changed first, in brief; read one in full with
 * `GET /v3/checkouts/{id}`. The console's checkouts page lists these (docs/console.md).
 */
export async function checkoutListRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;
  app.get('/', { config: read, schema: { tags, params: StoreHashParams, querystring: Query } }, async (request) => {
    const { checkouts: listed, config } = await checkouts.recent(request.storeRecord, request.query.limit ?? 50);
    return envelope(listed.map((checkout) => presentSummary(checkout, config)));
  });
}

function presentSummary(checkout: Checkout, config: StoreConfig): Static<typeof CheckoutSummarySchema> {
  const items = checkout.lineItems;
  return {
    id: checkout.id,
    created_time: upstreamTime(checkout.createdTime),
    updated_time: upstreamTime(checkout.updatedTime),
    customer_id: checkout.customerId,
    email: checkout.email,
    line_count: items.products.length + items.customItems.length + items.giftCertificates.length,
    consignment_count: checkout.consignments.length,
    grand_total: fromMinor(checkoutTotals(checkout, config.tax).grandTotal, checkout.currency.decimalPlaces),
    currency_code: checkout.currency.code,
    order_id: checkout.orderId,
  };
}
