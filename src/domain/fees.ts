import type { Checkout } from './checkout.js';
import { NotFoundError, invalid } from './errors.js';
import type { Minor } from './money.js';

/** A custom fee on a checkout (upstream's `custom_fee`), counted in totals and taxed by its class. */
export interface Fee {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  /** Entered like prices: with or without tax, per the store's setting. */
  readonly cost: Minor;
  readonly source: string;
  /** Null: the fee is not taxed. */
  readonly taxClassId: number | null;
}

export const MAX_FEES = 5;

export function addFees(checkout: Checkout, fees: readonly Fee[]): Checkout {
  const next = [...checkout.fees, ...fees];
  if (next.length > MAX_FEES) throw invalid(`A checkout can have at most ${MAX_FEES} fees.`, { fees: `at most ${MAX_FEES}` });
  return { ...checkout, fees: next };
}

/** Replaces fees by id; upstream's PUT is not a partial update. */
export function updateFees(checkout: Checkout, fees: readonly Fee[]): Checkout {
  for (const fee of fees) {
    if (!checkout.fees.some((f) => f.id === fee.id)) throw new NotFoundError('resource', `Fee ${fee.id} was not found.`);
  }
  return { ...checkout, fees: checkout.fees.map((f) => fees.find((n) => n.id === f.id) ?? f) };
}

export function deleteFees(checkout: Checkout, ids: readonly string[]): Checkout {
  for (const id of ids) {
    if (!checkout.fees.some((f) => f.id === id)) throw new NotFoundError('resource', `Fee ${id} was not found.`);
  }
  return { ...checkout, fees: checkout.fees.filter((f) => !ids.includes(f.id)) };
}
