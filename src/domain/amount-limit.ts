import type { Checkout } from './checkout.js';
import { invalid } from './errors.js';
import { MAX_MINOR, type Minor, fromMinor } from './money.js';
import type { TaxedAmount } from './tax.js';
import type { CheckoutTotals, DiscountedAmount } from './totals.js';

/**
 * Refuses a checkout any of whose amounts (a line, a subtotal, a tax, a total, a shipping option)
 * would pass MAX_MINOR: past it, sums in minor units stop being exact and decimals stop printing
 * exactly, so a total would be silently wrong.
 *
 * @example assertAmountsWithinLimit(checkout, checkoutTotals(checkout, tax)) // throws a 422 past 9,999,999,999,999.99 USD
 */
export function assertAmountsWithinLimit(checkout: Checkout, totals: CheckoutTotals): void {
  if (withinLimit(totals)) return;
  const max = fromMinor(MAX_MINOR, checkout.currency.decimalPlaces).toFixed(checkout.currency.decimalPlaces);
  throw invalid(`This change would take an amount of the cart past ${max} ${checkout.currency.code}, the most Consign holds exactly.`, {
    amount: `must stay at most ${max}`,
  });
}

/**
 * Looks at every figure, each time: a few comparisons per line and consignment (about 10 µs for a
 * hundred of each). Remembering which totals were already found within (a WeakSet) saved that on
 * unchanged ones but cost more on new ones than it saved: a POST of 100 consignments spent about
 * 130 µs adding them, and weak entries for short-lived objects make every young-generation
 * collection slower.
 */
function withinLimit(t: CheckoutTotals): boolean {
  if (!minorWithin(t.taxTotal) || !minorWithin(t.grandTotal)) return false;
  for (const tax of t.taxes) if (!minorWithin(tax.amount)) return false;
  for (const amount of [t.baseAmount, t.subtotal, t.itemDiscount, t.cartAmount, t.shippingCostTotal, t.shippingDiscount, t.shipping, t.handlingCostTotal, t.feesTotal]) {
    if (!taxedWithin(amount)) return false;
  }
  for (const amount of t.couponAmounts.values()) if (!taxedWithin(amount)) return false;
  for (const amount of t.fees.values()) if (!taxedWithin(amount)) return false;
  for (const item of t.customItems.values()) if (!taxedWithin(item.unit) || !taxedWithin(item.extended)) return false;
  for (const line of t.lines.values()) {
    if (!taxedWithin(line.listUnit) || !taxedWithin(line.saleUnit) || !taxedWithin(line.originalUnit) || !taxedWithin(line.extendedList) || !discountedWithin(line)) return false;
  }
  for (const consignment of t.consignments.values()) {
    if (!discountedWithin(consignment.shipping) || !taxedWithin(consignment.handling)) return false;
    for (const option of consignment.options.values()) if (!taxedWithin(option)) return false;
  }
  return true;
}

function discountedWithin(amount: DiscountedAmount): boolean {
  if (!taxedWithin(amount.before) || !taxedWithin(amount.net)) return false;
  for (const d of amount.discounts) if (!taxedWithin(d.amount)) return false;
  return true;
}

function taxedWithin(amount: TaxedAmount): boolean {
  if (!minorWithin(amount.exTax) || !minorWithin(amount.incTax)) return false;
  for (const tax of amount.taxes) if (!minorWithin(tax.amount)) return false;
  return true;
}

/** NaN is outside too. */
function minorWithin(amount: Minor): boolean {
  return Math.abs(amount) <= MAX_MINOR;
}
