import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { COUPON_CODE_MAX, COUPON_TYPES, type Coupon, applyCouponCode, removeCoupon } from '../../domain/coupons.js';
import { invalid } from '../../domain/errors.js';
import { fromMinor, parseAmount } from '../../domain/money.js';
import { couponNotFound } from '../../services/coupon-service.js';
import { handleError } from '../errors.js';
import { LIMITS, Version, optionalVersion } from '../request-parts.js';
import { managementIncludes } from './checkouts.js';
import { envelope } from '../envelope.js';
import { presentCheckout } from './presenter.js';
import { CheckoutQuery, Id, StoreHashParams } from './schemas.js';
import { storefrontOrigin } from '../storefront-links.js';

const Amount = Type.Union([Type.Number({ minimum: 0, maximum: LIMITS.price }), Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,4})?$' })]);
export const CouponRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  code: Type.String({ minLength: 1, maxLength: COUPON_CODE_MAX, pattern: '^[^\\s]+$' }),
  type: Type.Union(COUPON_TYPES.map((t) => Type.Literal(t))),
  amount: Type.Optional(Amount),
  min_purchase: Type.Optional(Amount),
  enabled: Type.Optional(Type.Boolean()),
  applies_to: Type.Optional(Type.Object({ entity: Type.Literal('products'), ids: Type.Array(Id, { maxItems: 1000 }) })),
});
type CouponRequest = Static<typeof CouponRequest>;
const CouponParams = Type.Object({ store_hash: Type.String(), id: Id });

/** A v2 coupon request as the domain's Coupon (money in minor units, percentages as numbers). */
export function toCoupon(body: CouponRequest, places: number): Omit<Coupon, 'id'> {
  const amount = Number(body.amount ?? 0);
  if (body.type !== 'free_shipping' && !(amount > 0)) throw invalid(`A ${body.type} coupon needs an amount above zero.`, { amount: 'required' });
  if (body.type === 'percentage_discount' && amount > 100) throw invalid('A percentage discount is at most 100.', { amount: 'at most 100' });
  return {
    code: body.code,
    name: body.name,
    type: body.type,
    amount: body.type === 'percentage_discount' ? amount : parseAmount(amount, places, 'amount'),
    minPurchase: parseAmount(Number(body.min_purchase ?? 0), places, 'min_purchase'),
    enabled: body.enabled ?? true,
    productIds: body.applies_to?.ids ?? [],
  };
}

function presentCoupon(coupon: Coupon, places: number) {
  const decimal = (n: number) => n.toFixed(4);
  return {
    id: coupon.id,
    name: coupon.name,
    code: coupon.code,
    type: coupon.type,
    amount: decimal(coupon.type === 'percentage_discount' ? coupon.amount : fromMinor(coupon.amount, places)),
    min_purchase: decimal(fromMinor(coupon.minPurchase, places)),
    enabled: coupon.enabled,
    applies_to: { entity: 'products', ids: coupon.productIds },
  };
}

/**
 * Coupon definitions, as upstream's v2 Coupons API (bare JSON, v2 error shape; scope
 * store_v2_marketing). Codes are unique per store, compared without case.
 */
export async function couponRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { configs, coupons } = app.consign;
  const tags = ['Coupons'];
  const write = { scope: 'marketing', access: 'write' } as const;
  const read = { scope: 'marketing', access: 'read' } as const;
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply, 'v2'));
  const places = async (request: { storeRecord: Parameters<typeof configs.get>[0] }) => (await configs.get(request.storeRecord)).settings.currency.decimalPlaces;

  app.get('/', { config: read, schema: { tags, params: StoreHashParams } }, async (request) => {
    const config = await configs.get(request.storeRecord);
    return [...config.coupons.values()].sort((a, b) => a.id - b.id).map((c) => presentCoupon(c, config.settings.currency.decimalPlaces));
  });

  app.get('/:id', { config: read, schema: { tags, params: CouponParams } }, async (request) => {
    const config = await configs.get(request.storeRecord);
    const coupon = [...config.coupons.values()].find((c) => c.id === request.params.id);
    if (!coupon) throw couponNotFound(request.params.id);
    return presentCoupon(coupon, config.settings.currency.decimalPlaces);
  });

  app.post('/', { config: write, schema: { tags, params: StoreHashParams, body: CouponRequest } }, async (request, reply) => {
    const decimals = await places(request);
    const created = await coupons.create(request.storeRecord, toCoupon(request.body, decimals));
    return reply.code(201).send(presentCoupon(created, decimals));
  });

  app.put('/:id', { config: write, schema: { tags, params: CouponParams, body: CouponRequest } }, async (request) => {
    const decimals = await places(request);
    return presentCoupon(await coupons.update(request.storeRecord, request.params.id, toCoupon(request.body, decimals)), decimals);
  });

  app.delete('/:id', { config: write, schema: { tags, params: CouponParams } }, async (request, reply) => {
    await coupons.delete(request.storeRecord, request.params.id);
    return reply.code(204).send();
  });
}

/** Upstream's checkout coupons: apply one code (`POST .../coupons`), remove by code. */
export async function checkoutCouponRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;
  const tags = ['Checkout coupons (server-to-server)'];
  const write = { scope: 'checkouts', access: 'write' } as const;
  const Params = Type.Object({ store_hash: Type.String(), checkoutId: Type.String() });
  const CodeParams = Type.Object({ store_hash: Type.String(), checkoutId: Type.String(), couponCode: Type.String() });
  const Body = Type.Object({ coupon_code: Type.String({ minLength: 1, maxLength: COUPON_CODE_MAX }), version: Version });

  app.post('/:checkoutId/coupons', { config: write, schema: { tags, params: Params, querystring: CheckoutQuery, body: Body } }, async (request) => {
    const code = request.body.coupon_code;
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.checkoutId, request.body.version, 'checkout', (current, config) =>
      applyCouponCode(current, code, config.coupons),
    );
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });

  app.delete('/:checkoutId/coupons/:couponCode', { config: write, schema: { tags, params: CodeParams, querystring: CheckoutQuery } }, async (request) => {
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.checkoutId, optionalVersion(request.body), 'checkout', (current) => {
      return removeCoupon(current, request.params.couponCode);
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });
}
