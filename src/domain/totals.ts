import type { Checkout } from './checkout.js';
import type { Consignment } from './consignment.js';
import { extendedListPrice, extendedSalePrice } from './line-items.js';
import { type Minor, sum } from './money.js';

/** Shipping and handling of one consignment: the selected option's, or nothing yet. */
export interface ConsignmentTotals {
  readonly shippingCost: Minor;
  readonly handlingCost: Minor;
}

/**
 * Every amount of a checkout, in minor units. Tax is not configured yet, so every `_inc_tax`
 * amount equals its `_ex_tax` twin; the fields exist so that presenters never change shape.
 */
export interface CheckoutTotals {
  /** Sum of list prices times quantities (upstream's `base_amount`). */
  readonly baseAmount: Minor;
  readonly discountAmount: Minor;
  /** Items after sale prices and discounts (upstream's `cart_amount`). */
  readonly cartAmount: Minor;
  readonly subtotalExTax: Minor;
  readonly subtotalIncTax: Minor;
  readonly shippingCostTotalExTax: Minor;
  readonly shippingCostTotalIncTax: Minor;
  readonly handlingCostTotalExTax: Minor;
  readonly handlingCostTotalIncTax: Minor;
  readonly taxTotal: Minor;
  readonly grandTotal: Minor;
  readonly consignments: ReadonlyMap<string, ConsignmentTotals>;
}

export function consignmentTotals(consignment: Consignment): ConsignmentTotals {
  const option = consignment.selectedShippingOption;
  return { shippingCost: option?.cost ?? 0, handlingCost: option?.handlingCost ?? 0 };
}

export function checkoutTotals(checkout: Checkout): CheckoutTotals {
  const { products, customItems, giftCertificates } = checkout.lineItems;
  const custom = sum(customItems.map((i) => i.listPrice * i.quantity));
  const gifts = sum(giftCertificates.map((g) => g.amount * g.quantity));
  const baseAmount = sum(products.map(extendedListPrice)) + custom + gifts;
  const subtotal = sum(products.map(extendedSalePrice)) + custom + gifts;
  const perConsignment = new Map(checkout.consignments.map((c) => [c.id, consignmentTotals(c)] as const));
  const shipping = sum([...perConsignment.values()].map((t) => t.shippingCost));
  const handling = sum([...perConsignment.values()].map((t) => t.handlingCost));
  const taxTotal = 0;
  return {
    baseAmount,
    discountAmount: 0,
    cartAmount: subtotal,
    subtotalExTax: subtotal,
    subtotalIncTax: subtotal,
    shippingCostTotalExTax: shipping,
    shippingCostTotalIncTax: shipping,
    handlingCostTotalExTax: handling,
    handlingCostTotalIncTax: handling,
    taxTotal,
    grandTotal: subtotal + shipping + handling + taxTotal,
    consignments: perConsignment,
  };
}
