import type { Checkout } from './checkout.js';
import { NotFoundError, invalid } from './errors.js';
import type { Minor } from './money.js';
import type { TaxConfig, TaxSettings } from './tax.js';
import { checkoutTotals } from './totals.js';

/**
 * A custom fee on a checkout (upstream's `custom_fee`), counted in totals and taxed by its class.
 * Upstream sets no minimum on `cost`: a negative fee is a discount-like fee (an app's credit, say),
 * allowed as long as the checkout's grand total stays at or above zero (docs/coupons.md).
 */
export interface Fee {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  /** Entered like prices: with or without tax, per the store's setting. */
  readonly cost: Minor;
  readonly source: string;
  /** Null: taxed by the store's fee tax class (`fee_tax_class_id`), as upstream does. */
  readonly taxClassId: number | null;
}

export const MAX_FEES = 5;

/** The class a fee is taxed by: its own, else the store's class for fees (upstream's control-panel setting). */
export function feeTaxClassId(fee: Fee, settings: TaxSettings): number {
  return fee.taxClassId ?? settings.feeTaxClassId;
}

export function addFees(checkout: Checkout, fees: readonly Fee[], tax: TaxConfig): Checkout {
  const next = [...checkout.fees, ...fees];
  if (next.length > MAX_FEES) throw invalid(`A checkout can have at most ${MAX_FEES} fees.`, { fees: `at most ${MAX_FEES}` });
  return withFees(checkout, next, tax);
}

/** Replaces fees by id; upstream's PUT is not a partial update. */
export function updateFees(checkout: Checkout, fees: readonly Fee[], tax: TaxConfig): Checkout {
  for (const fee of fees) {
    if (!checkout.fees.some((f) => f.id === fee.id)) throw new NotFoundError('resource', `Fee ${fee.id} was not found.`);
  }
  return withFees(checkout, checkout.fees.map((f) => fees.find((n) => n.id === f.id) ?? f), tax);
}

export function deleteFees(checkout: Checkout, ids: readonly string[]): Checkout {
  for (const id of ids) {
    if (!checkout.fees.some((f) => f.id === id)) throw new NotFoundError('resource', `Fee ${id} was not found.`);
  }
  return { ...checkout, fees: checkout.fees.filter((f) => !ids.includes(f.id)) };
}

function withFees(checkout: Checkout, fees: readonly Fee[], tax: TaxConfig): Checkout {
  const next = { ...checkout, fees };
  if (fees.some((f) => f.cost < 0) && checkoutTotals(next, tax).grandTotal < 0) {
    throw invalid('The fees would make the checkout\'s grand total negative; a negative fee can take off at most what the checkout comes to.', {
      fees: 'grand total would be negative',
    });
  }
  return next;
}
