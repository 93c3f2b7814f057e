import { createHash } from 'node:crypto';
import { percentOf, type Minor } from '../money.js';
import { hasFixedShippingPrice, priceMethod, summariseItems } from './calculators.js';
import { matchZone } from './zones.js';
import type {
  Destination,
  HandlingFee,
  ShippableItem,
  ShippingConfig,
  ShippingMethod,
  ShippingMethodType,
  ShippingQuote,
  ShippingZone,
  ZoneFreeShipping,
} from './types.js';

/**
 * The shipping options for one consignment: the zone serving its destination, that zone's
 * enabled methods priced for its items, handling fees added, cheapest first.
 *
 * A consignment is priced on its own. The free-shipping threshold and `total` ranges look at the
 * items passed in, never at the rest of the checkout, so that changing one consignment never
 * re-prices another.
 *
 * Zone matching is memoised per `config.zones` array (see zones.ts): pass the same immutable
 * configuration object for as long as the store's shipping settings are unchanged.
 */

/** Upstream's option `type` string for each method type. */
export const OPTION_TYPE_BY_METHOD: { readonly [T in ShippingMethodType]: string } = {
  perorder: 'shipping_flatrate',
  peritem: 'shipping_flatrate',
  weight: 'shipping_byweight',
  total: 'shipping_bytotal',
  freeshipping: 'freeshipping',
};

export const FREE_SHIPPING_DESCRIPTION = 'Free Shipping';

/** The method id carried by the zone's own Free Shipping option, which comes from no method. */
export const ZONE_FREE_SHIPPING_METHOD_ID = 0;

/**
 * A 32-hex id from the zone and method ids alone: stable across quotes, restarts and processes
 * for as long as the zone and method exist, whatever their prices do.
 */
export function shippingOptionId(zoneId: number, methodId: number | 'free-shipping'): string {
  const source = methodId === 'free-shipping'
    ? `consign:shipping-option:zone:${zoneId}:free-shipping`
    : `consign:shipping-option:zone:${zoneId}:method:${methodId}`;
  let id = optionIds.get(source);
  if (id === undefined) {
    id = createHash('md5').update(source).digest('hex');
    // Bounded by the zones and methods stores have ever had; cleared rather than let it grow without end.
    if (optionIds.size >= 100_000) optionIds.clear();
    optionIds.set(source, id);
  }
  return id;
}

/** Every quote names its options; hashing the same few sources on every quote showed in profiles. */
const optionIds = new Map<string, string>();

export interface HandlingAmounts {
  /** Handling folded into the option's cost. */
  readonly folded: Minor;
  /** Handling shown separately (`handling_cost_*`). */
  readonly separate: Minor;
}

/**
 * Handling for a shipping cost. A percentage fee is a percentage of the method's shipping cost
 * (upstream: "Percentage handling fee applied to shipping cost"), rounded once per fee. Zone and
 * method fees are both taken on that same cost; neither compounds on the other.
 */
export function handlingFor(fees: readonly HandlingFee[], shippingCost: Minor): HandlingAmounts {
  let folded = 0;
  let separate = 0;
  for (const fee of fees) {
    if (fee.kind === 'none') continue;
    const amount = fee.kind === 'fixed' ? fee.amount : percentOf(shippingCost, fee.percent);
    if (fee.displaySeparately) separate += amount;
    else folded += amount;
  }
  return { folded, separate };
}

/**
 * What the zone's Free Shipping option costs for these items, or undefined when the zone does not
 * offer it. It is offered when enabled and the items' subtotal reaches `minimumSubTotal` (>=).
 * With `excludeFixedShippingProducts`, fixed-price items neither count toward the subtotal nor
 * ship free: the option then costs their fixed prices, and it needs at least one other item.
 */
export function zoneFreeShippingCost(
  freeShipping: ZoneFreeShipping,
  items: readonly ShippableItem[],
): Minor | undefined {
  if (!freeShipping.enabled) return undefined;
  const excluded = (item: ShippableItem): boolean =>
    freeShipping.excludeFixedShippingProducts && hasFixedShippingPrice(item);
  let qualifying = 0;
  let subtotal = 0;
  let cost = 0;
  for (const item of items) {
    if (excluded(item)) {
      cost += (item.fixedShippingPrice ?? 0) * item.quantity;
    } else {
      qualifying += 1;
      subtotal += item.unitPrice * item.quantity;
    }
  }
  if (qualifying === 0 || subtotal < freeShipping.minimumSubTotal) return undefined;
  return cost;
}

type UnrankedQuote = Omit<ShippingQuote, 'isRecommended'>;

function freeShippingQuote(zone: ShippingZone, cost: Minor): UnrankedQuote {
  return {
    id: shippingOptionId(zone.id, 'free-shipping'),
    zoneId: zone.id,
    methodId: ZONE_FREE_SHIPPING_METHOD_ID,
    type: OPTION_TYPE_BY_METHOD.freeshipping,
    description: FREE_SHIPPING_DESCRIPTION,
    cost,
    handlingCost: 0,
    transitTime: '',
    imageUrl: '',
    additionalDescription: '',
  };
}

function methodQuote(zone: ShippingZone, method: ShippingMethod, shippingCost: Minor): UnrankedQuote {
  const handling = handlingFor([zone.handlingFees, method.handlingFees], shippingCost);
  return {
    id: shippingOptionId(zone.id, method.id),
    zoneId: zone.id,
    methodId: method.id,
    type: OPTION_TYPE_BY_METHOD[method.settings.type],
    description: method.name,
    cost: shippingCost + handling.folded,
    handlingCost: handling.separate,
    transitTime: method.transitTime,
    imageUrl: '',
    additionalDescription: '',
  };
}

/**
 * Cheapest first by what the shopper pays (cost + separate handling), ties broken by method id;
 * the first is the recommended one.
 */
function rank(quotes: readonly UnrankedQuote[]): ShippingQuote[] {
  return [...quotes]
    .sort((a, b) => a.cost + a.handlingCost - (b.cost + b.handlingCost) || a.methodId - b.methodId || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((quote, index) => ranked(quote, index === 0));
}

/**
 * `quote` with its rank. Every field is named: V8 (Node 20) builds `{ ...quote, isRecommended }`,
 * a spread that adds a key, some twenty times slower than this literal, and a checkout of a
 * hundred consignments ranks several hundred options.
 */
function ranked(quote: UnrankedQuote, isRecommended: boolean): ShippingQuote {
  return {
    id: quote.id,
    zoneId: quote.zoneId,
    methodId: quote.methodId,
    type: quote.type,
    description: quote.description,
    cost: quote.cost,
    handlingCost: quote.handlingCost,
    transitTime: quote.transitTime,
    imageUrl: quote.imageUrl,
    additionalDescription: quote.additionalDescription,
    isRecommended,
  };
}

/**
 * The shipping options for a consignment's items sent to `destination`; empty when no enabled
 * zone serves the destination or there is nothing to ship. `carrierOptions` are the options the
 * zone's carriers quoted (src/domain/shipping/carriers.ts), given for the zone `matchZone` picks:
 * they rank beside the zone's methods and, like them, keep the zone's fallback methods hidden.
 */
export function quoteShipping(
  config: ShippingConfig,
  destination: Destination,
  items: readonly ShippableItem[],
  carrierOptions: readonly Omit<ShippingQuote, 'isRecommended'>[] = [],
): ShippingQuote[] {
  const zone = matchZone(config.zones, destination);
  const shippable = items.filter((item) => item.quantity > 0);
  if (!zone || shippable.length === 0) return [];

  const summary = summariseItems(shippable);
  if (summary.allFreeShipping) return rank([freeShippingQuote(zone, 0)]);

  const freeShippingCost = zoneFreeShippingCost(zone.freeShipping, shippable);
  if (freeShippingCost !== undefined) return rank([freeShippingQuote(zone, freeShippingCost)]);

  const priced: { method: ShippingMethod; cost: Minor }[] = [];
  for (const method of zone.methods) {
    if (!method.enabled) continue;
    const cost = priceMethod(method.settings, summary);
    if (cost !== undefined) priced.push({ method, cost });
  }
  const regular = priced.filter(({ method }) => !method.isFallback);
  const offered = regular.length > 0 || carrierOptions.length > 0 ? regular : priced;
  return rank([...offered.map(({ method, cost }) => methodQuote(zone, method, cost)), ...carrierOptions]);
}
