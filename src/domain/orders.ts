import { type Address, type BillingAddress, missingOrderFields } from './address.js';
import type { Checkout } from './checkout.js';
import { type Consignment, isPickup } from './consignment.js';
import { DomainError } from './errors.js';
import { feeTaxClassId } from './fees.js';
import { type OrderPayment, type OrderPlacement, type OrderStatus, PLACED_WITHOUT_PAYMENT } from './payments/order-payment.js';
import type { PickupConfig } from './pickup.js';
import { type TaxConfig, type TaxLine, type TaxedAmount, untaxed } from './tax.js';
import { type CheckoutTotals, type DiscountedAmount, checkoutTotals } from './totals.js';

/**
 * Turning a checkout into an order. Upstream: "A checkout containing physical products is not
 * eligible to become an order until each of its consignments contains a selected shipping
 * option" (or a pickup option); every physical item must be in a consignment; the billing
 * address and each shipping address need the fields an order needs. Consign also refuses an
 * order whose grand total is negative (possible only through a negative fee, docs/orders.md).
 */
export function orderBlockers(checkout: Checkout, totals: CheckoutTotals): string[] {
  const blockers: string[] = [];
  if (!checkout.billingAddress) {
    blockers.push('the checkout has no billing address');
  } else {
    const missing = missingOrderFields(checkout.billingAddress);
    if (missing.length > 0) blockers.push(`the billing address lacks ${missing.join(', ')}`);
  }
  const allocated = new Set(checkout.consignments.flatMap((c) => c.lineItemIds));
  const unallocated = checkout.lineItems.products.filter((p) => p.kind === 'physical' && !allocated.has(p.id));
  if (unallocated.length > 0) {
    blockers.push(`physical item(s) ${unallocated.map((p) => `${p.id} (${p.name})`).join(', ')} are in no consignment`);
  }
  for (const consignment of checkout.consignments) {
    if (!consignment.selectedShippingOption && !isPickup(consignment)) {
      blockers.push(`consignment ${consignment.id} has no selected shipping or pickup option`);
    }
    if (!isPickup(consignment)) {
      const missing = missingOrderFields(shippingAddress(checkout, consignment.address));
      if (missing.length > 0) blockers.push(`the address of consignment ${consignment.id} lacks ${missing.join(', ')}`);
    }
  }
  if (totals.grandTotal < 0) blockers.push('the grand total is negative (a negative fee takes off more than the checkout comes to)');
  return blockers;
}

/**
 * A shipping address as the order keeps it: one without an email takes the checkout's (the
 * billing address's, else the cart's). A signed-in shopper's saved addresses carry no email, and
 * checkout-js ships to them as they are (docs/orders.md).
 */
function shippingAddress<A extends Address>(checkout: Checkout, address: A): A {
  return address.email.trim() ? address : { ...address, email: checkout.billingAddress?.email || checkout.email };
}

export function assertOrderable(checkout: Checkout, tax: TaxConfig): void {
  const blockers = orderBlockers(checkout, checkoutTotals(checkout, tax));
  if (blockers.length > 0) {
    const fields = Object.fromEntries(blockers.map((b, i) => [`order.${i}`, b]));
    throw new DomainError(422, `The checkout cannot become an order yet: ${blockers.join('; ')}.`, fields);
  }
}

/** The shape of the snapshot; an order written in another shape is not read back. */
export const ORDER_FORMAT = 2;

/**
 * What an order keeps: the checkout as it was when the order was placed, with every amount, so
 * that nothing later (catalog, shipping, tax, coupons, pickup methods, the checkout itself)
 * alters it. Ids are numbered within the order from 1, as upstream's v2 ids are integers.
 */
export interface Order {
  readonly format: typeof ORDER_FORMAT;
  readonly id: number;
  readonly checkoutId: string;
  /** Incomplete until paid, or Awaiting Payment with an offline method (docs/payments.md). */
  readonly status: OrderStatus;
  /** The payment method and its status; null (or absent, in orders placed before payments) when none was chosen. */
  readonly payment?: OrderPayment | null;
  /** A one-way mark of the storefront session that placed it: only that session may read it back. */
  readonly placedBy?: string;
  /** The hash of the token that authorises the order's card payment (docs/payments.md); never shown. */
  readonly paymentTokenHash?: string;
  readonly createdTime: string;
  readonly customerId: number;
  readonly email: string;
  readonly currencyCode: string;
  readonly decimalPlaces: number;
  readonly customerMessage: string;
  /** The basis prices were entered in: single-valued amounts (discounts, base costs) are on this side. */
  readonly pricesIncludeTax: boolean;
  readonly shippingTaxClassId: number;
  readonly billingAddress: BillingAddress;
  readonly lines: readonly OrderLine[];
  readonly consignments: readonly OrderConsignment[];
  readonly coupons: readonly OrderCoupon[];
  readonly fees: readonly OrderFee[];
  readonly taxes: readonly TaxLine[];
  readonly totals: OrderTotals;
}

export interface OrderLine extends DiscountedAmount {
  readonly id: number;
  /** The cart line it came from. */
  readonly lineItemId: string;
  readonly productId: number;
  readonly variantId: number;
  readonly sku: string;
  readonly name: string;
  readonly kind: 'physical' | 'digital' | 'custom' | 'gift_certificate';
  readonly quantity: number;
  /** One unit at its sale price; `before` is exactly this times the quantity. */
  readonly unit: TaxedAmount;
  readonly weight: number;
  /** The order consignment carrying it, or null (digital items, custom items, gift certificates). */
  readonly consignmentId: number | null;
  /** Whom a gift certificate is emailed to. */
  readonly recipientEmail?: string;
}

export interface OrderPickup {
  readonly methodId: number;
  readonly displayName: string;
  readonly collectionInstructions: string;
  readonly collectionTimeDescription: string;
  readonly location: {
    readonly id: number;
    readonly name: string;
    readonly code: string;
    readonly address: Address;
  };
}

export interface OrderConsignment {
  readonly id: number;
  /** The checkout consignment it came from. */
  readonly consignmentId: string;
  readonly lineIds: readonly number[];
  /** Null on a pickup consignment. */
  readonly address: Address | null;
  readonly pickup: OrderPickup | null;
  readonly shippingMethod: string;
  /** Before shipping coupons, what each took (upstream's `coupon_discounts`), and what is charged. */
  readonly shipping: DiscountedAmount;
  readonly handling: TaxedAmount;
}

export interface OrderCoupon {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly type: string;
  /** The coupon's own amount: minor units, or a percentage for `percentage_discount`. */
  readonly amount: number;
  /** What it took off, items and shipping together. */
  readonly discount: TaxedAmount;
}

export interface OrderFee {
  readonly id: number;
  readonly feeId: string;
  readonly name: string;
  readonly displayName: string;
  readonly source: string;
  /** The class it was taxed by: its own, or the store's fee class when it named none. */
  readonly taxClassId: number;
  readonly cost: TaxedAmount;
}

export interface OrderTotals {
  readonly subtotal: TaxedAmount;
  readonly itemDiscount: TaxedAmount;
  readonly cartAmount: TaxedAmount;
  readonly shippingBeforeDiscount: TaxedAmount;
  readonly shippingDiscount: TaxedAmount;
  readonly shipping: TaxedAmount;
  readonly handling: TaxedAmount;
  readonly fees: TaxedAmount;
  readonly taxTotal: number;
  readonly grandTotal: number;
}

export function snapshotOrder(
  id: number,
  checkout: Checkout,
  totals: CheckoutTotals,
  config: { tax: TaxConfig; pickup: PickupConfig },
  now: string,
  placement: OrderPlacement = PLACED_WITHOUT_PAYMENT,
  placedBy?: string,
): Order {
  const consignmentOf = new Map<string, number>();
  checkout.consignments.forEach((c, i) => c.lineItemIds.forEach((lineId) => consignmentOf.set(lineId, i + 1)));
  const lines: OrderLine[] = [];
  const push = (line: Omit<OrderLine, 'id' | 'consignmentId'>) => lines.push({ ...line, id: lines.length + 1, consignmentId: consignmentOf.get(line.lineItemId) ?? null });
  for (const p of checkout.lineItems.products) {
    const own = totals.lines.get(p.id)!;
    push({ lineItemId: p.id, productId: p.productId, variantId: p.variantId, sku: p.sku, name: p.name, kind: p.kind, quantity: p.quantity, unit: own.saleUnit, before: own.before, discounts: own.discounts, net: own.net, weight: p.weight });
  }
  for (const c of checkout.lineItems.customItems) {
    const own = totals.customItems.get(c.id)!;
    push({ lineItemId: c.id, productId: 0, variantId: 0, sku: c.sku, name: c.name, kind: 'custom', quantity: c.quantity, unit: own.unit, before: own.extended, discounts: [], net: own.extended, weight: 0 });
  }
  for (const g of checkout.lineItems.giftCertificates) {
    const total = untaxed(g.amount * g.quantity);
    push({ lineItemId: g.id, productId: 0, variantId: 0, sku: '', name: g.name, kind: 'gift_certificate', quantity: g.quantity, unit: untaxed(g.amount), before: total, discounts: [], net: total, weight: 0, recipientEmail: g.recipient.email });
  }
  const lineIdOf = new Map(lines.map((l) => [l.lineItemId, l.id]));
  return {
    format: ORDER_FORMAT,
    id,
    checkoutId: checkout.id,
    status: placement.status,
    payment: placement.payment,
    ...(placedBy === undefined ? {} : { placedBy }),
    createdTime: now,
    customerId: checkout.customerId,
    email: checkout.billingAddress?.email || checkout.email,
    currencyCode: checkout.currency.code,
    decimalPlaces: checkout.currency.decimalPlaces,
    customerMessage: checkout.customerMessage,
    pricesIncludeTax: config.tax.settings.pricesIncludeTax,
    shippingTaxClassId: config.tax.settings.shippingTaxClassId,
    billingAddress: checkout.billingAddress!,
    lines,
    consignments: checkout.consignments.map((c, i) => snapshotConsignment(i + 1, { ...c, address: shippingAddress(checkout, c.address) }, totals, lineIdOf, config.pickup)),
    coupons: checkout.coupons.map((c) => ({ id: c.id, code: c.code, name: c.name, type: c.type, amount: c.amount, discount: totals.couponAmounts.get(c.code)! })),
    fees: checkout.fees.map((f, i) => ({
      id: i + 1,
      feeId: f.id,
      name: f.name,
      displayName: f.displayName,
      source: f.source,
      taxClassId: feeTaxClassId(f, config.tax.settings),
      cost: totals.fees.get(f.id)!,
    })),
    taxes: totals.taxes,
    totals: {
      subtotal: totals.subtotal,
      itemDiscount: totals.itemDiscount,
      cartAmount: totals.cartAmount,
      shippingBeforeDiscount: totals.shippingCostTotal,
      shippingDiscount: totals.shippingDiscount,
      shipping: totals.shipping,
      handling: totals.handlingCostTotal,
      fees: totals.feesTotal,
      taxTotal: totals.taxTotal,
      grandTotal: totals.grandTotal,
    },
  };
}

function snapshotConsignment(id: number, consignment: Consignment, totals: CheckoutTotals, lineIdOf: ReadonlyMap<string, number>, pickup: PickupConfig): OrderConsignment {
  const own = totals.consignments.get(consignment.id)!;
  const picked = consignment.selectedPickupOption ? snapshotPickup(consignment.selectedPickupOption.pickupMethodId, consignment.address, pickup) : null;
  return {
    id,
    consignmentId: consignment.id,
    lineIds: consignment.lineItemIds.map((lineId) => lineIdOf.get(lineId)!),
    address: isPickup(consignment) ? null : consignment.address,
    pickup: picked,
    shippingMethod: picked ? picked.displayName : (consignment.selectedShippingOption?.description ?? ''),
    shipping: own.shipping,
    handling: own.handling,
  };
}

/** The pickup method and location as they are now, copied so that later edits leave the order alone. */
function snapshotPickup(methodId: number, address: Address, pickup: PickupConfig): OrderPickup {
  const method = pickup.methods.find((m) => m.id === methodId);
  const location = method && pickup.locations.find((l) => l.id === method.locationId);
  return {
    methodId,
    displayName: method?.displayName ?? '',
    collectionInstructions: method?.collectionInstructions ?? '',
    collectionTimeDescription: method?.collectionTimeDescription ?? '',
    // A pickup consignment holds its location's address (it is taxed there); it stands in when the method is gone.
    location: { id: location?.id ?? 0, name: location?.label ?? '', code: location?.code ?? '', address },
  };
}
