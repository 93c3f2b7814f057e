import { percentOf, type Minor } from '../money.js';
import type {
  RangeSettings,
  RateRange,
  ShippableItem,
  ShippingMethodSettings,
  ShippingMethodType,
} from './types.js';

/**
 * Rate calculators: what one shipping method charges for one consignment.
 *
 * A consignment's items fall into three groups:
 * - free-shipping items (`isFreeShipping`) ship at no cost and are invisible to every method: they
 *   add no weight, quantity or value to what a method prices;
 * - fixed-price items (`fixedShippingPrice`, and not free-shipping) are charged that price × quantity
 *   whatever the method, and are also invisible to the method's own rule;
 * - everything else forms the *parcel* that the method prices by its rule.
 *
 * A method's cost = its rate for the parcel + the fixed prices, as upstream adds fixed shipping
 * prices to the calculated rate of the rest. When the parcel is empty (every chargeable item has a
 * fixed price) there is nothing for the method to price: its part is 0 and it costs the fixed
 * prices alone, even a weight or total method whose ranges would not match.
 *
 * Every calculator returns minor units, or undefined when the method cannot serve the parcel.
 */

/** What a method prices by its own rule: the items that are neither free nor fixed-price. */
export interface Parcel {
  readonly quantity: number;
  /** In the store's weight unit. */
  readonly weight: number;
  /** Unit price × quantity, summed, in minor units. */
  readonly subtotal: Minor;
}

export interface ConsignmentSummary {
  readonly parcel: Parcel;
  /** Fixed shipping price × quantity over the fixed-price items. */
  readonly fixedShippingCost: Minor;
  /** True when every item ships free (and there is at least one item). */
  readonly allFreeShipping: boolean;
}

/** Fixed-price items are those with a fixed price that do not already ship free. */
export function hasFixedShippingPrice(item: ShippableItem): boolean {
  return !item.isFreeShipping && item.fixedShippingPrice !== undefined;
}

/** Sums of decimal weights carry binary noise (0.1 + 0.2); clean it so range bounds compare true. */
function cleanWeight(weight: number): number {
  return Number(weight.toPrecision(12));
}

export function summariseItems(items: readonly ShippableItem[]): ConsignmentSummary {
  let quantity = 0;
  let weight = 0;
  let subtotal = 0;
  let fixedShippingCost = 0;
  for (const item of items) {
    if (item.isFreeShipping) continue;
    if (item.fixedShippingPrice !== undefined) {
      fixedShippingCost += item.fixedShippingPrice * item.quantity;
      continue;
    }
    quantity += item.quantity;
    weight += item.weight * item.quantity;
    subtotal += item.unitPrice * item.quantity;
  }
  return {
    parcel: { quantity, weight: cleanWeight(weight), subtotal },
    fixedShippingCost,
    allFreeShipping: items.length > 0 && items.every((item) => item.isFreeShipping),
  };
}

/**
 * The first range containing `value`. Both bounds are inclusive, so with upstream's own example
 * ranges 0–20 and 20–40 a value of exactly 20 falls in the first.
 */
export function findRange(ranges: readonly RateRange[], value: number): RateRange | undefined {
  return ranges.find((range) => value >= range.lowerLimit && value <= range.upperLimit);
}

/**
 * A tiered rate. When no range matches, `defaultCost` decides: a fixed amount, a percentage of the
 * parcel's subtotal, or (null) the method is unavailable.
 */
function rangeRate(settings: RangeSettings, value: number, parcel: Parcel): Minor | undefined {
  const range = findRange(settings.ranges, value);
  if (range) return range.shippingCost;
  if (settings.defaultCost === null) return undefined;
  return settings.defaultCostType === 'percentage_of_total'
    ? percentOf(parcel.subtotal, settings.defaultCost)
    : settings.defaultCost;
}

type SettingsOf<T extends ShippingMethodType> = Extract<ShippingMethodSettings, { readonly type: T }>;

/** Prices a non-empty parcel by one method's rule, or returns undefined when it is not eligible. */
export type RateCalculator<T extends ShippingMethodType> = (settings: SettingsOf<T>, parcel: Parcel) => Minor | undefined;

export const rateCalculators: { readonly [T in ShippingMethodType]: RateCalculator<T> } = {
  perorder: (settings) => settings.rate,
  peritem: (settings, parcel) => settings.rate * parcel.quantity,
  weight: (settings, parcel) => rangeRate(settings, parcel.weight, parcel),
  total: (settings, parcel) => rangeRate(settings, parcel.subtotal, parcel),
  freeshipping: () => 0,
};

function rateFor(settings: ShippingMethodSettings, parcel: Parcel): Minor | undefined {
  // A switch rather than an index into the record, so TypeScript pairs each settings type with
  // its own calculator without a cast.
  switch (settings.type) {
    case 'perorder':
      return rateCalculators.perorder(settings, parcel);
    case 'peritem':
      return rateCalculators.peritem(settings, parcel);
    case 'weight':
      return rateCalculators.weight(settings, parcel);
    case 'total':
      return rateCalculators.total(settings, parcel);
    case 'freeshipping':
      return rateCalculators.freeshipping(settings, parcel);
    default: {
      const unknown: never = settings;
      throw new Error(`Unknown shipping method settings: ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * What a method charges for a consignment before handling fees, or undefined when it cannot
 * serve it. Takes the items, or their summary when pricing several methods for the same items.
 */
export function priceMethod(
  settings: ShippingMethodSettings,
  items: readonly ShippableItem[] | ConsignmentSummary,
): Minor | undefined {
  const summary = 'parcel' in items ? items : summariseItems(items);
  if (summary.parcel.quantity === 0) return summary.fixedShippingCost;
  const rate = rateFor(settings, summary.parcel);
  return rate === undefined ? undefined : rate + summary.fixedShippingCost;
}
