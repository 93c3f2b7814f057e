import fc from 'fast-check';
import { EMPTY_ADDRESS } from '../../src/domain/address.js';
import { type Checkout, removeItem, updateItem } from '../../src/domain/checkout.js';
import { reconcileConsignments } from '../../src/domain/consignment-pricing.js';
import { type ConsignmentContext, createConsignments, deleteConsignment, updateConsignment } from '../../src/domain/consignments.js';
import { DomainError } from '../../src/domain/errors.js';
import type { ProductLineItem } from '../../src/domain/line-items.js';
import { currencyFor } from '../../src/domain/money.js';
import { config, countryZone, method, stateZone, zipZone } from './shipping/builders.js';

/** Checkouts built by random sequences of consignment and cart operations, for property tests. */
export const shipping = config(
  zipZone(1, ['787*'], 'US', { methods: [method(1, { type: 'perorder', rate: 1200 })] }),
  stateZone(2, [['US', 'TX']], { methods: [method(2, { type: 'perorder', rate: 500 }), method(3, { type: 'peritem', rate: 150 })] }),
  countryZone(3, ['US'], {
    freeShipping: { enabled: true, minimumSubTotal: 15_000, excludeFixedShippingProducts: false },
    methods: [method(4, { type: 'weight', defaultCost: 4999, defaultCostType: 'fixed_amount', ranges: [{ lowerLimit: 0, upperLimit: 5, shippingCost: 799 }] }), method(5, { type: 'perorder', rate: 999 })],
  }),
  countryZone(4, ['CA'], { handlingFees: { kind: 'fixed', amount: 300, displaySeparately: true }, methods: [method(6, { type: 'perorder', rate: 1499 })] }),
);

export const DESTINATIONS = [
  { countryCode: 'US', stateOrProvinceCode: 'TX', postalCode: '78701' },
  { countryCode: 'US', stateOrProvinceCode: 'TX', postalCode: '75201' },
  { countryCode: 'US', stateOrProvinceCode: 'OR', postalCode: '97201' },
  { countryCode: 'CA', stateOrProvinceCode: 'ON', postalCode: 'M5H2N2' },
  { countryCode: 'FR', stateOrProvinceCode: '', postalCode: '75001' },
].map((d) => ({ ...EMPTY_ADDRESS, ...d, email: 'a@example.com' }));

export function context(): ConsignmentContext {
  let n = 0;
  return { shipping, newConsignmentId: () => `c${++n}`, newLineItemId: () => `split-${++n}` };
}

function line(index: number, quantity: number, kind: 'physical' | 'digital' = 'physical'): ProductLineItem {
  return {
    id: `line-${index}`, kind, productId: index + 1, variantId: index + 1, sku: `SKU${index}`, name: `Item ${index}`, url: '', imageUrl: '',
    quantity, listPrice: 1000 + index * 250, salePrice: 1000 + index * 250, originalPrice: 1000 + index * 250, hasPriceOverride: false,
    weight: 0.5 + index, isTaxable: true, taxClassId: 0, isFreeShipping: index === 3, fixedShippingPrice: index === 4 ? 500 : 0, options: [],
  };
}

export function checkoutWith(quantities: number[]): Checkout {
  return {
    id: 'cart', storeId: 1, channelId: 1, customerId: 0, email: '', locale: 'en', currency: currencyFor('USD')!,
    lineItems: { products: [...quantities.map((q, i) => line(i, q)), line(9, 1, 'digital')], customItems: [], giftCertificates: [] },
    billingAddress: null, consignments: [], coupons: [], fees: [], customerMessage: '', orderId: null, version: 1, createdTime: '', updatedTime: '',
  };
}

export type Op =
  | { op: 'create'; destination: number; picks: { line: number; quantity: number }[] }
  | { op: 'items'; target: number; picks: { line: number; quantity: number }[] }
  | { op: 'address'; target: number; destination: number }
  | { op: 'select'; target: number; option: number }
  | { op: 'custom'; target: number; price: number }
  | { op: 'delete'; target: number }
  | { op: 'cartQuantity'; line: number; quantity: number }
  | { op: 'cartPrice'; line: number; price: number }
  | { op: 'cartRemove'; line: number };

export const picks = fc.array(fc.record({ line: fc.nat(12), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 });
export const ops: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), destination: fc.nat(4), picks }),
  fc.record({ op: fc.constant('items' as const), target: fc.nat(5), picks }),
  fc.record({ op: fc.constant('address' as const), target: fc.nat(5), destination: fc.nat(4) }),
  fc.record({ op: fc.constant('select' as const), target: fc.nat(5), option: fc.nat(3) }),
  fc.record({ op: fc.constant('custom' as const), target: fc.nat(5), price: fc.integer({ min: 0, max: 5000 }) }),
  fc.record({ op: fc.constant('delete' as const), target: fc.nat(5) }),
  fc.record({ op: fc.constant('cartQuantity' as const), line: fc.nat(12), quantity: fc.integer({ min: 1, max: 6 }) }),
  // Prices around the US zone's $150 free-shipping threshold, so that a price change can cross it.
  fc.record({ op: fc.constant('cartPrice' as const), line: fc.nat(12), price: fc.integer({ min: 100, max: 20_000 }) }),
  fc.record({ op: fc.constant('cartRemove' as const), line: fc.nat(12) }),
);

/**
 * A checkout split into 2 to 4 consignments, each with an option selected where its destination
 * has one, then disturbed by a few random operations: the state in which "a change to one
 * consignment never touches another's selection" can fail. Each consignment gets one line of its
 * own and shares out the rest by `owners` (an owner past the last consignment leaves a line out).
 */
export const splitCheckouts = fc.record({
  quantities: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 4, maxLength: 7 }),
  consignments: fc.array(fc.record({ destination: fc.nat(3), option: fc.nat(3) }), { minLength: 2, maxLength: 4 }),
  owners: fc.array(fc.nat(4), { minLength: 7, maxLength: 7 }),
  noise: fc.array(ops, { maxLength: 4 }),
});

export function buildSplit(plan: typeof splitCheckouts extends fc.Arbitrary<infer T> ? T : never, ctx: ConsignmentContext): Checkout {
  let checkout = checkoutWith(plan.quantities);
  const lines = checkout.lineItems.products.filter((l) => l.kind === 'physical');
  const count = Math.min(plan.consignments.length, lines.length);
  const owner = (index: number) => (index < count ? index : plan.owners[index]!);
  checkout = createConsignments(
    checkout,
    plan.consignments.slice(0, count).map((c, k) => ({
      address: DESTINATIONS[c.destination]!,
      items: lines.flatMap((l, index) => (owner(index) === k ? [{ itemId: l.id, quantity: l.quantity }] : [])),
    })),
    ctx,
  );
  plan.consignments.slice(0, count).forEach((c, k) => {
    checkout = apply(checkout, { op: 'select', target: k, option: c.option }, ctx);
  });
  for (const op of plan.noise) checkout = apply(checkout, op, ctx);
  return checkout;
}

/** Applies one operation as the API would; a refused operation leaves the checkout as it was. */
export function apply(checkout: Checkout, op: Op, ctx: ConsignmentContext): Checkout {
  const lines = checkout.lineItems.products;
  const pick = (p: { line: number; quantity: number }) => ({ itemId: lines[p.line % lines.length]!.id, quantity: p.quantity });
  const target = (n: number) => checkout.consignments[n % Math.max(1, checkout.consignments.length)];
  try {
    switch (op.op) {
      case 'create':
        return createConsignments(checkout, [{ address: DESTINATIONS[op.destination]!, items: op.picks.map(pick) }], ctx);
      case 'items': {
        const c = target(op.target);
        return c ? updateConsignment(checkout, c.id, { kind: 'destination', items: op.picks.map(pick) }, ctx) : checkout;
      }
      case 'address': {
        const c = target(op.target);
        return c ? updateConsignment(checkout, c.id, { kind: 'destination', address: DESTINATIONS[op.destination]! }, ctx) : checkout;
      }
      case 'select': {
        const c = target(op.target);
        const option = c?.availableShippingOptions[op.option % Math.max(1, c.availableShippingOptions.length)];
        return c && option ? updateConsignment(checkout, c.id, { kind: 'select', shippingOptionId: option.id }, ctx) : checkout;
      }
      case 'custom': {
        const c = target(op.target);
        return c ? updateConsignment(checkout, c.id, { kind: 'custom', price: op.price, description: 'Van' }, ctx) : checkout;
      }
      case 'delete': {
        const c = target(op.target);
        return c ? deleteConsignment(checkout, c.id) : checkout;
      }
      case 'cartQuantity':
        return reconcileConsignments(updateItem(checkout, lines[op.line % lines.length]!.id, { quantity: op.quantity }), ctx);
      case 'cartPrice': {
        const line = lines[op.line % lines.length]!;
        return reconcileConsignments(updateItem(checkout, line.id, { quantity: line.quantity, listPrice: op.price }), ctx);
      }
      case 'cartRemove':
        return lines.length > 1 ? reconcileConsignments(removeItem(checkout, lines[op.line % lines.length]!.id), ctx) : checkout;
    }
  } catch (error) {
    if (error instanceof DomainError) return checkout;
    throw error;
  }
}

