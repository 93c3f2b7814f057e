import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  priceMethod,
  quoteShipping,
  type Destination,
  type HandlingFee,
  type RangeSettings,
  type ShippableItem,
  type ShippingConfig,
  type ShippingMethod,
  type ShippingMethodSettings,
  type ShippingZone,
} from '../../../src/domain/shipping/index.js';

/** The engine is fast; enough runs that a rare bad corner (a cost of 5e-324) is found every time. */
const RUNS = 1000;

const money = fc.integer({ min: 0, max: 100_000 });
const percent = fc.double({ min: 0, max: 100, noNaN: true });

const handlingFee: fc.Arbitrary<HandlingFee> = fc.oneof(
  fc.constant<HandlingFee>({ kind: 'none' }),
  fc.record({ kind: fc.constant('fixed' as const), amount: money, displaySeparately: fc.boolean() }),
  fc.record({ kind: fc.constant('percentage' as const), percent, displaySeparately: fc.boolean() }),
);

/**
 * A default cost as the API stores it: whole minor units for `fixed_amount` (the codec turns the
 * decimal sent into cents), any non-negative number for `percentage_of_total`.
 */
const defaultCost = fc.oneof(
  fc.record({ defaultCostType: fc.constant('fixed_amount' as const), defaultCost: fc.option(money, { nil: null }) }),
  fc.record({ defaultCostType: fc.constant('percentage_of_total' as const), defaultCost: fc.option(percent, { nil: null }) }),
);

const rangeSettings: fc.Arbitrary<RangeSettings> = fc.record({
  cost: defaultCost,
  ranges: fc.array(
    fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), money).map(([a, b, shippingCost]) => ({
      lowerLimit: Math.min(a, b),
      upperLimit: Math.max(a, b),
      shippingCost,
    })),
    { maxLength: 4 },
  ),
}).map(({ cost, ranges }) => ({ ...cost, ranges }));

const settings: fc.Arbitrary<ShippingMethodSettings> = fc.oneof(
  fc.record({ type: fc.constant('perorder' as const), rate: money }),
  fc.record({ type: fc.constant('peritem' as const), rate: money }),
  rangeSettings.map((range) => ({ type: 'weight' as const, ...range })),
  rangeSettings.map((range) => ({ type: 'total' as const, ...range })),
  fc.constant({ type: 'freeshipping' as const }),
);

const methods: fc.Arbitrary<ShippingMethod[]> = fc
  .array(
    fc.record({
      name: fc.string({ maxLength: 10 }),
      enabled: fc.boolean(),
      settings,
      handlingFees: handlingFee,
      isFallback: fc.boolean(),
      transitTime: fc.constant(''),
    }),
    { maxLength: 5 },
  )
  .map((list) => list.map((method, index) => ({ ...method, id: index + 1 })));

const zoneArb = (freeShippingEnabled: fc.Arbitrary<boolean>): fc.Arbitrary<ShippingZone> =>
  fc.record({
    id: fc.integer({ min: 1, max: 50 }),
    name: fc.constant('Zone'),
    type: fc.constant('global' as const),
    enabled: fc.constant(true),
    locations: fc.constant([]),
    freeShipping: fc.record({ enabled: freeShippingEnabled, minimumSubTotal: money, excludeFixedShippingProducts: fc.boolean() }),
    handlingFees: handlingFee,
    methods,
  });

const shippingConfig = (freeShippingEnabled = fc.boolean()): fc.Arbitrary<ShippingConfig> =>
  zoneArb(freeShippingEnabled).map((zone) => ({ zones: [zone] }));

const itemArb = (isFreeShipping: fc.Arbitrary<boolean> = fc.boolean()): fc.Arbitrary<ShippableItem> =>
  fc.record({
    itemId: fc.uuid(),
    quantity: fc.integer({ min: 1, max: 20 }),
    weight: fc.double({ min: 0, max: 100, noNaN: true }),
    unitPrice: money,
    isFreeShipping,
    // A product's fixed shipping price of 0 means none: the cart never passes a zero one on.
    fixedShippingPrice: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
  });

const items = fc.array(itemArb(), { maxLength: 6 });
const destination: Destination = { countryCode: 'US', stateCode: 'TX', postalCode: '78701' };

describe('shipping properties', () => {
  it('equal inputs give equal ids and costs', () => {
    fc.assert(
      fc.property(shippingConfig(), items, (config, basket) => {
        const again = structuredClone(config);
        expect(quoteShipping(again, destination, structuredClone(basket))).toEqual(quoteShipping(config, destination, basket));
      }),
      { numRuns: RUNS },
    );
  });

  it('costs are non-negative integers', () => {
    fc.assert(
      fc.property(shippingConfig(), items, (config, basket) => {
        for (const quote of quoteShipping(config, destination, basket)) {
          expect(Number.isInteger(quote.cost) && quote.cost >= 0).toBe(true);
          expect(Number.isInteger(quote.handlingCost) && quote.handlingCost >= 0).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('exactly one option is recommended when any exist, and it is the cheapest', () => {
    fc.assert(
      fc.property(shippingConfig(), items, (config, basket) => {
        const quotes = quoteShipping(config, destination, basket);
        if (quotes.length === 0) return;
        expect(quotes.filter((quote) => quote.isRecommended)).toHaveLength(1);
        const [first] = quotes;
        const totals = quotes.map((quote) => quote.cost + quote.handlingCost);
        expect(first?.isRecommended).toBe(true);
        expect(totals[0]).toBe(Math.min(...totals));
      }),
      { numRuns: RUNS },
    );
  });

  it('adding a free-shipping item never changes the cost of a perorder method', () => {
    const paidItem = itemArb(fc.constant(false));
    const freeItem = itemArb(fc.constant(true));
    fc.assert(
      fc.property(money, fc.array(itemArb(), { maxLength: 5 }), paidItem, freeItem, (rate, others, paid, free) => {
        const basket = [...others, paid];
        const settings = { type: 'perorder' as const, rate };
        expect(priceMethod(settings, [...basket, free])).toBe(priceMethod(settings, basket));
      }),
      { numRuns: RUNS },
    );
  });

  it('adding a free-shipping item never changes a perorder option in a quote', () => {
    const paidItem = itemArb(fc.constant(false));
    const freeItem = itemArb(fc.constant(true));
    fc.assert(
      fc.property(shippingConfig(fc.constant(false)), money, fc.array(itemArb(), { maxLength: 5 }), paidItem, freeItem, (config, rate, others, paid, free) => {
        const [zone] = config.zones as [ShippingZone];
        const flat: ShippingMethod = {
          id: 999, name: 'Flat Rate', enabled: true, settings: { type: 'perorder', rate }, handlingFees: { kind: 'none' }, isFallback: false, transitTime: '',
        };
        const store = { zones: [{ ...zone, methods: [...zone.methods, flat] }] };
        const basket = [...others, paid];
        const before = quoteShipping(store, destination, basket).find((quote) => quote.methodId === 999);
        const after = quoteShipping(store, destination, [...basket, free]).find((quote) => quote.methodId === 999);
        expect(before).toBeDefined();
        expect(after?.cost).toBe(before?.cost);
        expect(after?.handlingCost).toBe(before?.handlingCost);
        expect(after?.id).toBe(before?.id);
      }),
      { numRuns: RUNS },
    );
  });
});
