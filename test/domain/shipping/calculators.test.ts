import { describe, it, expect } from 'vitest';
import {
  findRange,
  priceMethod,
  rateCalculators,
  summariseItems,
  type RangeSettings,
} from '../../../src/domain/shipping/index.js';
import { item } from './builders.js';

const parcel = (quantity: number, weight: number, subtotal: number) => ({ quantity, weight, subtotal });

const tiers = (overrides: Partial<RangeSettings> = {}): RangeSettings => ({
  defaultCost: null,
  defaultCostType: 'fixed_amount',
  ranges: [
    { lowerLimit: 0, upperLimit: 20, shippingCost: 800 },
    { lowerLimit: 20, upperLimit: 40, shippingCost: 1200 },
  ],
  ...overrides,
});

describe('findRange', () => {
  const { ranges } = tiers();
  it('includes both bounds and lets the first matching range win', () => {
    expect(findRange(ranges, 0)?.shippingCost).toBe(800);
    expect(findRange(ranges, 20)?.shippingCost).toBe(800);
    expect(findRange(ranges, 20.01)?.shippingCost).toBe(1200);
    expect(findRange(ranges, 40)?.shippingCost).toBe(1200);
    expect(findRange(ranges, 40.01)).toBeUndefined();
  });

  it('finds nothing in gaps or below the first range', () => {
    const gappy = [{ lowerLimit: 1, upperLimit: 5, shippingCost: 100 }, { lowerLimit: 10, upperLimit: 20, shippingCost: 200 }];
    expect(findRange(gappy, 0.5)).toBeUndefined();
    expect(findRange(gappy, 7)).toBeUndefined();
  });
});

describe('rate calculators', () => {
  it('perorder charges its rate once', () => {
    expect(rateCalculators.perorder({ type: 'perorder', rate: 1200 }, parcel(7, 3, 5000))).toBe(1200);
  });

  it('peritem charges its rate per unit', () => {
    expect(rateCalculators.peritem({ type: 'peritem', rate: 250 }, parcel(3, 3, 5000))).toBe(750);
  });

  it('weight prices by the parcel weight', () => {
    const settings = { type: 'weight' as const, ...tiers() };
    expect(rateCalculators.weight(settings, parcel(1, 20, 99_999))).toBe(800);
    expect(rateCalculators.weight(settings, parcel(1, 25, 0))).toBe(1200);
    expect(rateCalculators.weight(settings, parcel(1, 41, 0))).toBeUndefined();
  });

  it('total prices by the parcel subtotal in minor units', () => {
    const settings = {
      type: 'total' as const,
      ...tiers({ ranges: [{ lowerLimit: 0, upperLimit: 4999, shippingCost: 700 }, { lowerLimit: 5000, upperLimit: 10_000_000, shippingCost: 0 }] }),
    };
    expect(rateCalculators.total(settings, parcel(1, 100, 4999))).toBe(700);
    expect(rateCalculators.total(settings, parcel(1, 100, 5000))).toBe(0);
  });

  it('uses defaultCost when no range matches: fixed, percentage of subtotal, or unavailable', () => {
    const heavy = parcel(2, 100, 4550);
    expect(rateCalculators.weight({ type: 'weight', ...tiers({ defaultCost: 2500 }) }, heavy)).toBe(2500);
    expect(rateCalculators.weight({ type: 'weight', ...tiers({ defaultCost: 10, defaultCostType: 'percentage_of_total' }) }, heavy)).toBe(455);
    // 4550 × 2.5% = 113.75 → 114 (half away from zero, once)
    expect(rateCalculators.weight({ type: 'weight', ...tiers({ defaultCost: 2.5, defaultCostType: 'percentage_of_total' }) }, heavy)).toBe(114);
    expect(rateCalculators.weight({ type: 'weight', ...tiers({ defaultCost: null }) }, heavy)).toBeUndefined();
    expect(rateCalculators.total({ type: 'total', ...tiers({ defaultCost: 0 }) }, parcel(1, 1, 1_000_000))).toBe(0);
  });

  it('treats an empty range list as "no range matches"', () => {
    expect(rateCalculators.weight({ type: 'weight', ...tiers({ ranges: [], defaultCost: 300 }) }, parcel(1, 1, 1))).toBe(300);
    expect(rateCalculators.total({ type: 'total', ...tiers({ ranges: [] }) }, parcel(1, 1, 1))).toBeUndefined();
  });

  it('freeshipping costs nothing', () => {
    expect(rateCalculators.freeshipping({ type: 'freeshipping' }, parcel(5, 50, 50_000))).toBe(0);
  });
});

describe('summariseItems', () => {
  it('leaves free-shipping and fixed-price items out of the parcel', () => {
    const summary = summariseItems([
      item({ quantity: 2, weight: 1.5, unitPrice: 1000 }),
      item({ quantity: 3, weight: 10, unitPrice: 5000, isFreeShipping: true }),
      item({ quantity: 2, weight: 10, unitPrice: 2000, fixedShippingPrice: 450 }),
      item({ quantity: 1, weight: 10, unitPrice: 2000, fixedShippingPrice: 999, isFreeShipping: true }),
    ]);
    expect(summary).toEqual({ parcel: { quantity: 2, weight: 3, subtotal: 2000 }, fixedShippingCost: 900, allFreeShipping: false });
  });

  it('cleans decimal noise from weights so bounds compare as written', () => {
    const summary = summariseItems([item({ weight: 0.1 }), item({ weight: 0.2 })]);
    expect(summary.parcel.weight).toBe(0.3);
    expect(findRange([{ lowerLimit: 0, upperLimit: 0.3, shippingCost: 1 }], summary.parcel.weight)).toBeDefined();
  });

  it('says when every item ships free', () => {
    expect(summariseItems([item({ isFreeShipping: true })]).allFreeShipping).toBe(true);
    expect(summariseItems([item({ isFreeShipping: true }), item()]).allFreeShipping).toBe(false);
    expect(summariseItems([]).allFreeShipping).toBe(false);
  });
});

describe('priceMethod', () => {
  const flat = { type: 'perorder' as const, rate: 1000 };
  const perItem = { type: 'peritem' as const, rate: 300 };
  const byWeight = { type: 'weight' as const, ...tiers() };

  it('ignores free-shipping items entirely', () => {
    const paid = [item({ quantity: 2, weight: 5 })];
    const withFree = [...paid, item({ quantity: 4, weight: 100, isFreeShipping: true })];
    expect(priceMethod(flat, withFree)).toBe(priceMethod(flat, paid));
    expect(priceMethod(perItem, withFree)).toBe(600);
    expect(priceMethod(byWeight, withFree)).toBe(800);
  });

  it('adds fixed shipping prices to the calculated rate of the rest', () => {
    const items = [item({ quantity: 2, weight: 15 }), item({ quantity: 3, weight: 100, fixedShippingPrice: 500 })];
    expect(priceMethod(flat, items)).toBe(1000 + 1500);
    expect(priceMethod(perItem, items)).toBe(600 + 1500);
    // 30 in weight: the fixed-price item's 300 does not count.
    expect(priceMethod(byWeight, items)).toBe(1200 + 1500);
  });

  it('charges only fixed prices when no item is left for the method to price', () => {
    const items = [item({ quantity: 2, weight: 500, fixedShippingPrice: 700 }), item({ isFreeShipping: true })];
    expect(priceMethod(flat, items)).toBe(1400);
    expect(priceMethod(byWeight, items)).toBe(1400);
  });

  it('is unavailable when the calculated part is', () => {
    const items = [item({ weight: 50 }), item({ fixedShippingPrice: 700 })];
    expect(priceMethod(byWeight, items)).toBeUndefined();
  });

  it('accepts a precomputed summary', () => {
    const items = [item({ quantity: 3 })];
    expect(priceMethod(perItem, summariseItems(items))).toBe(priceMethod(perItem, items));
  });
});
