import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Checkout } from '../../src/domain/checkout.js';
import { COUPON_TYPES, type Coupon } from '../../src/domain/coupons.js';
import { sum } from '../../src/domain/money.js';
import { type TaxConfig, DEFAULT_TAX_CLASS } from '../../src/domain/tax.js';
import { checkoutTotals } from '../../src/domain/totals.js';
import { apply, checkoutWith, context, ops } from './checkout-arbitraries.js';

const coupon: fc.Arbitrary<Coupon> = fc.record({
  id: fc.nat(100),
  code: fc.constantFrom('A', 'B'),
  name: fc.constant('coupon'),
  type: fc.constantFrom(...COUPON_TYPES),
  amount: fc.integer({ min: 1, max: 5000 }),
  minPurchase: fc.integer({ min: 0, max: 3000 }),
  enabled: fc.constant(true),
  productIds: fc.subarray([1, 2, 3, 4, 5]),
  // The coupon API refuses a percentage above 100.
}).map((c) => (c.type === 'percentage_discount' ? { ...c, amount: 1 + (c.amount % 100) } : c));

const tax = (inclusive: boolean, percents: number[]): TaxConfig => ({
  classes: [DEFAULT_TAX_CLASS],
  settings: { pricesIncludeTax: inclusive, displayPricesIncludingTax: inclusive, shippingTaxClassId: 0 },
  zones: [
    {
      id: 1,
      name: 'Texas',
      enabled: true,
      locations: [{ countryCode: 'US', subdivisionCodes: ['TX'] }],
      rates: percents.map((p, i) => ({ id: i + 1, name: `rate ${i}`, enabled: true, classRates: { 0: p } })),
    },
  ],
});

describe('checkout totals with tax and discounts', () => {
  it('make the grand total exactly items + shipping + handling + fees + tax, less discounts, to the cent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
        fc.array(ops, { maxLength: 15 }),
        fc.uniqueArray(coupon, { selector: (c) => c.code, maxLength: 2 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 1500 }).map((h) => h / 100), { minLength: 1, maxLength: 2 }),
        fc.array(fc.record({ cost: fc.integer({ min: 0, max: 5000 }), taxed: fc.boolean() }), { maxLength: 3 }),
        (quantities, sequence, coupons, inclusive, percents, fees) => {
          const ctx = context();
          let checkout: Checkout = checkoutWith(quantities);
          for (const op of sequence) checkout = apply(checkout, op, ctx);
          checkout = {
            ...checkout,
            coupons,
            fees: fees.map((f, i) => ({ id: `fee${i}`, name: 'f', displayName: 'f', cost: f.cost, source: 's', taxClassId: f.taxed ? 0 : null })),
          };
          const t = checkoutTotals(checkout, tax(inclusive, percents));
          const side = inclusive ? 'incTax' : 'exTax';
          const shipping = inclusive ? t.shippingCostTotalIncTax : t.shippingCostTotalExTax;
          const handling = inclusive ? t.handlingCostTotalIncTax : t.handlingCostTotalExTax;
          const subtotal = inclusive ? t.subtotalIncTax : t.subtotalExTax;
          const feeTotal = sum([...t.fees.values()].map((f) => f[side]));
          const expected = subtotal - t.discountAmount + shipping - t.shippingDiscount + handling + feeTotal + (inclusive ? 0 : t.taxTotal);
          expect(t.grandTotal).toBe(expected);
          expect(t.taxTotal).toBe(sum(t.taxes.map((x) => x.amount)));
          expect(t.discountAmount).toBeGreaterThanOrEqual(0);
          expect(t.shippingDiscount).toBeLessThanOrEqual(t.shippingCostTotalExTax + t.shippingCostTotalIncTax);
          for (const c of t.consignments.values()) expect(sum(c.couponDiscounts.map((d) => d.amount))).toBeLessThanOrEqual(Math.max(c.shipping.exTax, c.shipping.incTax));
        },
      ),
      { numRuns: 300 },
    );
  });
});
