import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Checkout } from '../../src/domain/checkout.js';
import { isCustomShipping } from '../../src/domain/consignment.js';
import { reconcileConsignments, toShippableItem } from '../../src/domain/consignment-pricing.js';
import { quoteShipping } from '../../src/domain/shipping/quote.js';
import { NO_TAX } from '../../src/domain/tax.js';
import { checkoutTotals } from '../../src/domain/totals.js';
import { type Op, apply, buildSplit, checkoutWith, context, ops, picks, splitCheckouts } from './checkout-arbitraries.js';

const unitsByVariant = (checkout: Checkout) => {
  const units = new Map<number, number>();
  for (const l of checkout.lineItems.products) units.set(l.variantId, (units.get(l.variantId) ?? 0) + l.quantity);
  return units;
};

/** A change aimed at one consignment (`target`), or at a line of the cart. */
const change: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('address' as const), target: fc.nat(3), destination: fc.nat(4) }),
  // Weighted: taking units from other consignments is the change most likely to disturb them.
  { arbitrary: fc.record({ op: fc.constant('items' as const), target: fc.nat(3), picks }), weight: 4 },
  fc.record({ op: fc.constant('select' as const), target: fc.nat(3), option: fc.nat(3) }),
  fc.record({ op: fc.constant('custom' as const), target: fc.nat(3), price: fc.integer({ min: 0, max: 5000 }) }),
  fc.record({ op: fc.constant('delete' as const), target: fc.nat(3) }),
  fc.record({ op: fc.constant('cartQuantity' as const), line: fc.nat(12), quantity: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('cartPrice' as const), line: fc.nat(12), price: fc.integer({ min: 100, max: 20_000 }) }),
);

describe('consignment rules, for any sequence of operations', () => {
  it('never allocates a line twice, a unit that is not in the cart, or a line of no units; splitting creates no units', () => {
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
          // Over-allocating splits a line into a remainder of no units or fewer: never a line below one unit.
          for (const line of checkout.lineItems.products) expect(line.quantity).toBeGreaterThanOrEqual(1);
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

  it('always shows the options a fresh quote of its current address and lines gives (nothing stale)', () => {
    fc.assert(
      fc.property(splitCheckouts, fc.array(ops, { maxLength: 10 }), (plan, sequence) => {
        const ctx = context();
        let checkout = buildSplit(plan, ctx);
        for (const op of sequence) checkout = apply(checkout, op, ctx);
        const lines = new Map(checkout.lineItems.products.map((l) => [l.id, l]));
        for (const c of checkout.consignments) {
          const { countryCode, stateOrProvinceCode, postalCode } = c.address;
          const items = c.lineItemIds.map((id) => toShippableItem(lines.get(id)!));
          const fresh = quoteShipping(ctx.shipping, { countryCode, stateCode: stateOrProvinceCode, postalCode }, items);
          expect(c.availableShippingOptions).toEqual(fresh);
          const selected = c.selectedShippingOption;
          if (selected && !isCustomShipping(selected)) expect(fresh).toContainEqual(selected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('re-quotes nothing when nothing changed', () => {
    fc.assert(
      fc.property(splitCheckouts, (plan) => {
        const ctx = context();
        const checkout = buildSplit(plan, ctx);
        expect(reconcileConsignments(checkout, ctx)).toBe(checkout);
      }),
    );
  });

  it('leaves every other consignment as it was (the same object) when one changes, unless units were taken from it', () => {
    let reached = 0;
    const runs = 500;
    fc.assert(
      fc.property(splitCheckouts, change, (plan, op) => {
        const ctx = context();
        const checkout = buildSplit(plan, ctx);
        const target = 'target' in op ? checkout.consignments[op.target % Math.max(1, checkout.consignments.length)] : undefined;
        const lineOwner = 'line' in op ? checkout.consignments.find((c) => c.lineItemIds.includes(checkout.lineItems.products[op.line % checkout.lineItems.products.length]!.id)) : undefined;
        const changed = target ?? lineOwner;
        const others = checkout.consignments.filter((c) => c !== changed);
        if (others.some((c) => c.selectedShippingOption !== null)) reached += 1;

        const after = apply(checkout, op, ctx);
        const quantity = (c: Checkout, id: string) => c.lineItems.products.find((l) => l.id === id)?.quantity;
        for (const other of others) {
          const now = after.consignments.find((c) => c.id === other.id);
          // Units taken from it: a line moved out, or split with part of it moved out.
          const lostUnits = !now || other.lineItemIds.some((id) => !now.lineItemIds.includes(id) || quantity(after, id) !== quantity(checkout, id));
          if (!lostUnits) {
            // Not re-quoted, not touched: the very same object.
            expect(now).toBe(other);
            continue;
          }
          // Units taken away re-quote it; the selection survives where still offered, at its new cost.
          const selected = other.selectedShippingOption;
          if (!now || !selected) continue;
          if (isCustomShipping(selected)) {
            expect(now.selectedShippingOption).toEqual(selected);
          } else {
            const offered = now.availableShippingOptions.find((o) => o.id === selected.id);
            expect(now.selectedShippingOption).toEqual(offered ?? null);
          }
        }
      }),
      { numRuns: runs },
    );
    // The generator must reach the case that matters: another consignment holding a selection.
    expect(reached / runs).toBeGreaterThan(0.8);
  });
});
