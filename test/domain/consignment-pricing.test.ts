import { describe, expect, it } from 'vitest';
import { EMPTY_ADDRESS } from '../../src/domain/address.js';
import type { Checkout } from '../../src/domain/checkout.js';
import { reconcileConsignments, toShippableItem } from '../../src/domain/consignment-pricing.js';
import { type ConsignmentContext, createConsignments } from '../../src/domain/consignments.js';
import type { ProductLineItem } from '../../src/domain/line-items.js';
import { quoteShipping } from '../../src/domain/shipping/quote.js';
import type { ShippingConfig } from '../../src/domain/shipping/types.js';
import { checkoutWith } from './checkout-arbitraries.js';
import { config, countryZone, method } from './shipping/builders.js';

/** A zone where every line input moves some option's cost: weight, price, quantity, flags. */
const shipping = (perItem = 150): ShippingConfig =>
  config(
    countryZone(1, ['US'], {
      methods: [
        method(1, { type: 'weight', defaultCost: 9000, defaultCostType: 'fixed_amount', ranges: [{ lowerLimit: 0, upperLimit: 2, shippingCost: 500 }, { lowerLimit: 2, upperLimit: 50, shippingCost: 900 }] }),
        method(2, { type: 'total', defaultCost: 10, defaultCostType: 'percentage_of_total', ranges: [{ lowerLimit: 0, upperLimit: 2000, shippingCost: 700 }] }),
        method(3, { type: 'peritem', rate: perItem }),
      ],
    }),
  );

const TEXAS = { ...EMPTY_ADDRESS, countryCode: 'US', stateOrProvinceCode: 'TX', postalCode: '78701', email: 'a@example.com' };
const contextWith = (config: ShippingConfig): ConsignmentContext => ({ shipping: config, newConsignmentId: () => 'c1', newLineItemId: () => 'split' });

/** One consignment holding the first line (1 unit, 0.5 lb, $10). */
const quoted = (ctx: ConsignmentContext): Checkout => {
  const checkout = checkoutWith([1]);
  return createConsignments(checkout, [{ address: TEXAS, items: [{ itemId: checkout.lineItems.products[0]!.id, quantity: 1 }] }], ctx);
};

const withLine = (checkout: Checkout, change: Partial<ProductLineItem>): Checkout => ({
  ...checkout,
  lineItems: { ...checkout.lineItems, products: checkout.lineItems.products.map((l, i) => (i === 0 ? { ...l, ...change } : l)) },
});

const freshQuote = (checkout: Checkout, ctx: ConsignmentContext) => {
  const line = checkout.lineItems.products[0]!;
  return quoteShipping(ctx.shipping, { countryCode: 'US', stateCode: 'TX', postalCode: '78701' }, [toShippableItem(line)]);
};

describe('what re-quotes a consignment', () => {
  const ctx = contextWith(shipping());

  it.each<[string, Partial<ProductLineItem>]>([
    ['quantity', { quantity: 3 }],
    ['weight', { weight: 4 }],
    ['sale price', { salePrice: 2500, listPrice: 2500 }],
    ['free-shipping flag', { isFreeShipping: true }],
    ['fixed shipping price', { fixedShippingPrice: 1234 }],
  ])('a change of the line\'s %s', (_, change) => {
    const before = quoted(ctx);
    const changed = withLine(before, change);
    const after = reconcileConsignments(changed, ctx);
    expect(after.consignments[0]!.availableShippingOptions).toEqual(freshQuote(changed, ctx));
    // Each change moves some cost, so a stale answer would show.
    expect(after.consignments[0]!.availableShippingOptions).not.toEqual(before.consignments[0]!.availableShippingOptions);
  });

  it('a change of the shipping configuration, and not a new object with the same configuration', () => {
    const before = quoted(ctx);
    expect(reconcileConsignments(before, contextWith(shipping()))).toBe(before);
    const changed = contextWith(shipping(175));
    const after = reconcileConsignments(before, changed);
    expect(after.consignments[0]!.availableShippingOptions).toEqual(freshQuote(before, changed));
    expect(after.consignments[0]!.availableShippingOptions.find((o) => o.methodId === 3)!.cost).toBe(175);
  });

  it('nothing else: a line outside the consignment, or a field the engine does not read', () => {
    const before = quoted(ctx);
    const renamed = withLine(before, { name: 'Renamed', sku: 'OTHER', listPrice: 99_999, taxClassId: 3 });
    expect(reconcileConsignments(renamed, ctx).consignments[0]).toBe(before.consignments[0]);
  });
});

describe('consignments quoted in one call', () => {
  const ctx = contextWith(shipping());
  let ids = 0;
  const counting: ConsignmentContext = { ...ctx, newConsignmentId: () => `c${++ids}`, newLineItemId: () => `split-${++ids}` };
  const own = (checkout: Checkout, index: number) => {
    const consignment = checkout.consignments[index]!;
    const lines = new Map(checkout.lineItems.products.map((l) => [l.id, l] as const));
    const { countryCode, stateOrProvinceCode, postalCode } = consignment.address;
    return quoteShipping(ctx.shipping, { countryCode, stateCode: stateOrProvinceCode, postalCode }, consignment.lineItemIds.map((id) => toShippableItem(lines.get(id)!)));
  };

  it('each get the options of their own destination and lines, shared or not', () => {
    // Lines 0, 1 and 2 differ in weight and price; four units of line 0 split into four alike.
    const checkout = checkoutWith([4, 1, 3]);
    const [l0, l1, l2] = checkout.lineItems.products.map((l) => l.id);
    const w1 = checkout.lineItems.products[1]!;
    // A postal code that reads, run together with the lines' figures, as another's followed by line 1.
    const lookalike = { ...TEXAS, postalCode: `${TEXAS.postalCode}|1:${w1.weight}:${w1.salePrice}:false:` };
    const created = createConsignments(checkout, [
      { address: TEXAS, items: [{ itemId: l0!, quantity: 1 }] },
      { address: TEXAS, items: [{ itemId: l0!, quantity: 1 }] },
      { address: lookalike, items: [{ itemId: l2!, quantity: 1 }] },
      { address: TEXAS, items: [{ itemId: l1!, quantity: 1 }, { itemId: l2!, quantity: 1 }] },
      { address: TEXAS, items: [{ itemId: l0!, quantity: 1 }] },
      { address: TEXAS, items: [{ itemId: l2!, quantity: 1 }] },
    ], counting);
    expect(created.consignments).toHaveLength(6);
    created.consignments.forEach((c, i) => expect(c.availableShippingOptions, `consignment ${i}`).toEqual(own(created, i)));
    // The ones alike and those that differ are told apart: lines 1 and 2 together, or line 2 alone, cost more to ship.
    expect(created.consignments[3]!.availableShippingOptions).not.toEqual(created.consignments[0]!.availableShippingOptions);
    expect(created.consignments[3]!.availableShippingOptions).not.toEqual(created.consignments[2]!.availableShippingOptions);
    expect(created.consignments[5]!.availableShippingOptions).not.toEqual(created.consignments[0]!.availableShippingOptions);
  });
});
