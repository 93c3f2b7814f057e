import type { Address } from './address.js';
import type { Checkout } from './checkout.js';
import type { Coupon } from './coupons.js';
import type { ProductLineItem } from './line-items.js';
import { type Minor, percentOf, sum } from './money.js';
import { type TaxConfig, type TaxZone, type TaxedAmount, matchTaxZone, taxAmount } from './tax.js';

/**
 * Every amount of a checkout, in minor units, computed in one pass from the checkout and the
 * store's tax rules. Presenters only pick from this; no amount is computed anywhere else.
 *
 * Amounts are "entered" amounts (with or without tax, per the store setting) until taxed; each
 * `exTax`/`incTax` pair comes from one call to `taxAmount`, so the pairs always differ by exactly
 * the tax listed for them.
 */
export interface LineTotals {
  /** Coupon discounts on this line (item coupons and its share of order coupons), entered basis. */
  readonly discount: Minor;
  /** The line after discounts. */
  readonly net: TaxedAmount;
  /** One unit at list price and at sale price, and the line before discounts, for display. */
  readonly listUnit: TaxedAmount;
  readonly saleUnit: TaxedAmount;
  readonly extendedList: TaxedAmount;
  readonly extendedSale: TaxedAmount;
}

export interface ConsignmentTotals {
  /** The selected option's shipping before discounts. */
  readonly shipping: TaxedAmount;
  readonly handling: TaxedAmount;
  readonly couponDiscounts: readonly { readonly code: string; readonly amount: Minor }[];
  /** Each available (and the selected) option's cost, taxed at this consignment's address, for display. */
  readonly options: ReadonlyMap<string, TaxedAmount>;
}

export interface CheckoutTotals {
  /** Sum of list prices times quantities (upstream's `base_amount`). */
  readonly baseAmount: Minor;
  /** Item-level discounts from coupons. */
  readonly discountAmount: Minor;
  /** Items after sale prices and discounts. */
  readonly cartAmountExTax: Minor;
  readonly cartAmountIncTax: Minor;
  /** Items before item-level discounts. */
  readonly subtotalExTax: Minor;
  readonly subtotalIncTax: Minor;
  /** Before shipping discounts, as upstream documents. */
  readonly shippingCostTotalExTax: Minor;
  readonly shippingCostTotalIncTax: Minor;
  readonly shippingDiscount: Minor;
  readonly handlingCostTotalExTax: Minor;
  readonly handlingCostTotalIncTax: Minor;
  readonly feesExTax: Minor;
  readonly taxes: readonly { readonly name: string; readonly amount: Minor }[];
  readonly taxTotal: Minor;
  /** Items after discounts + shipping after discounts + handling + fees, all ex tax, + tax. */
  readonly grandTotal: Minor;
  /** What each applied coupon takes off, by code (zero while its minimum purchase is not met). */
  readonly couponAmounts: ReadonlyMap<string, Minor>;
  readonly lines: ReadonlyMap<string, LineTotals>;
  readonly consignments: ReadonlyMap<string, ConsignmentTotals>;
  readonly fees: ReadonlyMap<string, TaxedAmount>;
}

const NOT_TAXED = (amount: Minor): TaxedAmount => ({ exTax: amount, incTax: amount, taxes: [] });

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
  const taxed = (amount: Minor, classId: number | null, zone: TaxZone | undefined) => taxAmount(amount, classId, zone, pricesIncludeTax);

  const itemsBase = sum(products.map((p) => p.salePrice * p.quantity));
  const coupons = checkout.coupons.filter((c) => itemsBase >= c.minPurchase);
  const discounts = itemDiscounts(products, coupons);

  const lines = new Map<string, LineTotals>();
  const before: TaxedAmount[] = [];
  for (const line of products) {
    const zone = zoneFor(line.id);
    const classId = line.isTaxable ? line.taxClassId : null;
    const gross = line.salePrice * line.quantity;
    const discount = discounts.byLine.get(line.id) ?? 0;
    const extendedSale = taxed(gross, classId, zone);
    before.push(extendedSale);
    lines.set(line.id, {
      discount,
      net: taxed(gross - discount, classId, zone),
      listUnit: taxed(line.listPrice, classId, zone),
      saleUnit: taxed(line.salePrice, classId, zone),
      extendedList: taxed(line.listPrice * line.quantity, classId, zone),
      extendedSale,
    });
  }
  const customs = customItems.map((c) => taxed(c.listPrice * c.quantity, 0, zoneFor(undefined)));
  const gifts = giftCertificates.map((g) => NOT_TAXED(g.amount * g.quantity));

  const consignments = new Map<string, ConsignmentTotals>();
  for (const consignment of checkout.consignments) {
    const zone = zoneFor(consignment.lineItemIds[0]);
    const option = consignment.selectedShippingOption;
    const cost = option?.cost ?? 0;
    const couponDiscounts = shippingDiscounts(coupons, cost);
    consignments.set(consignment.id, {
      shipping: taxed(cost, shippingTaxClassId, zone),
      handling: taxed(option?.handlingCost ?? 0, shippingTaxClassId, zone),
      couponDiscounts,
      options: new Map(
        [...consignment.availableShippingOptions, ...(option ? [option] : [])].map((o) => [o.id, taxed(o.cost, shippingTaxClassId, zone)] as const),
      ),
    });
  }
  const shippingDiscount = sum([...consignments.values()].flatMap((c) => c.couponDiscounts.map((d) => d.amount)));
  // Tax on shipping is on what the shopper pays for it, after shipping discounts.
  const shippingNet = [...checkout.consignments].map((c) => {
    const t = consignments.get(c.id)!;
    const paid = (c.selectedShippingOption?.cost ?? 0) - sum(t.couponDiscounts.map((d) => d.amount));
    return taxed(paid, shippingTaxClassId, zoneFor(c.lineItemIds[0]));
  });

  const fees = new Map(checkout.fees.map((f) => [f.id, taxed(f.cost, f.taxClassId, zoneFor(undefined))] as const));

  const nets = [...lines.values()].map((l) => l.net);
  const charged = [...nets, ...customs, ...gifts, ...shippingNet, ...[...consignments.values()].map((c) => c.handling), ...fees.values()];
  const taxes = groupTaxes(charged);
  const taxTotal = sum(taxes.map((t) => t.amount));
  const exTax = (amounts: readonly TaxedAmount[]) => sum(amounts.map((a) => a.exTax));
  const incTax = (amounts: readonly TaxedAmount[]) => sum(amounts.map((a) => a.incTax));
  const others = [...customs, ...gifts];
  const handlings = [...consignments.values()].map((c) => c.handling);

  const couponAmounts = new Map<string, Minor>(checkout.coupons.map((c) => [c.code, 0]));
  for (const [code, amount] of discounts.byCoupon) couponAmounts.set(code, (couponAmounts.get(code) ?? 0) + amount);
  for (const c of consignments.values()) for (const d of c.couponDiscounts) couponAmounts.set(d.code, (couponAmounts.get(d.code) ?? 0) + d.amount);

  return {
    baseAmount: sum(products.map((p) => p.listPrice * p.quantity)) + sum(customItems.map((c) => c.listPrice * c.quantity)) + sum(gifts.map((g) => g.exTax)),
    discountAmount: discounts.total,
    cartAmountExTax: exTax(nets) + exTax(others),
    cartAmountIncTax: incTax(nets) + incTax(others),
    subtotalExTax: exTax(before) + exTax(others),
    subtotalIncTax: incTax(before) + incTax(others),
    shippingCostTotalExTax: exTax([...consignments.values()].map((c) => c.shipping)),
    shippingCostTotalIncTax: incTax([...consignments.values()].map((c) => c.shipping)),
    shippingDiscount,
    handlingCostTotalExTax: exTax(handlings),
    handlingCostTotalIncTax: incTax(handlings),
    feesExTax: exTax([...fees.values()]),
    taxes,
    taxTotal,
    grandTotal: exTax(charged) + taxTotal,
    couponAmounts,
    lines,
    consignments,
    fees,
  };
}

/**
 * Where each line is taxed: at the address of the consignment carrying it; otherwise (digital
 * items, custom items, fees, lines not yet in a consignment) at the billing address, or failing
 * that the first consignment's address. With neither, nothing is taxed yet.
 */
function taxZoneFinder(checkout: Checkout, tax: TaxConfig): (lineId: string | undefined) => TaxZone | undefined {
  const zoneAt = (address: Address | null | undefined) =>
    address?.countryCode ? matchTaxZone(tax.zones, { countryCode: address.countryCode, stateCode: address.stateOrProvinceCode }) : undefined;
  const byLine = new Map<string, TaxZone | undefined>();
  for (const c of checkout.consignments) {
    const zone = zoneAt(c.address);
    for (const id of c.lineItemIds) byLine.set(id, zone);
  }
  // The billing address decides when it has a country, even where no zone taxes it.
  const fallback = checkout.billingAddress?.countryCode ? zoneAt(checkout.billingAddress) : zoneAt(checkout.consignments[0]?.address);
  return (lineId) => (lineId !== undefined && byLine.has(lineId) ? byLine.get(lineId) : fallback);
}

/** Item-level coupon discounts per line, and what each coupon took. */
function itemDiscounts(products: readonly ProductLineItem[], coupons: readonly Coupon[]) {
  const byLine = new Map<string, Minor>();
  const byCoupon = new Map<string, Minor>();
  const add = (coupon: Coupon, line: ProductLineItem, amount: Minor) => {
    const room = line.salePrice * line.quantity - (byLine.get(line.id) ?? 0);
    const taken = Math.max(0, Math.min(amount, room));
    byLine.set(line.id, (byLine.get(line.id) ?? 0) + taken);
    byCoupon.set(coupon.code, (byCoupon.get(coupon.code) ?? 0) + taken);
  };
  for (const coupon of coupons) {
    const eligible = products.filter((p) => coupon.productIds.length === 0 || coupon.productIds.includes(p.productId));
    switch (coupon.type) {
      case 'per_item_discount':
        for (const line of eligible) add(coupon, line, coupon.amount * line.quantity);
        break;
      case 'percentage_discount':
        for (const line of eligible) add(coupon, line, percentOf(line.salePrice * line.quantity, coupon.amount));
        break;
      case 'per_total_discount': {
        const shares = shareOut(coupon.amount, eligible.map((l) => l.salePrice * l.quantity - (byLine.get(l.id) ?? 0)));
        eligible.forEach((line, i) => add(coupon, line, shares[i]!));
        break;
      }
      case 'shipping_discount':
      case 'free_shipping':
        break;
    }
  }
  return { byLine, byCoupon, total: sum([...byLine.values()]) };
}

/**
 * Splits `amount` (capped at the total of `weights`) in proportion to the weights, in whole minor
 * units that add up exactly: the largest remainders get the leftover units.
 */
export function shareOut(amount: Minor, weights: readonly Minor[]): Minor[] {
  const total = sum(weights);
  const capped = Math.min(amount, total);
  if (total <= 0 || capped <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (capped * w) / total);
  const shares = exact.map(Math.floor);
  let left = capped - sum(shares);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}

/**
 * Shipping coupons apply to each consignment on its own: `shipping_discount` takes its amount off
 * every consignment's shipping (never below zero), `free_shipping` takes all of it. Handling is
 * not shipping and stays (docs/coupons.md).
 */
function shippingDiscounts(coupons: readonly Coupon[], cost: Minor): { code: string; amount: Minor }[] {
  let left = cost;
  const result: { code: string; amount: Minor }[] = [];
  for (const coupon of coupons) {
    const wanted = coupon.type === 'free_shipping' ? left : coupon.type === 'shipping_discount' ? Math.min(coupon.amount, left) : 0;
    if (wanted > 0) {
      result.push({ code: coupon.code, amount: wanted });
      left -= wanted;
    }
  }
  return result;
}

function groupTaxes(amounts: readonly TaxedAmount[]): { name: string; amount: Minor }[] {
  const byName = new Map<string, Minor>();
  for (const a of amounts) for (const t of a.taxes) byName.set(t.name, (byName.get(t.name) ?? 0) + t.amount);
  return [...byName].map(([name, amount]) => ({ name, amount }));
}
