import type { Minor } from '../money.js';

/**
 * A store's shipping configuration, as the rate engine sees it: upstream's Shipping v2 zones and
 * methods, normalised (money in minor units, numbers not strings, camelCase).
 */
export interface ShippingConfig {
  readonly zones: readonly ShippingZone[];
}

export type ZoneType = 'global' | 'country' | 'state' | 'zip';

export interface ZoneLocation {
  readonly id: number;
  /** ISO 3166-1 alpha-2, upper case. Absent only in a global zone. */
  readonly countryIso2?: string;
  /** State or province code (e.g. `TX`), in a state zone. */
  readonly stateIso2?: string;
  /** Exact postcode or a prefix wildcard such as `787*`, in a zip zone. */
  readonly zip?: string;
}

export type HandlingFee =
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed'; readonly amount: Minor; readonly displaySeparately: boolean }
  | { readonly kind: 'percentage'; readonly percent: number; readonly displaySeparately: boolean };

export interface ZoneFreeShipping {
  readonly enabled: boolean;
  readonly minimumSubTotal: Minor;
  readonly excludeFixedShippingProducts: boolean;
}

export interface ShippingZone {
  readonly id: number;
  readonly name: string;
  readonly type: ZoneType;
  readonly enabled: boolean;
  readonly locations: readonly ZoneLocation[];
  readonly freeShipping: ZoneFreeShipping;
  readonly handlingFees: HandlingFee;
  readonly methods: readonly ShippingMethod[];
}

export interface RateRange {
  readonly lowerLimit: number;
  readonly upperLimit: number;
  /** Minor units. */
  readonly shippingCost: Minor;
}

/** Settings of the tiered methods: `weight` (ranges in the store's weight unit) and `total` (ranges in minor units). */
export interface RangeSettings {
  /** Minor units for `fixed_amount`, a percentage for `percentage_of_total`; null when not set. */
  readonly defaultCost: number | null;
  readonly defaultCostType: 'fixed_amount' | 'percentage_of_total';
  readonly ranges: readonly RateRange[];
}

export type ShippingMethodSettings =
  | { readonly type: 'perorder'; readonly rate: Minor }
  | { readonly type: 'peritem'; readonly rate: Minor }
  | ({ readonly type: 'weight' } & RangeSettings)
  | ({ readonly type: 'total' } & RangeSettings)
  | { readonly type: 'freeshipping' };

export type ShippingMethodType = ShippingMethodSettings['type'];

export interface ShippingMethod {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly settings: ShippingMethodSettings;
  readonly handlingFees: HandlingFee;
  readonly isFallback: boolean;
  /** Shown as `transit_time` on the option; empty when unknown. */
  readonly transitTime: string;
  /** Upstream's `channel_ids`: the channels the method serves; absent means every channel. */
  readonly channelIds?: readonly number[];
}

/** What the rate engine needs to know of one line of a consignment. */
export interface ShippableItem {
  readonly itemId: string;
  readonly quantity: number;
  /** Weight of one unit, in the store's weight unit. */
  readonly weight: number;
  /** Price of one unit after sale price, before discounts, in minor units. */
  readonly unitPrice: Minor;
  readonly isFreeShipping: boolean;
  /** Fixed shipping price of one unit in minor units, when the product has one. */
  readonly fixedShippingPrice?: Minor;
}

export interface Destination {
  readonly countryCode: string;
  readonly stateCode?: string;
  readonly postalCode?: string;
}

/** One available shipping option for a consignment. */
export interface ShippingQuote {
  /** Opaque 32-hex id, stable while the zone and method it came from exist. */
  readonly id: string;
  readonly zoneId: number;
  readonly methodId: number;
  /** Upstream's option type string, e.g. `shipping_flatrate`, `shipping_byweight`, `freeshipping`. */
  readonly type: string;
  readonly description: string;
  /** Shipping cost in minor units, including any handling not displayed separately. */
  readonly cost: Minor;
  /** Handling in minor units that is displayed separately (`handling_cost_*`); 0 otherwise. */
  readonly handlingCost: Minor;
  readonly transitTime: string;
  readonly imageUrl: string;
  readonly additionalDescription: string;
  readonly isRecommended: boolean;
}
