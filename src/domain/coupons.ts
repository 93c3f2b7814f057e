import type { Checkout } from './checkout.js';
import { DomainError, NotFoundError, invalid } from './errors.js';
import type { ProductLineItem } from './line-items.js';
import { type Minor, percentOf, sum } from './money.js';

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

/**
 * What a coupon's minimum purchase is compared with: the items after sale prices and before any
 * discount, in the basis prices are entered in (docs/coupons.md).
 */
function couponSubtotal(checkout: Checkout): Minor {
  return sum(checkout.lineItems.products.map((p) => p.salePrice * p.quantity));
}

/** The applied coupons that take something off now: those whose minimum purchase the cart meets. */
export function activeCoupons(checkout: Checkout): readonly Coupon[] {
  if (checkout.coupons.length === 0) return checkout.coupons;
  const subtotal = couponSubtotal(checkout);
  return checkout.coupons.filter((c) => subtotal >= c.minPurchase);
}

/**
 * Applies the store's coupon with this code (codes compare without regard to case). Upstream
 * applies one code per request; Consign allows one coupon per checkout (docs/coupons.md).
 *
 * @example applyCouponCode(checkout, 'save10', config.coupons)
 */
export function applyCouponCode(checkout: Checkout, code: string, coupons: ReadonlyMap<string, Coupon>): Checkout {
  const coupon = coupons.get(code.toLowerCase());
  if (!coupon || !coupon.enabled) throw invalid(`The coupon code '${code}' is not valid.`, { coupon_code: 'not valid' });
  if (checkout.coupons.some((c) => c.code.toLowerCase() === coupon.code.toLowerCase())) {
    throw invalid(`The coupon code '${coupon.code}' is already applied.`, { coupon_code: 'already applied' });
  }
  if (checkout.coupons.length > 0) {
    throw invalid('Only one coupon can be applied to a checkout. Remove the applied coupon first.', { coupon_code: 'another coupon is applied' });
  }
  if (couponSubtotal(checkout) < coupon.minPurchase) {
    throw new DomainError(422, `The coupon '${coupon.code}' needs a minimum purchase the cart does not reach.`, { coupon_code: 'minimum purchase not met' });
  }
  return { ...checkout, coupons: [...checkout.coupons, coupon] };
}

export function removeCoupon(checkout: Checkout, code: string): Checkout {
  const remaining = checkout.coupons.filter((c) => c.code.toLowerCase() !== code.toLowerCase());
  if (remaining.length === checkout.coupons.length) throw new NotFoundError('resource', `The coupon code '${code}' is not applied to this checkout.`);
  return { ...checkout, coupons: remaining };
}

/** What one coupon takes off one amount, in the basis prices are entered in. */
export interface CouponCut {
  readonly code: string;
  readonly amount: Minor;
}

const NO_CUTS: ReadonlyMap<string, readonly CouponCut[]> = new Map();

/**
 * What the item coupons take off each product line, by line id, in the order the coupons were
 * applied: `per_item_discount` takes its amount off each unit, `percentage_discount` its percent
 * of the line (rounded once per line), `per_total_discount` its amount shared between the eligible
 * lines in proportion to what is left of them. A line never goes below zero.
 */
export function itemCouponCuts(products: readonly ProductLineItem[], coupons: readonly Coupon[]): ReadonlyMap<string, readonly CouponCut[]> {
  // Most checkouts have no coupon: no line is cut, and a large one need not be walked for that.
  if (coupons.length === 0) return NO_CUTS;
  const cuts = new Map<string, CouponCut[]>(products.map((p) => [p.id, []]));
  const left = new Map<string, Minor>(products.map((p) => [p.id, p.salePrice * p.quantity]));
  const take = (coupon: Coupon, line: ProductLineItem, amount: Minor) => {
    const taken = Math.max(0, Math.min(amount, left.get(line.id)!));
    if (taken === 0) return;
    left.set(line.id, left.get(line.id)! - taken);
    cuts.get(line.id)!.push({ code: coupon.code, amount: taken });
  };
  for (const coupon of coupons) {
    const eligible = products.filter((p) => coupon.productIds.length === 0 || coupon.productIds.includes(p.productId));
    switch (coupon.type) {
      case 'per_item_discount':
        for (const line of eligible) take(coupon, line, coupon.amount * line.quantity);
        break;
      case 'percentage_discount':
        for (const line of eligible) take(coupon, line, percentOf(line.salePrice * line.quantity, coupon.amount));
        break;
      case 'per_total_discount': {
        const shares = shareOut(coupon.amount, eligible.map((l) => left.get(l.id)!));
        eligible.forEach((line, i) => take(coupon, line, shares[i]!));
        break;
      }
      case 'shipping_discount':
      case 'free_shipping':
        break;
    }
  }
  return cuts;
}

/**
 * What the shipping coupons take off one consignment's shipping: `shipping_discount` its amount
 * (never below zero), `free_shipping` all of it. Each consignment is discounted on its own;
 * handling is not shipping and stays (docs/coupons.md).
 */
export function shippingCouponCuts(coupons: readonly Coupon[], cost: Minor): CouponCut[] {
  let left = cost;
  const cuts: CouponCut[] = [];
  for (const coupon of coupons) {
    const wanted = coupon.type === 'free_shipping' ? left : coupon.type === 'shipping_discount' ? Math.min(coupon.amount, left) : 0;
    if (wanted > 0) {
      cuts.push({ code: coupon.code, amount: wanted });
      left -= wanted;
    }
  }
  return cuts;
}

/**
 * Splits `amount` (capped at the total of `weights`) in proportion to the weights, in whole minor
 * units that add up exactly: the largest remainders get the leftover units.
 */
function shareOut(amount: Minor, weights: readonly Minor[]): Minor[] {
  const total = sum(weights);
  const capped = Math.min(amount, total);
  if (total <= 0 || capped <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (capped * w) / total);
  const shares = exact.map(Math.floor);
  let left = capped - sum(shares);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}
