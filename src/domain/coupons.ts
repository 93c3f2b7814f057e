import type { Checkout } from './checkout.js';
import { DomainError, NotFoundError, invalid } from './errors.js';
import type { Minor } from './money.js';

/**
 * Coupons, with upstream's types. A coupon applied to a checkout is copied into it, so that what
 * the shopper was promised does not change under them if the coupon is edited later; it is
 * checked again (still enabled, minimum still met) whenever the cart changes (see totals.ts).
 */
export const COUPON_TYPES = ['per_item_discount', 'percentage_discount', 'per_total_discount', 'shipping_discount', 'free_shipping'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];

/** The storefront checkout's integer coupon types (upstream: 0 per item … 5 promotion). */
export const COUPON_TYPE_CODES: Readonly<Record<CouponType, number>> = {
  per_item_discount: 0,
  percentage_discount: 1,
  per_total_discount: 2,
  shipping_discount: 3,
  free_shipping: 4,
};

export interface Coupon {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly type: CouponType;
  /** Minor units, or a percentage for `percentage_discount`; unused by `free_shipping`. */
  readonly amount: number;
  /** The cart subtotal (after sale prices, before discounts) the coupon needs, in minor units. */
  readonly minPurchase: Minor;
  readonly enabled: boolean;
  /** Products the item discounts apply to; empty means every product. */
  readonly productIds: readonly number[];
}

export const COUPON_CODE_MAX = 50;

/** Upstream applies one coupon code per request; Consign allows one coupon per checkout (docs/coupons.md). */
export function applyCoupon(checkout: Checkout, code: string, coupon: Coupon | undefined, subtotal: Minor): Checkout {
  if (!coupon || !coupon.enabled) throw invalid(`The coupon code '${code}' is not valid.`, { coupon_code: 'not valid' });
  if (checkout.coupons.some((c) => c.code.toLowerCase() === coupon.code.toLowerCase())) {
    throw invalid(`The coupon code '${coupon.code}' is already applied.`, { coupon_code: 'already applied' });
  }
  if (checkout.coupons.length > 0) {
    throw invalid('Only one coupon can be applied to a checkout. Remove the applied coupon first.', { coupon_code: 'another coupon is applied' });
  }
  if (subtotal < coupon.minPurchase) {
    throw new DomainError(422, `The coupon '${coupon.code}' needs a minimum purchase the cart does not reach.`, { coupon_code: 'minimum purchase not met' });
  }
  return { ...checkout, coupons: [...checkout.coupons, coupon] };
}

export function removeCoupon(checkout: Checkout, code: string): Checkout {
  const remaining = checkout.coupons.filter((c) => c.code.toLowerCase() !== code.toLowerCase());
  if (remaining.length === checkout.coupons.length) throw new NotFoundError('resource', `The coupon code '${code}' is not applied to this checkout.`);
  return { ...checkout, coupons: remaining };
}
