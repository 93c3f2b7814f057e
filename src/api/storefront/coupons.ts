import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { COUPON_CODE_MAX, applyCouponCode, removeCoupon } from '../../domain/coupons.js';
import { presentCheckoutFor } from './checkout-view.js';
import { Version, optionalVersion } from '../request-parts.js';
import { DELETE_INCLUDES, storefrontIncludes } from './requests.js';
import { CheckoutParams, IncludeQuery } from './schemas.js';
import { requireOwnCart } from './session.js';
import { changeOwnCheckout } from './own-checkout.js';

const tags = ['Checkout coupons (storefront)'];
const CodeParams = Type.Object({ checkoutId: Type.String(), couponCode: Type.String() });
const Body = Type.Object({ couponCode: Type.String({ minLength: 1, maxLength: COUPON_CODE_MAX }), version: Version });

/** Upstream's storefront checkout coupons: apply one code, remove one by code; the same domain commands as server-to-server. */
export async function couponRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/checkouts/:checkoutId/coupons', { schema: { tags, params: CheckoutParams, querystring: IncludeQuery, body: Body } }, async (request) => {
    const { checkoutId } = request.params;
    const code = request.body.couponCode;
    requireOwnCart(request, checkoutId, 'checkout');
    const { checkout, config } = await changeOwnCheckout(request, checkoutId, request.body.version, 'checkout', (current, config) => applyCouponCode(current, code, config.coupons));
    return presentCheckoutFor(request, checkout!, config, storefrontIncludes(request.query.include));
  });

  app.delete('/checkouts/:checkoutId/coupons/:couponCode', { schema: { tags, params: CodeParams, querystring: IncludeQuery } }, async (request) => {
    const { checkoutId, couponCode } = request.params;
    requireOwnCart(request, checkoutId, 'checkout');
    const { checkout, config } = await changeOwnCheckout(request, checkoutId, optionalVersion(request.body), 'checkout', (current) => {
      return removeCoupon(current, couponCode);
    });
    return presentCheckoutFor(request, checkout!, config, storefrontIncludes(request.query.include, DELETE_INCLUDES));
  });
}
