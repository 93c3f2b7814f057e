import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertAmountsWithinLimit } from '../../src/domain/amount-limit.js';
import type { Checkout } from '../../src/domain/checkout.js';
import { DomainError } from '../../src/domain/errors.js';
import { MAX_MINOR } from '../../src/domain/money.js';
import { checkoutTotals } from '../../src/domain/totals.js';
import { pricedScenario } from './priced-checkout-arbitraries.js';

/** Whether any number anywhere in the totals is past the limit: what the check must agree with. */
function anyNumberPast(value: unknown): boolean {
  if (typeof value === 'number') return !(Math.abs(value) <= MAX_MINOR);
  if (value instanceof Map) return [...value.values()].some(anyNumberPast);
  if (Array.isArray(value)) return value.some(anyNumberPast);
  if (value !== null && typeof value === 'object') return Object.values(value).some(anyNumberPast);
  return false;
}

/** Prices, custom items and fees times `scale`, and perhaps one shipping option (offered or selected) costing about MAX_MINOR. */
function enlarged(checkout: Checkout, scale: number, option: { consignment: number; selected: boolean; cost: number } | null): Checkout {
  const { products, customItems, giftCertificates } = checkout.lineItems;
  let consignments = checkout.consignments;
  const target = option && consignments.length > 0 ? consignments[option.consignment % consignments.length]! : undefined;
  if (option && target) {
    const selected = target.selectedShippingOption;
    const offered = target.availableShippingOptions.find((o) => o.id !== selected?.id);
    const changed = option.selected
      ? { ...target, selectedShippingOption: selected && { ...selected, cost: option.cost } }
      : { ...target, availableShippingOptions: target.availableShippingOptions.map((o) => (o === offered ? { ...o, cost: option.cost } : o)) };
    consignments = consignments.map((c) => (c === target ? changed : c));
  }
  return {
    ...checkout,
    lineItems: {
      products: products.map((l) => ({ ...l, listPrice: l.listPrice * scale, salePrice: l.salePrice * scale, originalPrice: l.originalPrice * scale })),
      customItems: customItems.map((c) => ({ ...c, listPrice: c.listPrice * scale })),
      giftCertificates,
    },
    fees: checkout.fees.map((f) => ({ ...f, cost: f.cost * scale })),
    consignments,
  };
}

describe('the 15-digit limit on every amount', () => {
  it('refuses a checkout exactly when some figure of its totals passes the limit, an offered shipping option\'s included', () => {
    const option = fc.record({ consignment: fc.nat(2), selected: fc.boolean(), cost: fc.integer({ min: MAX_MINOR - 10_000, max: MAX_MINOR + 10_000 }) });
    fc.assert(
      fc.property(pricedScenario, fc.constantFrom(1, 1e9, 1e10, 1e11), fc.option(option, { freq: 2 }), ({ checkout, tax }, scale, big) => {
        const large = enlarged(checkout, scale, big);
        const totals = checkoutTotals(large, tax);
        let refused = false;
        try {
          assertAmountsWithinLimit(large, totals);
        } catch (error) {
          if (!(error instanceof DomainError) || error.status !== 422) throw error;
          refused = true;
        }
        expect(refused).toBe(anyNumberPast(totals));
      }),
      { numRuns: 300 },
    );
  });
});
