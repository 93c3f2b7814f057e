import type { Checkout } from './checkout.js';
import { invalid } from './errors.js';
import { MAX_MINOR, fromMinor } from './money.js';
import type { CheckoutTotals } from './totals.js';

/**
 * Refuses a checkout any of whose amounts (a line, a subtotal, a tax, a total) would pass
 * MAX_MINOR: past it, sums in minor units stop being exact and decimals stop printing exactly, so
 * a total would be silently wrong. Every number in the totals is looked at, so an amount added
 * to them later is covered too; the only numbers there besides amounts are tax rates, far below.
 *
 * @example assertAmountsWithinLimit(checkout, checkoutTotals(checkout, tax)) // throws a 422 past 9,999,999,999,999.99 USD
 */
export function assertAmountsWithinLimit(checkout: Checkout, totals: CheckoutTotals): void {
  if (!exceeds(totals)) return;
  const max = fromMinor(MAX_MINOR, checkout.currency.decimalPlaces).toFixed(checkout.currency.decimalPlaces);
  throw invalid(`This change would take an amount of the cart past ${max} ${checkout.currency.code}, the most Consign holds exactly.`, {
    amount: `must stay at most ${max}`,
  });
}

function exceeds(value: unknown): boolean {
  if (typeof value === 'number') return !(Math.abs(value) <= MAX_MINOR);
  if (value instanceof Map) return [...value.values()].some(exceeds);
  if (Array.isArray(value)) return value.some(exceeds);
  if (value !== null && typeof value === 'object') return Object.values(value).some(exceeds);
  return false;
}
