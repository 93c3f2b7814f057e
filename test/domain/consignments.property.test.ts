import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Checkout } from '../../src/domain/checkout.js';
import { NO_TAX } from '../../src/domain/tax.js';
import { checkoutTotals } from '../../src/domain/totals.js';
import { type Op, apply, checkoutWith, context, ops, picks } from './checkout-arbitraries.js';

const unitsByVariant = (checkout: Checkout) => {
  const units = new Map<number, number>();
  for (const l of checkout.lineItems.products) units.set(l.variantId, (units.get(l.variantId) ?? 0) + l.quantity);
  return units;
};

describe('consignment rules, for any sequence of operations', () => {
  it('never allocates a line twice or a unit that is not in the cart, and splitting creates no units', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), fc.array(ops, { maxLength: 25 }), (quantities, sequence) => {
        const ctx = context();
        let checkout = checkoutWith(quantities);
        for (const op of sequence) {
          const before = checkout;
          checkout = apply(checkout, op, ctx);
          const physical = new Map(checkout.lineItems.products.filter((l) => l.kind === 'physical').map((l) => [l.id, l]));
          const allocated = checkout.consignments.flatMap((c) => c.lineItemIds);
          expect(new Set(allocated).size).toBe(allocated.length);
          for (const id of allocated) expect(physical.has(id)).toBe(true);
          for (const c of checkout.consignments) expect(c.lineItemIds.length).toBeGreaterThan(0);
          if (op.op !== 'cartQuantity' && op.op !== 'cartRemove') expect(unitsByVariant(checkout)).toEqual(unitsByVariant(before));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps totals equal to the sum of their parts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), fc.array(ops, { maxLength: 20 }), (quantities, sequence) => {
        const ctx = context();
        let checkout = checkoutWith(quantities);
        for (const op of sequence) checkout = apply(checkout, op, ctx);
        const totals = checkoutTotals(checkout, NO_TAX);
        const parts = [...totals.consignments.values()];
        expect(totals.shippingCostTotal.exTax).toBe(parts.reduce((s, p) => s + p.shipping.before.exTax, 0));
        expect(totals.handlingCostTotal.exTax).toBe(parts.reduce((s, p) => s + p.handling.exTax, 0));
        expect(totals.subtotal.exTax).toBe(checkout.lineItems.products.reduce((s, l) => s + l.salePrice * l.quantity, 0));
        expect(totals.grandTotal).toBe(totals.subtotal.exTax + totals.shippingCostTotal.exTax + totals.handlingCostTotal.exTax + totals.taxTotal);
      }),
      { numRuns: 200 },
    );
  });

  it('gives equal option ids and costs for equal inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), fc.nat(4), picks, (quantities, destination, chosen) => {
        const make = () => apply(checkoutWith(quantities), { op: 'create', destination, picks: chosen }, context());
        const [a, b] = [make(), make()];
        expect(a.consignments.map((c) => c.availableShippingOptions)).toEqual(b.consignments.map((c) => c.availableShippingOptions));
      }),
    );
  });

  it('leaves every other consignment exactly as it was when one consignment changes address or selection', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 6 }), fc.array(ops, { maxLength: 15 }), fc.nat(5), fc.nat(4), fc.nat(3), (quantities, setup, target, destination, option) => {
        const ctx = context();
        let checkout = checkoutWith(quantities);
        for (const op of setup) checkout = apply(checkout, op, ctx);
        const changed = checkout.consignments[target % Math.max(1, checkout.consignments.length)];
        if (!changed) return;
        for (const op of [{ op: 'address', target, destination }, { op: 'select', target, option }] as Op[]) {
          const after = apply(checkout, op, ctx);
          for (const other of checkout.consignments.filter((c) => c.id !== changed.id)) {
            expect(after.consignments.find((c) => c.id === other.id)).toEqual(other);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
