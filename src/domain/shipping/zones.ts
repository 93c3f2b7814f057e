import { COUNTRIES, type Country } from '../countries.js';
import type { Destination, ShippingZone, ZoneType } from './types.js';

/**
 * Zone matching: which of a store's shipping zones serves a destination.
 *
 * Only enabled zones take part. The most specific zone wins: zip, then state, then country, then
 * global; among zones of the same type the lowest id wins (upstream lists zones by id).
 *
 * A zip zone may hold 40,000 postcodes (upstream's limit), so zones are compiled once into hash
 * sets and a lookup costs a handful of set probes whatever the zone size. The compiled form is
 * memoised in a WeakMap keyed by the zones array itself: callers pass the same (immutable) array
 * for as long as the store's configuration is unchanged, and a new array (a new configuration)
 * compiles afresh while the old entry is garbage-collected with it. Never mutate a zones array
 * in place after it has been matched against.
 */

/** Upper case, whitespace removed: Canadian `K1A 0B1` and `k1a0b1` are the same postcode. */
export function normalisePostcode(postcode: string): string {
  return postcode.replace(/\s+/g, '').toUpperCase();
}

function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

const SPECIFICITY: Record<ZoneType, number> = { zip: 0, state: 1, country: 2, global: 3 };

/** Key for a location's country; the empty string stands for "any country". */
const ANY_COUNTRY = '';

function keyOf(country: string, code: string): string {
  return `${country}|${code}`;
}

interface ZipIndex {
  /** `country|postcode` for exact postcodes. */
  readonly exact: ReadonlySet<string>;
  /** `country|prefix` for wildcards such as `787*` (stored as `787`). */
  readonly prefixes: ReadonlySet<string>;
}

type CompiledZone =
  | { readonly type: 'global'; readonly zone: ShippingZone }
  | { readonly type: 'country'; readonly zone: ShippingZone; readonly countries: ReadonlySet<string> }
  | { readonly type: 'state'; readonly zone: ShippingZone; readonly states: ReadonlySet<string> }
  | { readonly type: 'zip'; readonly zone: ShippingZone; readonly zips: ZipIndex };

/** The enabled zones of a configuration, indexed and in match order. Opaque to callers. */
export interface CompiledZones {
  readonly ordered: readonly CompiledZone[];
}

function compileZone(zone: ShippingZone): CompiledZone {
  switch (zone.type) {
    case 'global':
      return { type: 'global', zone };
    case 'country': {
      const countries = new Set<string>();
      for (const location of zone.locations) {
        if (location.countryIso2) countries.add(normaliseCode(location.countryIso2));
      }
      return { type: 'country', zone, countries };
    }
    case 'state': {
      const states = new Set<string>();
      for (const location of zone.locations) {
        if (!location.stateIso2) continue;
        const country = location.countryIso2 ? normaliseCode(location.countryIso2) : ANY_COUNTRY;
        states.add(keyOf(country, normaliseCode(location.stateIso2)));
      }
      return { type: 'state', zone, states };
    }
    case 'zip': {
      const exact = new Set<string>();
      const prefixes = new Set<string>();
      for (const location of zone.locations) {
        if (!location.zip) continue;
        const country = location.countryIso2 ? normaliseCode(location.countryIso2) : ANY_COUNTRY;
        const zip = normalisePostcode(location.zip);
        // Only a trailing `*` is a wildcard; a `*` anywhere else is kept literally and so never
        // matches a real postcode, rather than silently widening the zone.
        const stem = zip.replace(/\*+$/, '');
        if (stem !== zip) prefixes.add(keyOf(country, stem));
        else exact.add(keyOf(country, zip));
      }
      return { type: 'zip', zone, zips: { exact, prefixes } };
    }
    default: {
      const unknown: never = zone.type;
      throw new Error(`Unknown shipping zone type: ${String(unknown)}`);
    }
  }
}

const compiledByZones = new WeakMap<readonly ShippingZone[], CompiledZones>();

/** Builds (once per zones array, then from the cache) the indexes `matchZone` uses. */
export function compileZones(zones: readonly ShippingZone[]): CompiledZones {
  const cached = compiledByZones.get(zones);
  if (cached) return cached;
  const ordered = zones
    .filter((zone) => zone.enabled)
    .sort((a, b) => SPECIFICITY[a.type] - SPECIFICITY[b.type] || a.id - b.id)
    .map(compileZone);
  const compiled: CompiledZones = { ordered };
  compiledByZones.set(zones, compiled);
  return compiled;
}

interface NormalisedDestination {
  readonly country: string;
  readonly state: string | undefined;
  /** Candidate postcodes for exact matching (the postcode, and for US ZIP+4 its 5-digit ZIP). */
  readonly postcodes: readonly string[];
}

function normaliseDestination(destination: Destination): NormalisedDestination {
  const country = normaliseCode(destination.countryCode);
  const state = destination.stateCode ? normaliseCode(destination.stateCode) : undefined;
  const postcode = destination.postalCode ? normalisePostcode(destination.postalCode) : '';
  const postcodes = postcode === '' ? [] : [postcode];
  // Merchants list 5-digit ZIPs; shoppers often type ZIP+4 (`78701-1234`), which must still match.
  const zipPlus4 = /^(\d{5})-?\d{4}$/.exec(postcode);
  if (country === 'US' && zipPlus4?.[1]) postcodes.push(zipPlus4[1]);
  return { country, state, postcodes };
}

function inIndex(index: ReadonlySet<string>, country: string, code: string): boolean {
  return index.has(keyOf(country, code)) || index.has(keyOf(ANY_COUNTRY, code));
}

function zipMatches(zips: ZipIndex, destination: NormalisedDestination): boolean {
  const [postcode] = destination.postcodes;
  if (postcode === undefined) return false;
  for (const candidate of destination.postcodes) {
    if (inIndex(zips.exact, destination.country, candidate)) return true;
  }
  if (zips.prefixes.size === 0) return false;
  // Probing every prefix of the postcode (at most ~10) beats scanning thousands of patterns.
  for (let length = 0; length <= postcode.length; length++) {
    if (inIndex(zips.prefixes, destination.country, postcode.slice(0, length))) return true;
  }
  return false;
}

function zoneMatches(compiled: CompiledZone, destination: NormalisedDestination): boolean {
  switch (compiled.type) {
    case 'global':
      return true;
    case 'country':
      return compiled.countries.has(destination.country);
    case 'state':
      return destination.state !== undefined && inIndex(compiled.states, destination.country, destination.state);
    case 'zip':
      return zipMatches(compiled.zips, destination);
    default: {
      const unknown: never = compiled;
      throw new Error(`Unknown compiled zone: ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The zone that serves `destination`, or undefined when the store does not ship there.
 * Accepts the zones themselves (compiled and cached on first use) or an already compiled form.
 */
export function matchZone(
  zones: readonly ShippingZone[] | CompiledZones,
  destination: Destination,
): ShippingZone | undefined {
  const compiled = 'ordered' in zones ? zones : compileZones(zones);
  const normalised = normaliseDestination(destination);
  return compiled.ordered.find((zone) => zoneMatches(zone, normalised))?.zone;
}

/**
 * The countries (and their states) the enabled zones reach, as the checkout SDK's
 * `loadShippingCountries` lists them: every country when a global zone is enabled; a country named
 * by a country or zip zone with all its states; a country named only by state zones with just
 * those states. `shippingCountries([stateZone(1, [['US', 'TX']])])` is the US with Texas alone.
 */
export function shippingCountries(zones: readonly ShippingZone[]): readonly Country[] {
  const enabled = zones.filter((z) => z.enabled);
  if (enabled.some((z) => z.type === 'global')) return COUNTRIES;
  const whole = new Set<string>();
  const states = new Map<string, Set<string>>();
  for (const zone of enabled) {
    for (const { countryIso2, stateIso2 } of zone.locations) {
      if (!countryIso2) continue;
      const country = normaliseCode(countryIso2);
      if (zone.type !== 'state') whole.add(country);
      else if (stateIso2) states.set(country, (states.get(country) ?? new Set()).add(normaliseCode(stateIso2)));
    }
  }
  return COUNTRIES.flatMap((country) => {
    if (whole.has(country.code)) return [country];
    const reached = states.get(country.code);
    if (!reached) return [];
    return [{ ...country, subdivisions: country.subdivisions.filter((s) => reached.has(s.code)) }];
  });
}
