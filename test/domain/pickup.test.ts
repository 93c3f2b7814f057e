import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ADDRESS } from '../../src/domain/address.js';
import type { Checkout } from '../../src/domain/checkout.js';
import { isPickup } from '../../src/domain/consignment.js';
import {
  type ConsignmentContext,
  PICKUP_CONSIGNMENT_LIMIT,
  createConsignments,
  updateConsignment,
} from '../../src/domain/consignments.js';
import { reconcileConsignments } from '../../src/domain/consignment-pricing.js';
import { DomainError } from '../../src/domain/errors.js';
import type { ProductLineItem } from '../../src/domain/line-items.js';
import { currencyFor } from '../../src/domain/money.js';
import {
  EARTH_RADIUS_KM,
  KM_PER_MILE,
  MAX_PICKUP_OPTIONS,
  type PickupConfig,
  type PickupLocation,
  type PickupMethod,
  canSupply,
  greatCircleKm,
  searchPickupOptions,
} from '../../src/domain/pickup.js';
import { shippingOptionId } from '../../src/domain/shipping/quote.js';
import { config, countryZone, method as shippingMethod } from './shipping/builders.js';

const AUSTIN = { latitude: 30.2686, longitude: -97.7429 };
const DALLAS = { latitude: 32.7977, longitude: -96.8018 };
const ROUND_ROCK = { latitude: 30.5083, longitude: -97.6789 };

function location(id: number, coordinates: { latitude: number; longitude: number }, availableVariants: PickupLocation['availableVariants'] = 'all'): PickupLocation {
  return {
    id,
    code: `L${id}`,
    label: `Location ${id}`,
    address: { address1: `${id} Main St`, address2: '', city: `City ${id}`, stateOrProvince: 'Texas', stateOrProvinceCode: 'TX', postalCode: '78701', countryCode: 'US', email: '', phone: '' },
    coordinates,
    availableVariants,
  };
}

function method(id: number, locationId: number): PickupMethod {
  return { id, locationId, displayName: `Method ${id}`, collectionInstructions: '', collectionTimeDescription: '', dateCreated: '2024-01-01T00:00:00Z', dateModified: '2024-01-01T00:00:00Z' };
}

/** Austin has everything; Dallas has 2 of variant 1 and none of variant 2; Round Rock is 27 km north of Austin. */
const PICKUP: PickupConfig = {
  locations: [location(1, AUSTIN), location(2, DALLAS, [{ variantId: 1, quantity: 2 }, { variantId: 3, quantity: 5 }]), location(3, ROUND_ROCK)],
  methods: [method(1, 1), method(2, 1), method(3, 2), method(4, 3)],
};

describe('great-circle distance', () => {
  it.each([
    ['the same point', AUSTIN, AUSTIN, 0, 0.001],
    ['Austin to Dallas', AUSTIN, DALLAS, 295, 1],
    ['London to Paris', { latitude: 51.5074, longitude: -0.1278 }, { latitude: 48.8566, longitude: 2.3522 }, 343.5, 1.5],
    ['a quarter of the equator', { latitude: 0, longitude: 0 }, { latitude: 0, longitude: 90 }, (Math.PI / 2) * EARTH_RADIUS_KM, 0.001],
    ['antipodes', { latitude: 10, longitude: 20 }, { latitude: -10, longitude: -160 }, Math.PI * EARTH_RADIUS_KM, 0.001],
    ['across the antimeridian', { latitude: 0, longitude: 179.5 }, { latitude: 0, longitude: -179.5 }, (Math.PI / 180) * EARTH_RADIUS_KM, 0.001],
  ])('%s', (_name, a, b, km, tolerance) => {
    expect(Math.abs(greatCircleKm(a, b) - km)).toBeLessThanOrEqual(tolerance);
  });

  const point = fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) });

  it('is a metric on the sphere: symmetric, non-negative, at most half the circumference, triangle inequality', () => {
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        const ab = greatCircleKm(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_KM + 1e-6);
        expect(Math.abs(ab - greatCircleKm(b, a))).toBeLessThan(1e-6);
        // Near antipodal points asin(sqrt(h)) turns float noise in h into ~1e-4 km; a metre of slack
        // is far below anything a pickup search tells apart (200,000 runs: worst 1.2e-4 km).
        expect(greatCircleKm(a, c)).toBeLessThanOrEqual(ab + greatCircleKm(b, c) + 1e-3);
      }),
    );
  });
});

describe('pickup option search', () => {
  const search = (radius: number, unit: 'KM' | 'MI', items: { variantId: number; quantity: number }[], at = AUSTIN) =>
    searchPickupOptions(PICKUP, { coordinates: at, radius: { value: radius, unit }, items });

  it('finds the methods within the radius, nearest location first, ties by method id', () => {
    expect(search(10, 'KM', []).map((o) => o.method.id)).toEqual([1, 2]);
    expect(search(50, 'KM', []).map((o) => o.method.id)).toEqual([1, 2, 4]);
    expect(search(300, 'KM', []).map((o) => o.method.id)).toEqual([1, 2, 4, 3]);
    expect(search(300, 'KM', [], DALLAS).map((o) => o.method.id)).toEqual([3, 4, 1, 2]);
  });

  it('reads the radius in miles or kilometres', () => {
    // Dallas is about 295 km, or 183 miles, from Austin.
    expect(search(185, 'MI', []).map((o) => o.location.id)).toContain(2);
    expect(search(185, 'KM', []).map((o) => o.location.id)).not.toContain(2);
  });

  it('counts a location exactly on the radius as inside it', () => {
    const km = greatCircleKm(AUSTIN, ROUND_ROCK);
    expect(search(km, 'KM', []).map((o) => o.location.id)).toContain(3);
  });

  it('offers only locations that can supply every item in the quantity asked, and says which items', () => {
    const far = 1000;
    expect(search(far, 'KM', [{ variantId: 1, quantity: 2 }]).map((o) => o.location.id)).toContain(2);
    expect(search(far, 'KM', [{ variantId: 1, quantity: 3 }]).map((o) => o.location.id)).not.toContain(2);
    expect(search(far, 'KM', [{ variantId: 1, quantity: 1 }, { variantId: 2, quantity: 1 }]).map((o) => o.location.id)).not.toContain(2);
    // The same variant twice counts as one request for the sum.
    const twice = search(far, 'KM', [{ variantId: 1, quantity: 1 }, { variantId: 1, quantity: 2 }]);
    expect(twice.map((o) => o.location.id)).not.toContain(2);
    expect(twice[0]!.availableItems).toEqual([{ variantId: 1, quantity: 3 }]);
  });

  it('returns at most ten options', () => {
    const many: PickupConfig = {
      locations: Array.from({ length: 8 }, (_, i) => location(i + 1, { latitude: 30 + i * 0.01, longitude: -97 })),
      methods: Array.from({ length: 16 }, (_, i) => method(i + 1, (i % 8) + 1)),
    };
    const found = searchPickupOptions(many, { coordinates: { latitude: 30, longitude: -97 }, radius: { value: 100, unit: 'KM' }, items: [] });
    expect(found).toHaveLength(MAX_PICKUP_OPTIONS);
    expect(found.map((o) => o.location.id)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  const arbitraryConfig = fc
    .array(
      fc.record({
        latitude: fc.double({ min: 29, max: 33, noNaN: true }),
        longitude: fc.double({ min: -99, max: -95, noNaN: true }),
        stock: fc.option(fc.array(fc.record({ variantId: fc.integer({ min: 1, max: 4 }), quantity: fc.integer({ min: 0, max: 5 }) }), { maxLength: 4 })),
        methods: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 12 },
    )
    .map((specs): PickupConfig => {
      let methodId = 0;
      return {
        locations: specs.map((s, i) => location(i + 1, s, s.stock ?? 'all')),
        methods: specs.flatMap((s, i) => Array.from({ length: s.methods }, () => method(++methodId, i + 1))),
      };
    });
  const items = fc.array(fc.record({ variantId: fc.integer({ min: 1, max: 4 }), quantity: fc.integer({ min: 1, max: 4 }) }), { maxLength: 3 });
  const radius = fc.record({ value: fc.integer({ min: 1, max: 400 }), unit: fc.constantFrom('KM' as const, 'MI' as const) });

  it('returns only eligible options, nearest first, at most ten, and misses none that fit', () => {
    fc.assert(
      fc.property(arbitraryConfig, items, radius, (pickup, wanted, r) => {
        const found = searchPickupOptions(pickup, { coordinates: AUSTIN, radius: r, items: wanted });
        const radiusKm = r.unit === 'MI' ? r.value * KM_PER_MILE : r.value;
        expect(found.length).toBeLessThanOrEqual(MAX_PICKUP_OPTIONS);
        for (const option of found) {
          expect(option.distanceKm).toBeLessThanOrEqual(radiusKm);
          expect(canSupply(option.location, wanted)).toBe(true);
        }
        for (let i = 1; i < found.length; i++) expect(found[i]!.distanceKm).toBeGreaterThanOrEqual(found[i - 1]!.distanceKm);
        const eligible = pickup.methods.filter((m) => {
          const at = pickup.locations.find((l) => l.id === m.locationId)!;
          return greatCircleKm(AUSTIN, at.coordinates) <= radiusKm && canSupply(at, wanted);
        });
        expect(found.length).toBe(Math.min(MAX_PICKUP_OPTIONS, eligible.length));
      }),
    );
  });

  it('gives the same answer for a radius in miles as for the same radius in kilometres', () => {
    fc.assert(
      fc.property(arbitraryConfig, items, fc.integer({ min: 1, max: 250 }), (pickup, wanted, miles) => {
        const inMiles = searchPickupOptions(pickup, { coordinates: AUSTIN, radius: { value: miles, unit: 'MI' }, items: wanted });
        const inKm = searchPickupOptions(pickup, { coordinates: AUSTIN, radius: { value: miles * KM_PER_MILE, unit: 'KM' }, items: wanted });
        expect(inMiles.map((o) => o.method.id)).toEqual(inKm.map((o) => o.method.id));
      }),
    );
  });
});

describe('pickup consignments', () => {
  const shipping = config(countryZone(1, ['US'], { methods: [shippingMethod(1, { type: 'perorder', rate: 999 })] }));
  const TEXAS = { ...EMPTY_ADDRESS, countryCode: 'US', stateOrProvinceCode: 'TX', postalCode: '78701', email: 'a@example.com' };

  function context(pickup: PickupConfig = PICKUP): ConsignmentContext {
    let n = 0;
    return { shipping, pickup, newConsignmentId: () => `c${++n}`, newLineItemId: () => `split-${++n}` };
  }

  function line(variantId: number, quantity: number): ProductLineItem {
    return {
      id: `line-${variantId}`, kind: 'physical', productId: variantId, variantId, sku: `SKU${variantId}`, name: `Item ${variantId}`, url: '', imageUrl: '',
      quantity, listPrice: 1000, salePrice: 1000, originalPrice: 1000, hasPriceOverride: false,
      weight: 1, isTaxable: true, taxClassId: 0, isFreeShipping: false, fixedShippingPrice: 0, options: [],
    };
  }

  /** Two units of variant 1 and one of variant 2. */
  const checkout: Checkout = {
    id: 'cart', storeId: 1, channelId: 1, customerId: 0, email: '', locale: 'en', currency: currencyFor('USD')!,
    lineItems: { products: [line(1, 2), line(2, 1)], customItems: [], giftCertificates: [] },
    billingAddress: null, consignments: [], coupons: [], fees: [], customerMessage: '', orderId: null, version: 1, createdTime: '', updatedTime: '',
  };
  const all = [{ itemId: 'line-1', quantity: 2 }, { itemId: 'line-2', quantity: 1 }];

  const refusal = (run: () => unknown): DomainError => {
    try {
      run();
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it("creates a pickup consignment at its location's address, with no shipping options and the method selected", () => {
    const next = createConsignments(checkout, [{ items: [all[0]!], pickupMethodId: 3 }], context());
    const [consignment] = next.consignments;
    expect(consignment!.selectedPickupOption).toEqual({ pickupMethodId: 3 });
    expect(consignment!.address).toMatchObject({ company: 'Location 2', city: 'City 2', stateOrProvinceCode: 'TX', countryCode: 'US' });
    expect(consignment!.availableShippingOptions).toEqual([]);
    expect(consignment!.selectedShippingOption).toBeNull();
  });

  it('refuses an unknown method, and a method whose location lacks an item', () => {
    expect(refusal(() => createConsignments(checkout, [{ items: all, pickupMethodId: 99 }], context())).fieldErrors).toHaveProperty(['0.pickup_option.pickup_method_id']);
    const lacking = refusal(() => createConsignments(checkout, [{ items: all, pickupMethodId: 3 }], context()));
    expect(lacking.status).toBe(422);
    expect(lacking.title).toMatch(/not every item/i);
    // Dallas has the two units of variant 1 on their own.
    expect(isPickup(createConsignments(checkout, [{ items: [all[0]!], pickupMethodId: 3 }], context()).consignments[0]!)).toBe(true);
  });

  it('refuses a second pickup consignment and a pickup consignment beside a shipping one, in upstream words', () => {
    const two = refusal(() => createConsignments(checkout, [{ items: [all[0]!], pickupMethodId: 1 }, { items: [all[1]!], pickupMethodId: 2 }], context()));
    expect(two.title).toBe(PICKUP_CONSIGNMENT_LIMIT);
    const mixed = refusal(() => createConsignments(checkout, [{ items: [all[0]!], pickupMethodId: 1 }, { items: [all[1]!], address: TEXAS }], context()));
    expect(mixed.title).toBe('Pickup method is limited to 1 consignment.');
    const ctx = context();
    const shipped = createConsignments(checkout, [{ items: [all[0]!], address: TEXAS }], ctx);
    expect(refusal(() => createConsignments(shipped, [{ items: [all[1]!], pickupMethodId: 1 }], ctx)).title).toBe(PICKUP_CONSIGNMENT_LIMIT);
    // Taking every item of the shipping consignment leaves the pickup consignment alone: allowed.
    expect(createConsignments(shipped, [{ items: all, pickupMethodId: 1 }], ctx).consignments).toHaveLength(1);
  });

  it('refuses an element with both an address and a pickup option, or with neither', () => {
    expect(refusal(() => createConsignments(checkout, [{ items: all, address: TEXAS, pickupMethodId: 1 }], context())).status).toBe(422);
    expect(refusal(() => createConsignments(checkout, [{ items: all }], context())).fieldErrors).toHaveProperty(['0.address']);
  });

  it('switches a shipping consignment to pickup and back, each selection deselecting the other', () => {
    const ctx = context();
    const shipped = createConsignments(checkout, [{ items: all, address: TEXAS }], ctx);
    const id = shipped.consignments[0]!.id;
    const option = shipped.consignments[0]!.availableShippingOptions[0]!;
    const selected = updateConsignment(shipped, id, { kind: 'select', shippingOptionId: option.id }, ctx);
    const pickedCheckout = updateConsignment(selected, id, { kind: 'pickup', pickupMethodId: 2 }, ctx);
    const picked = pickedCheckout.consignments[0]!;
    // The shipping address is kept, hidden, with its options, for the way back.
    expect(picked).toMatchObject({ selectedShippingOption: null, selectedPickupOption: { pickupMethodId: 2 }, deliveryAddress: { postalCode: '78701' } });
    expect(picked.availableShippingOptions.map((o) => o.id)).toEqual([option.id]);
    expect(picked.address).toMatchObject({ company: 'Location 1', city: 'City 1' });

    // A shipping option deselects the pickup option and ships to that address again.
    const reshipped = updateConsignment(pickedCheckout, id, { kind: 'select', shippingOptionId: option.id }, ctx).consignments[0]!;
    expect(reshipped).toMatchObject({ selectedPickupOption: null, selectedShippingOption: { id: option.id }, address: { postalCode: '78701', company: '' }, deliveryAddress: null });
    // So does custom shipping.
    const custom = updateConsignment(pickedCheckout, id, { kind: 'custom', price: 100, description: 'Van' }, ctx).consignments[0]!;
    expect(custom).toMatchObject({ selectedPickupOption: null, selectedShippingOption: { id: 'custom', cost: 100 }, address: { postalCode: '78701' } });

    const readdressed = updateConsignment(pickedCheckout, id, { kind: 'destination', address: { ...TEXAS, postalCode: '75201' } }, ctx).consignments[0]!;
    expect(readdressed).toMatchObject({ selectedPickupOption: null, address: { postalCode: '75201' }, deliveryAddress: null });
    expect(readdressed.availableShippingOptions.length).toBeGreaterThan(0);
  });

  it('has no shipping options when created for pickup, and refuses a shipping choice until it has an address', () => {
    const ctx = context();
    const picked = createConsignments(checkout, [{ items: [all[0]!], pickupMethodId: 1 }], ctx);
    const id = picked.consignments[0]!.id;
    expect(picked.consignments[0]!.availableShippingOptions).toEqual([]);
    expect(refusal(() => updateConsignment(picked, id, { kind: 'select', shippingOptionId: shippingOptionId(1, 1) }, ctx)).title).toMatch(/give it an address first/);
    expect(refusal(() => updateConsignment(picked, id, { kind: 'custom', price: 100, description: 'x' }, ctx)).fieldErrors).toHaveProperty(['custom_shipping']);
  });

  it('refuses new items that the pickup location cannot supply', () => {
    const ctx = context();
    const picked = createConsignments(checkout, [{ items: [all[0]!], pickupMethodId: 3 }], ctx);
    const id = picked.consignments[0]!.id;
    expect(refusal(() => updateConsignment(picked, id, { kind: 'destination', items: all }, ctx)).status).toBe(422);
    expect(refusal(() => updateConsignment(picked, id, { kind: 'pickup', pickupMethodId: 3, items: all }, ctx)).status).toBe(422);
    expect(updateConsignment(picked, id, { kind: 'pickup', pickupMethodId: 1, items: all }, ctx).consignments[0]!.lineItemIds).toHaveLength(2);
  });

  it('ships to the address it had before pickup when its pickup choice is dropped', () => {
    const ctx = context();
    const shipped = createConsignments(checkout, [{ items: [all[0]!], address: TEXAS }], ctx);
    const id = shipped.consignments[0]!.id;
    const picked = updateConsignment(shipped, id, { kind: 'pickup', pickupMethodId: 3 }, ctx);
    const dropped = reconcileConsignments(picked, context({ ...PICKUP, methods: PICKUP.methods.filter((m) => m.id !== 3) })).consignments[0]!;
    expect(dropped).toMatchObject({ selectedPickupOption: null, selectedShippingOption: null, deliveryAddress: null, address: { postalCode: '78701', company: '' } });
    expect(dropped.availableShippingOptions).toEqual(shipped.consignments[0]!.availableShippingOptions);
  });

  it('drops a pickup selection that a change elsewhere invalidated: more units than stocked, or the method deleted', () => {
    const ctx = context();
    const picked = createConsignments(checkout, [{ items: [all[0]!], pickupMethodId: 3 }], ctx);
    const more = { ...picked, lineItems: { ...picked.lineItems, products: [line(1, 3), line(2, 1)] } };
    expect(reconcileConsignments(more, ctx).consignments[0]!.selectedPickupOption).toBeNull();
    const deleted = context({ ...PICKUP, methods: PICKUP.methods.filter((m) => m.id !== 3) });
    const after = reconcileConsignments(picked, deleted).consignments[0]!;
    expect(after.selectedPickupOption).toBeNull();
    // With nothing to ship to (not even the location any more), it is offered no shipping options either.
    expect(after.address.countryCode).toBe('');
    expect(after.availableShippingOptions).toEqual([]);
    // Unchanged inputs keep the selection, and the consignment object itself.
    expect(reconcileConsignments(picked, ctx)).toBe(picked);
    // A method moved to another location takes the consignment's (hidden) address with it.
    const moved = context({ ...PICKUP, methods: PICKUP.methods.map((m) => (m.id === 3 ? { ...m, locationId: 1 } : m)) });
    expect(reconcileConsignments(picked, moved).consignments[0]).toMatchObject({ selectedPickupOption: { pickupMethodId: 3 }, address: { city: 'City 1' } });
  });
});
