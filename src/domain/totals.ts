import type { Address } from './address.js';
import type { Checkout } from './checkout.js';
import type { Consignment } from './consignment.js';
import type { ProductLineItem } from './line-items.js';
import { type CouponCut, activeCoupons, itemCouponCuts, shippingCouponCuts } from './coupons.js';
import { feeTaxClassId } from './fees.js';
import type { Minor } from './money.js';
import { type TaxConfig, type TaxLine, type TaxZone, type TaxedAmount, TaxedSum, matchTaxZone, subtractTaxed, sumTaxed, taxAmount, timesTaxed, untaxed } from './tax.js';

/**
 * Every amount of a checkout, computed in one pass from the checkout and the store's tax rules.
 * Presenters only pick from this; no amount is computed anywhere else. The model (docs/tax.md):
 *
 * - Every amount is a `TaxedAmount`: an ex-tax and an inc-tax figure that differ by exactly the
 *   tax listed for it. One side is the entered amount (prices are entered with or without tax).
 * - A line before discounts is its quantity times one unit taxed on its own, so per-unit and
 *   per-line figures always agree. A discount is taken off in the entered basis; what is left
 *   is taxed once as one amount, and the discount's own ex/inc pair is the difference, so
 *   "before - discount = after" holds on both sides to the cent.
 * - What is charged (items after discounts, each consignment's shipping after shipping coupons,
 *   handling, fees) adds up to `grandTotal` on either side; its taxes add up to `taxTotal`.
 */
export interface DiscountedAmount {
  /** Before any coupon. */
  readonly before: TaxedAmount;
  /** What each coupon took, in the order applied. */
  readonly discounts: readonly CouponShare[];
  /** After the coupons: what is charged. */
  readonly net: TaxedAmount;
}

export interface CouponShare {
  readonly code: string;
  readonly amount: TaxedAmount;
}

/** A product line; `before` is the extended sale price (sale unit times quantity). */
export interface LineTotals extends DiscountedAmount {
  readonly listUnit: TaxedAmount;
  readonly saleUnit: TaxedAmount;
  readonly originalUnit: TaxedAmount;
  readonly extendedList: TaxedAmount;
}

/** A custom item: no coupon applies to it. */
export interface CustomItemTotals {
  readonly unit: TaxedAmount;
  readonly extended: TaxedAmount;
}

export interface ConsignmentTotals {
  /** The selected option's shipping: before, taken off by shipping coupons, and charged. */
  readonly shipping: DiscountedAmount;
  readonly handling: TaxedAmount;
  /** Each available (and the selected) option's cost, taxed at this consignment's address, for display. */
  readonly options: ReadonlyMap<string, TaxedAmount>;
}

export interface CheckoutTotals {
  /** List prices times quantities, custom items and gift certificates (upstream's `base_amount`). */
  readonly baseAmount: TaxedAmount;
  /** Items before item-level discounts (upstream's `subtotal_*`). */
  readonly subtotal: TaxedAmount;
  /** What item coupons took off the items. */
  readonly itemDiscount: TaxedAmount;
  /** Items after discounts (upstream's `cart_amount_*`). */
  readonly cartAmount: TaxedAmount;
  /** Shipping before any discount (upstream's `shipping_cost_total_*`). */
  readonly shippingCostTotal: TaxedAmount;
  /** What shipping coupons took off, over all consignments. */
  readonly shippingDiscount: TaxedAmount;
  /** Shipping as charged, after shipping coupons. */
  readonly shipping: TaxedAmount;
  readonly handlingCostTotal: TaxedAmount;
  readonly feesTotal: TaxedAmount;
  readonly taxes: readonly TaxLine[];
  readonly taxTotal: Minor;
  /** What is charged, inc tax: items after discounts + shipping after discounts + handling + fees. */
  readonly grandTotal: Minor;
  /** What each applied coupon takes off, items and shipping together (zero while its minimum is not met). */
  readonly couponAmounts: ReadonlyMap<string, TaxedAmount>;
  readonly lines: ReadonlyMap<string, LineTotals>;
  readonly customItems: ReadonlyMap<string, CustomItemTotals>;
  readonly consignments: ReadonlyMap<string, ConsignmentTotals>;
  readonly fees: ReadonlyMap<string, TaxedAmount>;
}

/** No coupon cuts: one value for every line and consignment without any. */
const NO_CUTS: readonly CouponCut[] = [];

/** Totals already computed, by checkout and tax rules (both immutable): a change is checked (amount-limit.ts) and then presented with one computation. */
const computed = new WeakMap<Checkout, { readonly tax: TaxConfig; readonly totals: CheckoutTotals }>();

export function checkoutTotals(checkout: Checkout, tax: TaxConfig): CheckoutTotals {
  const known = computed.get(checkout);
  if (known?.tax === tax) return known.totals;
  const totals = computeTotals(checkout, tax);
  computed.set(checkout, { tax, totals });
  return totals;
}

function computeTotals(checkout: Checkout, tax: TaxConfig): CheckoutTotals {
  const { products, customItems, giftCertificates } = checkout.lineItems;
  const { pricesIncludeTax, shippingTaxClassId } = tax.settings;
  const zoneFor = taxZoneFinder(checkout, tax);
  const taxer = taxers(pricesIncludeTax);
  const coupons = activeCoupons(checkout);
  const itemCuts = itemCouponCuts(products, coupons);

  const lines = new Map<string, LineTotals>();
  for (const line of products) {
    const zone = zoneFor(line.id);
    const cuts = itemCuts.get(line.id) ?? NO_CUTS;
    const totals = recalled(lineTotals, line, zone, tax, cuts) ?? remember(lineTotals, line, zone, tax, cuts, totalsOfLine(line, cuts, taxer(line.isTaxable ? line.taxClassId : null, zone)));
    lines.set(line.id, totals);
  }
  const customs = new Map<string, CustomItemTotals>();
  for (const item of customItems) {
    const unit = taxer(0, zoneFor(undefined))(item.listPrice);
    customs.set(item.id, { unit, extended: timesTaxed(unit, item.quantity) });
  }
  const gifts = giftCertificates.map((g) => untaxed(g.amount * g.quantity));

  const consignments = new Map<string, ConsignmentTotals>();
  for (const consignment of checkout.consignments) {
    const zone = zoneFor(consignment.lineItemIds[0]);
    const cuts = coupons.length === 0 ? NO_CUTS : shippingCouponCuts(coupons, consignment.selectedShippingOption?.cost ?? 0);
    const totals =
      recalled(consignmentTotals, consignment, zone, tax, cuts) ?? remember(consignmentTotals, consignment, zone, tax, cuts, totalsOfConsignment(consignment, cuts, taxer(shippingTaxClassId, zone)));
    consignments.set(consignment.id, totals);
  }

  const fees = new Map(checkout.fees.map((f) => [f.id, taxer(feeTaxClassId(f, tax.settings), zoneFor(undefined))(f.cost)] as const));

  // Each figure is summed in one pass over the lines and one over the consignments, in the
  // order they are listed (which is also the order taxes are listed in).
  const baseAmount = new TaxedSum();
  const subtotal = new TaxedSum();
  const itemDiscount = new TaxedSum();
  const cart = new TaxedSum();
  const shares = new Map(checkout.coupons.map((c) => [c.code, new TaxedSum()] as const));
  for (const line of lines.values()) {
    baseAmount.add(line.extendedList);
    subtotal.add(line.before);
    cart.add(line.net);
    for (const share of line.discounts) {
      itemDiscount.add(share.amount);
      shares.get(share.code)?.add(share.amount);
    }
  }
  const others = [...[...customs.values()].map((c) => c.extended), ...gifts];
  for (const other of others) {
    baseAmount.add(other);
    subtotal.add(other);
    cart.add(other);
  }
  const shippingCostTotal = new TaxedSum();
  const shippingDiscount = new TaxedSum();
  const shippingNet = new TaxedSum();
  const handling = new TaxedSum();
  for (const { shipping, handling: cost } of consignments.values()) {
    shippingCostTotal.add(shipping.before);
    shippingNet.add(shipping.net);
    handling.add(cost);
    for (const share of shipping.discounts) {
      shippingDiscount.add(share.amount);
      shares.get(share.code)?.add(share.amount);
    }
  }
  const cartAmount = cart.total();
  const shipping = shippingNet.total();
  const handlingCostTotal = handling.total();
  const feesTotal = sumTaxed([...fees.values()]);
  const charged = sumTaxed([cartAmount, shipping, handlingCostTotal, feesTotal]);
  const couponAmounts = new Map([...shares].map(([code, sum]) => [code, sum.total()] as const));

  return {
    baseAmount: baseAmount.total(),
    subtotal: subtotal.total(),
    itemDiscount: itemDiscount.total(),
    cartAmount,
    shippingCostTotal: shippingCostTotal.total(),
    shippingDiscount: shippingDiscount.total(),
    shipping,
    handlingCostTotal,
    feesTotal,
    taxes: charged.taxes,
    taxTotal: charged.incTax - charged.exTax,
    grandTotal: charged.incTax,
    couponAmounts,
    lines,
    customItems: customs,
    consignments,
    fees,
  };
}

/**
 * The totals of a line or a consignment follow from the object, the tax zone of its destination,
 * the store's tax rules and the coupon cuts it receives. Domain objects are immutable, so without
 * cuts (no coupon reaches it) they are kept per object: on a large checkout a request then computes
 * only what changed, and the presenters can reuse what they made of an unchanged result.
 */
const lineTotals = new WeakMap<ProductLineItem, Remembered<LineTotals>>();
const consignmentTotals = new WeakMap<Consignment, Remembered<ConsignmentTotals>>();

interface Remembered<T> {
  readonly zone: TaxZone | undefined;
  readonly tax: TaxConfig;
  readonly totals: T;
}

/** The totals kept for `key` when nothing but its own object, zone and tax rules went into them (no coupon cuts). */
function recalled<K extends object, T>(memo: WeakMap<K, Remembered<T>>, key: K, zone: TaxZone | undefined, tax: TaxConfig, cuts: readonly CouponCut[]): T | undefined {
  if (cuts.length > 0) return undefined;
  const known = memo.get(key);
  return known && known.zone === zone && known.tax === tax ? known.totals : undefined;
}

/** `totals`, kept for `key` when no coupon cut went into them. */
function remember<K extends object, T>(memo: WeakMap<K, Remembered<T>>, key: K, zone: TaxZone | undefined, tax: TaxConfig, cuts: readonly CouponCut[], totals: T): T {
  if (cuts.length === 0) memo.set(key, { zone, tax, totals });
  return totals;
}

function totalsOfLine(line: ProductLineItem, cuts: readonly CouponCut[], taxed: (amount: Minor) => TaxedAmount): LineTotals {
  const saleUnit = taxed(line.salePrice);
  const listUnit = taxed(line.listPrice);
  // Named rather than spread: V8 builds a spread that adds keys many times slower.
  const { before, discounts, net } = discounted(timesTaxed(saleUnit, line.quantity), line.salePrice * line.quantity, cuts, taxed);
  return { before, discounts, net, listUnit, saleUnit, originalUnit: taxed(line.originalPrice), extendedList: timesTaxed(listUnit, line.quantity) };
}

function totalsOfConsignment(consignment: Consignment, cuts: readonly CouponCut[], taxed: (amount: Minor) => TaxedAmount): ConsignmentTotals {
  const option = consignment.selectedShippingOption;
  const cost = option?.cost ?? 0;
  return {
    shipping: discounted(taxed(cost), cost, cuts, taxed),
    handling: taxed(option?.handlingCost ?? 0),
    options: optionCosts(consignment, taxed),
  };
}

/**
 * Taxes amounts for one computation, each amount once per tax class and zone: on a large checkout
 * the same few recur (the units of lines split from one line, the options of consignments quoted
 * alike), and a TaxedAmount is never changed, so one object serves every place it appears.
 */
function taxers(pricesIncludeTax: boolean): (classId: number | null, zone: TaxZone | undefined) => (amount: Minor) => TaxedAmount {
  const byZone = new Map<TaxZone | undefined, Map<number | null, (amount: Minor) => TaxedAmount>>();
  return (classId, zone) => {
    let byClass = byZone.get(zone);
    if (!byClass) byZone.set(zone, (byClass = new Map()));
    let taxed = byClass.get(classId);
    if (!taxed) {
      const amounts = new Map<Minor, TaxedAmount>();
      taxed = (amount) => {
        let known = amounts.get(amount);
        if (!known) amounts.set(amount, (known = taxAmount(amount, classId, zone, pricesIncludeTax)));
        return known;
      };
      byClass.set(classId, taxed);
    }
    return taxed;
  };
}

/** Each available option's cost and the selected option's (a custom one is not among those available), taxed. */
function optionCosts(consignment: Consignment, taxed: (amount: Minor) => TaxedAmount): Map<string, TaxedAmount> {
  const options = new Map<string, TaxedAmount>();
  for (const o of consignment.availableShippingOptions) options.set(o.id, taxed(o.cost));
  const selected = consignment.selectedShippingOption;
  if (selected) options.set(selected.id, taxed(selected.cost));
  return options;
}

/**
 * Takes coupon cuts (entered basis) off an amount one after another. What is left after each is
 * taxed once as one amount; each cut's taxed figures are what it changed, so they telescope: the
 * cuts add up to exactly `before - net`, side by side and rate by rate.
 */
function discounted(before: TaxedAmount, entered: Minor, cuts: readonly CouponCut[], taxed: (amount: Minor) => TaxedAmount): DiscountedAmount {
  let current = before;
  let left = entered;
  const discounts: CouponShare[] = [];
  for (const cut of cuts) {
    left -= cut.amount;
    const next = taxed(left);
    discounts.push({ code: cut.code, amount: subtractTaxed(current, next) });
    current = next;
  }
  return { before, discounts, net: current };
}

/**
 * Where each line is taxed: at the address of the consignment carrying it; otherwise (digital
 * items, custom items, fees, lines not yet in a consignment) at the billing address, or failing
 * that the first consignment's address. With neither, nothing is taxed yet.
 */
function taxZoneFinder(checkout: Checkout, tax: TaxConfig): (lineId: string | undefined) => TaxZone | undefined {
  // Matched once per country and state: a large checkout ships to a few places many times.
  const matched = new Map<string, Map<string, TaxZone | undefined>>();
  const zoneAt = (address: Address | null | undefined) => {
    if (!address?.countryCode) return undefined;
    let byState = matched.get(address.countryCode);
    if (!byState) matched.set(address.countryCode, (byState = new Map()));
    if (byState.has(address.stateOrProvinceCode)) return byState.get(address.stateOrProvinceCode);
    const zone = matchTaxZone(tax.zones, { countryCode: address.countryCode, stateCode: address.stateOrProvinceCode });
    byState.set(address.stateOrProvinceCode, zone);
    return zone;
  };
  const byLine = new Map<string, TaxZone | undefined>();
  for (const c of checkout.consignments) {
    const zone = zoneAt(c.address);
    for (const id of c.lineItemIds) byLine.set(id, zone);
  }
  // The billing address decides when it has a country, even where no zone taxes it.
  const fallback = checkout.billingAddress?.countryCode ? zoneAt(checkout.billingAddress) : zoneAt(checkout.consignments[0]?.address);
  return (lineId) => (lineId !== undefined && byLine.has(lineId) ? byLine.get(lineId) : fallback);
}
