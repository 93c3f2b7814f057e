import fc from 'fast-check';
import { EMPTY_ADDRESS } from '../../src/domain/address.js';
import type { Checkout } from '../../src/domain/checkout.js';
import { createConsignments, updateConsignment } from '../../src/domain/consignments.js';
import { COUPON_TYPES, type Coupon } from '../../src/domain/coupons.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Fee } from '../../src/domain/fees.js';
import type { CustomItem, GiftCertificate, ProductLineItem } from '../../src/domain/line-items.js';
import { currencyFor } from '../../src/domain/money.js';
import { DEFAULT_TAX_CLASS, type TaxConfig } from '../../src/domain/tax.js';
import { DESTINATIONS, context } from './checkout-arbitraries.js';

/**
 * Checkouts as they stand when money matters: several priced lines (two tax classes, some not
 * taxable), custom items and gift certificates, one to three shipping consignments with an option
 * selected, a billing address, a coupon of any type, fees (some negative, some naming no class),
 * and tax rules for both ways of entering prices. Built from the domain's own commands, so every
 * consignment is one the API could have made. Shipping destinations are the four with shipping
 * zones in `checkout-arbitraries.ts`; Canada's zone adds handling.
 */
export interface PricedScenario {
  readonly checkout: Checkout;
  readonly tax: TaxConfig;
}

const percent = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 5, arbitrary: fc.integer({ min: 1, max: 1500 }).map((h) => h / 100) });

const taxConfig: fc.Arbitrary<TaxConfig> = fc
  .record({
    inclusive: fc.boolean(),
    display: fc.boolean(),
    shippingClass: fc.constantFrom(0, 1),
    feeClass: fc.constantFrom(0, 1),
    rates: fc.array(percent, { minLength: 8, maxLength: 8 }),
  })
  .map(({ inclusive, display, shippingClass, feeClass, rates: r }): TaxConfig => ({
    classes: [DEFAULT_TAX_CLASS, { id: 1, name: 'Reduced' }],
    settings: { pricesIncludeTax: inclusive, displayPricesIncludingTax: display, shippingTaxClassId: shippingClass, feeTaxClassId: feeClass },
    zones: [
      { id: 1, name: 'Texas', enabled: true, locations: [{ countryCode: 'US', subdivisionCodes: ['TX'] }], rates: [
        { id: 1, name: 'State', enabled: true, classRates: { 0: r[0]!, 1: r[1]! } },
        { id: 2, name: 'Local', enabled: true, classRates: { 0: r[2]! } },
      ] },
      { id: 2, name: 'US', enabled: true, locations: [{ countryCode: 'US', subdivisionCodes: [] }], rates: [{ id: 1, name: 'Federal', enabled: true, classRates: { 0: r[3]!, 1: r[4]! } }] },
      { id: 3, name: 'Canada', enabled: true, locations: [{ countryCode: 'CA', subdivisionCodes: [] }], rates: [
        { id: 1, name: 'GST', enabled: true, classRates: { 0: r[5]!, 1: r[6]! } },
        { id: 2, name: 'PST', enabled: true, classRates: { 0: r[7]! } },
      ] },
    ],
  }));

const lineSpec = fc.record({
  price: fc.integer({ min: 1, max: 20_000 }),
  onSale: fc.boolean(),
  quantity: fc.integer({ min: 1, max: 5 }),
  digital: fc.constantFrom(false, false, false, true),
  taxClassId: fc.constantFrom(0, 0, 1),
  isTaxable: fc.constantFrom(true, true, true, false),
  group: fc.nat(2),
});

const coupon: fc.Arbitrary<Coupon> = fc
  .record({
    type: fc.constantFrom(...COUPON_TYPES),
    amount: fc.integer({ min: 1, max: 3000 }),
    percent: fc.integer({ min: 1, max: 100 }),
    minPurchase: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }) }),
    productIds: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.subarray([1, 2, 3, 4, 5, 6], { minLength: 1 }) }),
  })
  .map((c) => ({ id: 7, code: 'CODE', name: `${c.type} coupon`, type: c.type, amount: c.type === 'percentage_discount' ? c.percent : c.amount, minPurchase: c.minPurchase, enabled: true, productIds: c.productIds }));

const fee = fc.record({ cost: fc.integer({ min: -1500, max: 5000 }), taxClassId: fc.constantFrom(null, 0, 1) });

export const pricedScenario: fc.Arbitrary<PricedScenario> = fc
  .record({
    lines: fc.array(lineSpec, { minLength: 1, maxLength: 6 }),
    customItems: fc.array(fc.record({ price: fc.integer({ min: 1, max: 5000 }), quantity: fc.integer({ min: 1, max: 3 }) }), { maxLength: 2 }),
    gifts: fc.array(fc.integer({ min: 100, max: 10_000 }), { maxLength: 1 }),
    destinations: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 3, maxLength: 3 }),
    options: fc.array(fc.nat(5), { minLength: 3, maxLength: 3 }),
    unselected: fc.array(fc.constantFrom(false, false, false, false, false, false, true), { minLength: 3, maxLength: 3 }),
    billing: fc.option(fc.nat(4), { freq: 5 }),
    coupon: fc.option(coupon, { freq: 8 }),
    fees: fc.array(fee, { maxLength: 3 }),
    tax: taxConfig,
  })
  .map((s) => ({ checkout: build(s), tax: s.tax }));

function build(s: {
  lines: { price: number; onSale: boolean; quantity: number; digital: boolean; taxClassId: number; isTaxable: boolean; group: number }[];
  customItems: { price: number; quantity: number }[];
  gifts: number[];
  destinations: number[];
  options: number[];
  unselected: boolean[];
  billing: number | null;
  coupon: Coupon | null;
  fees: { cost: number; taxClassId: number | null }[];
}): Checkout {
  const products: ProductLineItem[] = s.lines.map((l, i) => ({
    id: `line-${i}`, kind: l.digital ? 'digital' : 'physical', productId: i + 1, variantId: i + 1, sku: `SKU${i}`, name: `Item ${i}`, url: '', imageUrl: '',
    quantity: l.quantity, listPrice: l.price, salePrice: l.onSale ? Math.ceil(l.price * 0.8) : l.price, originalPrice: l.price, hasPriceOverride: false,
    weight: 0.5 + i, isTaxable: l.isTaxable, taxClassId: l.taxClassId, isFreeShipping: false, fixedShippingPrice: 0, options: [],
  }));
  const customItems: CustomItem[] = s.customItems.map((c, i) => ({ id: `custom-${i}`, sku: `C${i}`, name: `Custom ${i}`, quantity: c.quantity, listPrice: c.price, imageUrl: '' }));
  const giftCertificates: GiftCertificate[] = s.gifts.map((amount, i) => ({
    id: `gift-${i}`, name: 'Gift', theme: 'General', amount, quantity: 1, sender: { name: 'a', email: 'a@example.com' }, recipient: { name: 'b', email: 'b@example.com' }, message: '',
  }));
  const fees: Fee[] = s.fees.map((f, i) => ({ id: `fee-${i}`, name: 'fee', displayName: 'Fee', cost: f.cost, source: 'test', taxClassId: f.taxClassId }));
  let checkout: Checkout = {
    id: 'cart', storeId: 1, channelId: 1, customerId: 0, email: 'a@example.com', locale: 'en', currency: currencyFor('USD')!,
    lineItems: { products, customItems, giftCertificates },
    billingAddress: s.billing === null ? null : { ...DESTINATIONS[s.billing]!, id: 'billing' },
    consignments: [], coupons: s.coupon ? [s.coupon] : [], fees, customerMessage: '', orderId: null, version: 1, createdTime: '', updatedTime: '',
  };
  const ctx = context();
  const groups = [0, 1, 2].map((g) => products.filter((p, i) => p.kind === 'physical' && s.lines[i]!.group === g));
  const requests = groups
    .map((lines, g) => ({ address: { ...EMPTY_ADDRESS, ...DESTINATIONS[s.destinations[g]!]! }, items: lines.map((l) => ({ itemId: l.id, quantity: l.quantity })) }))
    .filter((r) => r.items.length > 0);
  if (requests.length > 0) checkout = createConsignments(checkout, requests, ctx);
  checkout.consignments.forEach((c, g) => {
    const option = c.availableShippingOptions[s.options[g]! % Math.max(1, c.availableShippingOptions.length)];
    if (!option || s.unselected[g]) return;
    try {
      checkout = updateConsignment(checkout, c.id, { kind: 'select', shippingOptionId: option.id }, ctx);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  });
  return checkout;
}
