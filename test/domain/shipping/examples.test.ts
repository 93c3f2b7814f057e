import { describe, it, expect } from 'vitest';
import { quoteShipping, type Destination, type ShippableItem, type ShippingConfig } from '../../../src/domain/shipping/index.js';
import { countryZone, method, zipZone, zone } from './builders.js';

// The store and examples of docs/shipping-rates.md §9, kept in step with the document.
const store: ShippingConfig = {
  zones: [
    countryZone(1, ['US'], {
      name: 'United States',
      freeShipping: { enabled: true, minimumSubTotal: 10_000, excludeFixedShippingProducts: false },
      methods: [
        method(1, { type: 'perorder', rate: 1200 }, { name: 'Flat Rate', transitTime: '3-5 business days' }),
        method(2, {
          type: 'weight', defaultCost: null, defaultCostType: 'fixed_amount',
          ranges: [{ lowerLimit: 0, upperLimit: 5, shippingCost: 800 }, { lowerLimit: 5, upperLimit: 20, shippingCost: 1500 }],
        }, { name: 'Ship by Weight' }),
        method(3, { type: 'peritem', rate: 600 }, {
          name: 'Express', transitTime: '1-2 business days', handlingFees: { kind: 'fixed', amount: 200, displaySeparately: true },
        }),
      ],
    }),
    zipZone(2, ['787*'], 'US', {
      name: 'Austin',
      handlingFees: { kind: 'percentage', percent: 10, displaySeparately: false },
      methods: [method(4, { type: 'perorder', rate: 500 }, { name: 'Local Courier', transitTime: 'Next day' })],
    }),
    zone(3, {
      name: 'Rest of the world',
      methods: [
        method(5, {
          type: 'total', defaultCost: null, defaultCostType: 'fixed_amount',
          ranges: [{ lowerLimit: 0, upperLimit: 4999, shippingCost: 2500 }, { lowerLimit: 5000, upperLimit: 19_999, shippingCost: 4000 }],
        }, { name: 'International', transitTime: '7-14 business days' }),
        method(6, { type: 'perorder', rate: 6000 }, { name: 'Economy International', isFallback: true, transitTime: '3-6 weeks' }),
      ],
    }),
  ],
};

const line = (itemId: string, quantity: number, unitPrice: number, weight: number, extra: Partial<ShippableItem> = {}): ShippableItem =>
  ({ itemId, quantity, unitPrice, weight, isFreeShipping: false, ...extra });

const denver: Destination = { countryCode: 'US', stateCode: 'CO', postalCode: '80202' };
const paris: Destination = { countryCode: 'FR', postalCode: '75001' };
const tShirts = line('tee', 2, 2000, 0.5);

const options = (destination: Destination, items: ShippableItem[]) =>
  quoteShipping(store, destination, items).map((quote) => [quote.description, quote.cost, quote.handlingCost, quote.isRecommended]);

describe('docs/shipping-rates.md worked examples', () => {
  it('1: Denver, two T-shirts', () => {
    expect(options(denver, [tShirts])).toEqual([
      ['Ship by Weight', 800, 0, true], ['Flat Rate', 1200, 0, false], ['Express', 1200, 200, false],
    ]);
  });

  it('2: Austin, percentage handling folded in', () => {
    expect(options({ countryCode: 'US', stateCode: 'TX', postalCode: '78701-1234' }, [tShirts])).toEqual([['Local Courier', 550, 0, true]]);
  });

  it('3: a split checkout, threshold per consignment', () => {
    expect(options(denver, [line('jacket', 1, 12_000, 3)])).toEqual([['Free Shipping', 0, 0, true]]);
    expect(options({ countryCode: 'US', stateCode: 'IL', postalCode: '60601' }, [tShirts])).toEqual(options(denver, [tShirts]));
  });

  it('4: Paris, fixed-price and free-shipping items', () => {
    const items = [line('poster', 1, 3000, 0.2, { fixedShippingPrice: 500 }), line('mug', 1, 1500, 1), line('stickers', 1, 300, 0.1, { isFreeShipping: true })];
    expect(options(paris, items)).toEqual([['International', 3000, 0, true]]);
  });

  it('5: Paris, beyond the last range, the fallback', () => {
    expect(options(paris, [line('jacket', 2, 12_000, 3), line('mug', 4, 1500, 1)])).toEqual([['Economy International', 6000, 0, true]]);
  });

  it('6: Denver, too heavy for Ship by Weight', () => {
    expect(options(denver, [line('kettlebell', 1, 6000, 25)])).toEqual([['Express', 600, 200, true], ['Flat Rate', 1200, 0, false]]);
  });

  it('7: only free-shipping items', () => {
    expect(options(denver, [line('stickers', 3, 300, 0.1, { isFreeShipping: true })])).toEqual([['Free Shipping', 0, 0, true]]);
  });
});
