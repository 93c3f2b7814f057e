import { type Address, type BillingAddress, missingOrderFields } from './address.js';
import type { Checkout } from './checkout.js';
import { type Consignment, isPickup } from './consignment.js';
import { DomainError } from './errors.js';
import type { Minor } from './money.js';
import type { CheckoutTotals } from './totals.js';

/**
 * Turning a checkout into an order. Upstream: "A checkout containing physical products is not
 * eligible to become an order until each of its consignments contains a selected shipping
 * option" (or a pickup option); every physical item must be in a consignment; the billing
 * address and each shipping address need the fields an order needs.
 */
export function orderBlockers(checkout: Checkout): string[] {
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
      const missing = missingOrderFields(consignment.address);
      if (missing.length > 0) blockers.push(`the address of consignment ${consignment.id} lacks ${missing.join(', ')}`);
    }
  }
  return blockers;
}

export function assertOrderable(checkout: Checkout): void {
  const blockers = orderBlockers(checkout);
  if (blockers.length > 0) {
    const fields = Object.fromEntries(blockers.map((b, i) => [`order.${i}`, b]));
    throw new DomainError(422, `The checkout cannot become an order yet: ${blockers.join('; ')}.`, fields);
  }
}

/** What an order keeps: the checkout as it was, with its totals, so later changes alter nothing. */
export interface Order {
  readonly id: number;
  readonly checkoutId: string;
  readonly status: 'Incomplete';
  readonly createdTime: string;
  readonly customerId: number;
  readonly email: string;
  readonly currencyCode: string;
  readonly decimalPlaces: number;
  readonly customerMessage: string;
  readonly billingAddress: BillingAddress;
  readonly lines: readonly OrderLine[];
  readonly consignments: readonly OrderConsignment[];
  readonly coupons: readonly { readonly code: string; readonly type: string; readonly amount: Minor }[];
  readonly totals: OrderTotals;
}

export interface OrderLine {
  readonly id: string;
  readonly productId: number;
  readonly variantId: number;
  readonly sku: string;
  readonly name: string;
  readonly kind: 'physical' | 'digital' | 'custom' | 'gift_certificate';
  readonly quantity: number;
  readonly priceExTax: Minor;
  readonly priceIncTax: Minor;
  readonly totalExTax: Minor;
  readonly totalIncTax: Minor;
  readonly weight: number;
}

export interface OrderConsignment {
  readonly id: string;
  readonly address: Address | null;
  readonly pickupMethodId: number | null;
  readonly lineItemIds: readonly string[];
  readonly shippingMethod: string;
  readonly shippingExTax: Minor;
  readonly shippingIncTax: Minor;
  readonly handlingExTax: Minor;
  readonly handlingIncTax: Minor;
}

export interface OrderTotals {
  readonly subtotalExTax: Minor;
  readonly subtotalIncTax: Minor;
  readonly shippingExTax: Minor;
  readonly shippingIncTax: Minor;
  readonly handlingExTax: Minor;
  readonly handlingIncTax: Minor;
  readonly discountAmount: Minor;
  readonly couponDiscount: Minor;
  readonly taxTotal: Minor;
  readonly grandTotal: Minor;
}

export function snapshotOrder(id: number, checkout: Checkout, totals: CheckoutTotals, now: string): Order {
  const perUnit = (amount: Minor, quantity: number) => Math.round(amount / quantity);
  const lines: OrderLine[] = checkout.lineItems.products.map((p) => {
    const net = totals.lines.get(p.id)!.net;
    return {
      id: p.id, productId: p.productId, variantId: p.variantId, sku: p.sku, name: p.name, kind: p.kind, quantity: p.quantity,
      priceExTax: perUnit(net.exTax, p.quantity), priceIncTax: perUnit(net.incTax, p.quantity), totalExTax: net.exTax, totalIncTax: net.incTax, weight: p.weight,
    };
  });
  for (const c of checkout.lineItems.customItems) {
    const total = c.listPrice * c.quantity;
    lines.push({ id: c.id, productId: 0, variantId: 0, sku: c.sku, name: c.name, kind: 'custom', quantity: c.quantity, priceExTax: c.listPrice, priceIncTax: c.listPrice, totalExTax: total, totalIncTax: total, weight: 0 });
  }
  for (const g of checkout.lineItems.giftCertificates) {
    const total = g.amount * g.quantity;
    lines.push({ id: g.id, productId: 0, variantId: 0, sku: '', name: g.name, kind: 'gift_certificate', quantity: g.quantity, priceExTax: g.amount, priceIncTax: g.amount, totalExTax: total, totalIncTax: total, weight: 0 });
  }
  return {
    id,
    checkoutId: checkout.id,
    status: 'Incomplete',
    createdTime: now,
    customerId: checkout.customerId,
    email: checkout.billingAddress?.email || checkout.email,
    currencyCode: checkout.currency.code,
    decimalPlaces: checkout.currency.decimalPlaces,
    customerMessage: checkout.customerMessage,
    billingAddress: checkout.billingAddress!,
    lines,
    consignments: checkout.consignments.map((c) => snapshotConsignment(c, totals)),
    coupons: checkout.coupons.map((c) => ({ code: c.code, type: c.type, amount: totals.couponAmounts.get(c.code) ?? 0 })),
    totals: {
      subtotalExTax: totals.subtotalExTax,
      subtotalIncTax: totals.subtotalIncTax,
      shippingExTax: totals.shippingCostTotalExTax,
      shippingIncTax: totals.shippingCostTotalIncTax,
      handlingExTax: totals.handlingCostTotalExTax,
      handlingIncTax: totals.handlingCostTotalIncTax,
      discountAmount: totals.discountAmount,
      couponDiscount: totals.discountAmount + totals.shippingDiscount,
      taxTotal: totals.taxTotal,
      grandTotal: totals.grandTotal,
    },
  };
}

function snapshotConsignment(consignment: Consignment, totals: CheckoutTotals): OrderConsignment {
  const own = totals.consignments.get(consignment.id)!;
  return {
    id: consignment.id,
    address: isPickup(consignment) ? null : consignment.address,
    pickupMethodId: consignment.selectedPickupOption?.pickupMethodId ?? null,
    lineItemIds: consignment.lineItemIds,
    shippingMethod: isPickup(consignment) ? 'Pickup' : (consignment.selectedShippingOption?.description ?? ''),
    shippingExTax: own.shipping.exTax,
    shippingIncTax: own.shipping.incTax,
    handlingExTax: own.handling.exTax,
    handlingIncTax: own.handling.incTax,
  };
}
