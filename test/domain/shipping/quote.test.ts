import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import {
  handlingFor,
  quoteShipping,
  shippingOptionId,
  zoneFreeShippingCost,
  type ShippingZone,
} from '../../../src/domain/shipping/index.js';
import { AUSTIN, config, countryZone, item, method, zone } from './builders.js';

const flatRate = method(1, { type: 'perorder', rate: 1200 }, { name: 'Flat Rate', transitTime: '3-5 days' });
const byWeight = method(2, {
  type: 'weight',
  defaultCost: null,
  defaultCostType: 'fixed_amount',
  ranges: [{ lowerLimit: 0, upperLimit: 10, shippingCost: 800 }],
}, { name: 'Ship by Weight' });
const byTotal = method(3, {
  type: 'total',
  defaultCost: 1500,
  defaultCostType: 'fixed_amount',
  ranges: [{ lowerLimit: 0, upperLimit: 4999, shippingCost: 900 }],
}, { name: 'Ship by Total' });

const summary = (quotes: ReturnType<typeof quoteShipping>) =>
  quotes.map(({ description, type, cost, handlingCost, isRecommended }) => ({ description, type, cost, handlingCost, isRecommended }));

describe('quoteShipping', () => {
  it('offers the matching zone\'s enabled methods, cheapest first, the cheapest recommended', () => {
    const us = countryZone(1, ['US'], {
      methods: [flatRate, byWeight, byTotal, method(4, { type: 'perorder', rate: 1 }, { enabled: false })],
    });
    const quotes = quoteShipping(config(us), AUSTIN, [item({ weight: 4, unitPrice: 2500 })]);
    expect(summary(quotes)).toEqual([
      { description: 'Ship by Weight', type: 'shipping_byweight', cost: 800, handlingCost: 0, isRecommended: true },
      { description: 'Ship by Total', type: 'shipping_bytotal', cost: 900, handlingCost: 0, isRecommended: false },
      { description: 'Flat Rate', type: 'shipping_flatrate', cost: 1200, handlingCost: 0, isRecommended: false },
    ]);
    expect(quotes[2]).toMatchObject({ zoneId: 1, methodId: 1, transitTime: '3-5 days', imageUrl: '', additionalDescription: '' });
  });

  it('drops methods that cannot price the consignment', () => {
    const us = countryZone(1, ['US'], { methods: [flatRate, byWeight] });
    const quotes = quoteShipping(config(us), AUSTIN, [item({ weight: 11 })]);
    expect(quotes.map((quote) => quote.methodId)).toEqual([1]);
  });

  it('maps every method type to upstream\'s option type', () => {
    const us = countryZone(1, ['US'], {
      methods: [method(1, { type: 'peritem', rate: 100 }), method(2, { type: 'freeshipping' })],
    });
    expect(quoteShipping(config(us), AUSTIN, [item()]).map((quote) => quote.type)).toEqual(['freeshipping', 'shipping_flatrate']);
  });

  it('breaks cost ties by method id', () => {
    const us = countryZone(1, ['US'], {
      methods: [method(9, { type: 'perorder', rate: 500 }), method(3, { type: 'perorder', rate: 500 })],
    });
    const quotes = quoteShipping(config(us), AUSTIN, [item()]);
    expect(quotes.map((quote) => [quote.methodId, quote.isRecommended])).toEqual([[3, true], [9, false]]);
  });

  it('returns nothing when no zone matches or nothing is shipped', () => {
    const us = countryZone(1, ['US'], { methods: [flatRate] });
    expect(quoteShipping(config(us), { countryCode: 'FR' }, [item()])).toEqual([]);
    expect(quoteShipping(config(us), AUSTIN, [])).toEqual([]);
    expect(quoteShipping(config(us), AUSTIN, [item({ quantity: 0 })])).toEqual([]);
    expect(quoteShipping(config(countryZone(1, ['US'])), AUSTIN, [item()])).toEqual([]);
  });

  it('offers a single Free Shipping option when every item ships free', () => {
    const us = countryZone(1, ['US'], { methods: [flatRate], handlingFees: { kind: 'fixed', amount: 300, displaySeparately: false } });
    const quotes = quoteShipping(config(us), AUSTIN, [item({ isFreeShipping: true }), item({ isFreeShipping: true, quantity: 3 })]);
    expect(summary(quotes)).toEqual([
      { description: 'Free Shipping', type: 'freeshipping', cost: 0, handlingCost: 0, isRecommended: true },
    ]);
    expect(quotes[0]).toMatchObject({ zoneId: 1, methodId: 0, id: shippingOptionId(1, 'free-shipping') });
  });
});

describe('handling fees', () => {
  it('adds fixed fees, folded into cost or shown separately', () => {
    expect(handlingFor([{ kind: 'fixed', amount: 250, displaySeparately: false }], 1000)).toEqual({ folded: 250, separate: 0 });
    expect(handlingFor([{ kind: 'fixed', amount: 250, displaySeparately: true }], 1000)).toEqual({ folded: 0, separate: 250 });
  });

  it('takes percentage fees of the shipping cost, rounding half away from zero once per fee', () => {
    expect(handlingFor([{ kind: 'percentage', percent: 5, displaySeparately: false }], 1250)).toEqual({ folded: 63, separate: 0 });
    expect(handlingFor([{ kind: 'percentage', percent: 10, displaySeparately: true }], 0)).toEqual({ folded: 0, separate: 0 });
  });

  it('adds zone and method fees, each on the same shipping cost', () => {
    const us = countryZone(1, ['US'], {
      handlingFees: { kind: 'percentage', percent: 10, displaySeparately: true },
      methods: [
        method(1, { type: 'perorder', rate: 1000 }, { handlingFees: { kind: 'fixed', amount: 200, displaySeparately: false } }),
        method(2, { type: 'perorder', rate: 2000 }, { handlingFees: { kind: 'percentage', percent: 5, displaySeparately: false } }),
      ],
    });
    const quotes = quoteShipping(config(us), AUSTIN, [item()]);
    expect(quotes.map(({ methodId, cost, handlingCost }) => ({ methodId, cost, handlingCost }))).toEqual([
      { methodId: 1, cost: 1200, handlingCost: 100 },
      { methodId: 2, cost: 2100, handlingCost: 200 },
    ]);
  });

  it('ranks by what the shopper pays, separate handling included', () => {
    const us = countryZone(1, ['US'], {
      methods: [
        method(1, { type: 'perorder', rate: 1000 }, { handlingFees: { kind: 'fixed', amount: 600, displaySeparately: true } }),
        method(2, { type: 'perorder', rate: 1500 }),
      ],
    });
    const quotes = quoteShipping(config(us), AUSTIN, [item()]);
    expect(quotes.map((quote) => [quote.methodId, quote.isRecommended])).toEqual([[2, true], [1, false]]);
  });
});

describe('zone free shipping', () => {
  const freeOver = (minimumSubTotal: number, excludeFixedShippingProducts = false): ShippingZone =>
    countryZone(1, ['US'], {
      freeShipping: { enabled: true, minimumSubTotal, excludeFixedShippingProducts },
      handlingFees: { kind: 'fixed', amount: 300, displaySeparately: false },
      methods: [flatRate],
    });

  it('replaces the other options from the threshold up (inclusive)', () => {
    const store = config(freeOver(5000));
    expect(summary(quoteShipping(store, AUSTIN, [item({ unitPrice: 4999 })]))).toEqual([
      { description: 'Flat Rate', type: 'shipping_flatrate', cost: 1500, handlingCost: 0, isRecommended: true },
    ]);
    expect(summary(quoteShipping(store, AUSTIN, [item({ unitPrice: 2500, quantity: 2 })]))).toEqual([
      { description: 'Free Shipping', type: 'freeshipping', cost: 0, handlingCost: 0, isRecommended: true },
    ]);
  });

  it('counts free-shipping and fixed-price items toward the threshold, and ships them free, by default', () => {
    const items = [item({ unitPrice: 3000 }), item({ unitPrice: 1000, isFreeShipping: true }), item({ unitPrice: 1000, fixedShippingPrice: 800 })];
    expect(zoneFreeShippingCost(freeOver(5000).freeShipping, items)).toBe(0);
  });

  it('with excludeFixedShippingProducts, fixed-price items neither count nor ship free', () => {
    const { freeShipping } = freeOver(5000, true);
    const fixed = item({ unitPrice: 4000, quantity: 1, fixedShippingPrice: 800 });
    expect(zoneFreeShippingCost(freeShipping, [item({ unitPrice: 3000 }), fixed])).toBeUndefined();
    expect(zoneFreeShippingCost(freeShipping, [item({ unitPrice: 5000 }), fixed])).toBe(800);
    expect(zoneFreeShippingCost(freeOver(0, true).freeShipping, [fixed])).toBeUndefined();
    const quotes = quoteShipping(config(freeOver(5000, true)), AUSTIN, [item({ unitPrice: 5000 }), fixed]);
    expect(summary(quotes)).toEqual([
      { description: 'Free Shipping', type: 'freeshipping', cost: 800, handlingCost: 0, isRecommended: true },
    ]);
  });

  it('is off when disabled, whatever the subtotal', () => {
    const off = { enabled: false, minimumSubTotal: 0, excludeFixedShippingProducts: false };
    expect(zoneFreeShippingCost(off, [item({ unitPrice: 1_000_000 })])).toBeUndefined();
  });
});

describe('fallback methods', () => {
  const fallback = method(5, { type: 'perorder', rate: 2500 }, { name: 'Fallback', isFallback: true });

  it('are hidden while a regular method is available', () => {
    const us = countryZone(1, ['US'], { methods: [flatRate, fallback] });
    expect(quoteShipping(config(us), AUSTIN, [item()]).map((quote) => quote.description)).toEqual(['Flat Rate']);
  });

  it('are offered when no regular method can price the consignment', () => {
    const us = countryZone(1, ['US'], { methods: [byWeight, fallback, method(6, { type: 'perorder', rate: 1 }, { enabled: false })] });
    const quotes = quoteShipping(config(us), AUSTIN, [item({ weight: 50 })]);
    expect(quotes.map((quote) => [quote.description, quote.isRecommended])).toEqual([['Fallback', true]]);
  });
});

describe('option ids', () => {
  it('are the md5 of the zone and method ids', () => {
    const expected = createHash('md5').update('consign:shipping-option:zone:1:method:2').digest('hex');
    expect(shippingOptionId(1, 2)).toBe(expected);
    expect(shippingOptionId(1, 2)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differ between zones, methods and the zone\'s free shipping', () => {
    const ids = new Set([shippingOptionId(1, 2), shippingOptionId(2, 1), shippingOptionId(1, 3), shippingOptionId(12, 3), shippingOptionId(1, 'free-shipping')]);
    expect(ids.size).toBe(5);
  });

  it('stay the same when prices change', () => {
    const before = countryZone(1, ['US'], { methods: [flatRate] });
    const after = countryZone(1, ['US'], { methods: [{ ...flatRate, settings: { type: 'perorder', rate: 9999 } }] });
    const [a] = quoteShipping(config(before), AUSTIN, [item()]);
    const [b] = quoteShipping(config(after), AUSTIN, [item({ quantity: 5 })]);
    expect(a?.id).toBe(b?.id);
    expect(a?.cost).not.toBe(b?.cost);
  });

  it('global zones work like any other', () => {
    const quotes = quoteShipping(config(zone(7, { methods: [flatRate] })), { countryCode: 'JP' }, [item()]);
    expect(quotes[0]?.id).toBe(shippingOptionId(7, 1));
  });
});

describe('split checkout', () => {
  it('prices each consignment on its own items, threshold included', () => {
    const store = config(countryZone(1, ['US'], {
      freeShipping: { enabled: true, minimumSubTotal: 10_000, excludeFixedShippingProducts: false },
      methods: [flatRate],
    }));
    const toAustin = [item({ unitPrice: 12_000 })];
    const toDallas = [item({ unitPrice: 3_000 })];
    expect(quoteShipping(store, AUSTIN, toAustin).map((quote) => quote.cost)).toEqual([0]);
    expect(quoteShipping(store, { countryCode: 'US', stateCode: 'TX', postalCode: '75201' }, toDallas).map((quote) => quote.cost)).toEqual([1200]);
  });
});
