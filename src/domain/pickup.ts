import { type Address, EMPTY_ADDRESS } from './address.js';

/**
 * Store pickup ("buy online, pick up in store"): the store's locations, the pickup methods offered
 * at them, and the search upstream's Pickup Options API answers (`POST /v3/pickup/options`,
 * `POST /api/storefront/pickup-options`): which methods, within a radius of a point, can hand over
 * every requested item from one location. Pure: no I/O, nothing dialect-specific.
 */

export interface Coordinates {
  readonly latitude: number;
  readonly longitude: number;
}

export type DistanceUnit = 'KM' | 'MI';

export interface Radius {
  readonly value: number;
  readonly unit: DistanceUnit;
}

export interface LocationAddress {
  readonly address1: string;
  readonly address2: string;
  readonly city: string;
  readonly stateOrProvince: string;
  readonly stateOrProvinceCode: string;
  readonly postalCode: string;
  readonly countryCode: string;
  readonly email: string;
  readonly phone: string;
}

/** How many units of one variant a location can hand over. */
export interface VariantStock {
  readonly variantId: number;
  readonly quantity: number;
}

/**
 * A place a shopper can collect an order from (upstream's inventory location). `availableVariants`
 * is `'all'` for a location that can supply any variant in any quantity, or the variants it holds
 * and how many of each; a variant not listed is not available there.
 */
export interface PickupLocation {
  readonly id: number;
  readonly code: string;
  readonly label: string;
  readonly address: LocationAddress;
  readonly coordinates: Coordinates;
  readonly availableVariants: 'all' | readonly VariantStock[];
}

/** Upstream's pickup method: how collection works at one location. */
export interface PickupMethod {
  readonly id: number;
  readonly locationId: number;
  readonly displayName: string;
  readonly collectionInstructions: string;
  readonly collectionTimeDescription: string;
  /** ISO 8601, to the second. */
  readonly dateCreated: string;
  readonly dateModified: string;
}

export interface PickupConfig {
  readonly locations: readonly PickupLocation[];
  readonly methods: readonly PickupMethod[];
}

export const NO_PICKUP: PickupConfig = { locations: [], methods: [] };

/** Upstream returns at most this many pickup options per search. */
export const MAX_PICKUP_OPTIONS = 10;

/** The mean Earth radius (IUGG), in kilometres. */
export const EARTH_RADIUS_KM = 6371.0088;
export const KM_PER_MILE = 1.609344;

export function toKilometres(distance: Radius): number {
  return distance.unit === 'MI' ? distance.value * KM_PER_MILE : distance.value;
}

/**
 * The great-circle distance between two points, in kilometres, by the haversine formula (accurate
 * to about 0.5% on the real, slightly flattened Earth, which is plenty for "stores near me").
 * Example: Austin to Dallas is about 295 km.
 */
export function greatCircleKm(a: Coordinates, b: Coordinates): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  // Rounding can push h a hair past 1 for antipodal points; asin would then be NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, Math.max(0, h))));
}

/** Requested items with each variant once, quantities summed, in order of first mention. */
export function combineItems(items: readonly VariantStock[]): VariantStock[] {
  const totals = new Map<number, number>();
  for (const item of items) totals.set(item.variantId, (totals.get(item.variantId) ?? 0) + item.quantity);
  return [...totals].map(([variantId, quantity]) => ({ variantId, quantity }));
}

export function availableQuantity(location: PickupLocation, variantId: number): number {
  if (location.availableVariants === 'all') return Number.POSITIVE_INFINITY;
  return location.availableVariants.find((v) => v.variantId === variantId)?.quantity ?? 0;
}

/** Whether one location can hand over every item, in the quantity asked for. */
export function canSupply(location: PickupLocation, items: readonly VariantStock[]): boolean {
  return combineItems(items).every((item) => availableQuantity(location, item.variantId) >= item.quantity);
}

export function findPickupMethod(config: PickupConfig, id: number): PickupMethod | undefined {
  return config.methods.find((m) => m.id === id);
}

export function findLocation(config: PickupConfig, id: number): PickupLocation | undefined {
  return config.locations.find((l) => l.id === id);
}

/**
 * Where a pickup method's goods are handed over, as a consignment address. A pickup consignment
 * carries it so that what depends on where goods go (tax) sees the store, as upstream taxes
 * pickup at the pickup location; the API never shows it, as upstream shows no address.
 */
export function pickupAddress(config: PickupConfig, methodId: number): Address | undefined {
  const method = findPickupMethod(config, methodId);
  const location = method && findLocation(config, method.locationId);
  if (!location) return undefined;
  const a = location.address;
  return {
    ...EMPTY_ADDRESS,
    company: location.label,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    stateOrProvince: a.stateOrProvince,
    stateOrProvinceCode: a.stateOrProvinceCode,
    countryCode: a.countryCode,
    postalCode: a.postalCode,
    phone: a.phone,
  };
}

/** Why a pickup method cannot take some items, or `null` when it can. */
export function pickupRefusal(config: PickupConfig, methodId: number, items: readonly VariantStock[]): 'no_method' | 'unavailable' | null {
  const method = findPickupMethod(config, methodId);
  const location = method && findLocation(config, method.locationId);
  if (!method || !location) return 'no_method';
  return canSupply(location, items) ? null : 'unavailable';
}

export interface PickupSearch {
  readonly coordinates: Coordinates;
  readonly radius: Radius;
  readonly items: readonly VariantStock[];
}

export interface PickupOption {
  readonly method: PickupMethod;
  readonly location: PickupLocation;
  readonly distanceKm: number;
  /** The requested items (each variant once), all of which the location can supply. */
  readonly availableItems: readonly VariantStock[];
}

/**
 * Upstream's pickup option search: the methods at locations within the radius (inclusive) that
 * can supply every requested item from that one location, nearest location first (ties by
 * location id, then method id), at most MAX_PICKUP_OPTIONS of them.
 * Example: from Austin within 50 KM, the Austin store's methods, and not Dallas's (295 km away).
 */
export function searchPickupOptions(config: PickupConfig, search: PickupSearch): PickupOption[] {
  const items = combineItems(search.items);
  const radiusKm = toKilometres(search.radius);
  const nearby = config.locations
    .map((location) => ({ location, distanceKm: greatCircleKm(search.coordinates, location.coordinates) }))
    .filter(({ location, distanceKm }) => distanceKm <= radiusKm && canSupply(location, items))
    .sort((a, b) => a.distanceKm - b.distanceKm || a.location.id - b.location.id);
  const options: PickupOption[] = [];
  for (const { location, distanceKm } of nearby) {
    const methods = config.methods.filter((m) => m.locationId === location.id).sort((a, b) => a.id - b.id);
    for (const method of methods) {
      if (options.length === MAX_PICKUP_OPTIONS) return options;
      options.push({ method, location, distanceKm, availableItems: items });
    }
  }
  return options;
}
