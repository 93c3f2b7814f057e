import { createHash } from 'node:crypto';
import type { Minor } from '../money.js';
import type { Destination, ShippingQuote, ShippingZone } from './types.js';

/**
 * Real-time carrier rates, the pure half: which carriers serve a consignment, the rate request
 * BigCommerce's Shipping Provider API sends them (`requestShippingRates`), and how their answer
 * becomes shipping options. The HTTP call, deadline, cache and breaker live in
 * src/services/carriers/; this module never does I/O.
 */

/** A connected carrier app, as a store configures it (Consign's own shape; see docs/shipping-rates.md). */
export interface Carrier {
  readonly id: number;
  /** Upstream's carrier code, e.g. `acme`: option types read `shipping_{code}`. */
  readonly code: string;
  readonly name: string;
  /** Where `requestShippingRates` is POSTed. */
  readonly rateUrl: string;
  /** Where `check_connection_options` is POSTed when the carrier is connected; none skips the check. */
  readonly checkConnectionUrl?: string;
  /** Sent as `connection_options` (credentials and account settings). */
  readonly connectionOptions: Readonly<Record<string, unknown>>;
  /** Sent as `zone_options`. */
  readonly zoneOptions: Readonly<Record<string, unknown>>;
  /** The zones whose consignments this carrier quotes. */
  readonly zoneIds: readonly number[];
  readonly enabled: boolean;
  /** Where parcels leave from (upstream takes the store's address). */
  readonly origin: CarrierAddress;
  /** Offered, marked as a backup rate, when the carrier cannot quote; null offers nothing in its place. */
  readonly backupRate: Minor | null;
}

/** Upstream's `Shipping Address` of a rate request. */
export interface CarrierAddress {
  readonly zip: string;
  readonly country_iso2: string;
  readonly state_iso2?: string;
  readonly city?: string;
  readonly street_1?: string;
}

/** One line as a carrier sees it. */
export interface CarrierItem {
  readonly sku: string;
  readonly productId: number;
  readonly variantId: number;
  readonly name: string;
  readonly quantity: number;
  /** One unit, in the store's weight unit. */
  readonly weight: number;
  /** One unit after sale price, in minor units. */
  readonly unitPrice: Minor;
}

/** What a store says about itself in every rate request. */
export interface CarrierRequestContext {
  readonly storeHash: string;
  readonly currency: string;
  readonly decimalPlaces: number;
  readonly weightUnit: 'lb' | 'oz' | 'kg' | 'g';
}

/** A rate request to one carrier, keyed by a hash of everything it sends. */
export interface CarrierRateRequest {
  readonly carrierId: number;
  /** sha256 of the carrier id, its rate URL and the body: equal keys ask the same question. */
  readonly key: string;
  readonly body: RateRequestPayload;
}

export interface RateRequestPayload {
  readonly base_options: {
    readonly origin: CarrierAddress;
    readonly destination: CarrierAddress;
    readonly items: readonly object[];
    readonly store_id: string;
  };
  readonly zone_options: Readonly<Record<string, unknown>>;
  readonly connection_options: Readonly<Record<string, unknown>>;
}

/** One rate a carrier offered, normalised. */
export interface CarrierRate {
  readonly code: string;
  readonly displayName: string;
  readonly cost: Minor;
  readonly transitTime: string;
}

/** Why a carrier gave no rates for a request. */
export type CarrierFailure = 'timeout' | 'error' | 'malformed' | 'breaker_open' | 'not_asked';

export type CarrierOutcome =
  | { readonly kind: 'quoted'; readonly rates: readonly CarrierRate[] }
  | { readonly kind: 'failed'; readonly reason: CarrierFailure };

/** The enabled carriers quoting consignments of `zone`, by id. */
export function carriersServing(carriers: readonly Carrier[], zone: ShippingZone | undefined): Carrier[] {
  if (!zone) return [];
  return carriers.filter((c) => c.enabled && c.zoneIds.includes(zone.id)).sort((a, b) => a.id - b.id);
}

/** Upstream's weights are ounces or grams: pounds become ounces, kilograms grams. */
function carrierWeight(weight: number, unit: CarrierRequestContext['weightUnit']): { units: 'oz' | 'g'; value: number } {
  switch (unit) {
    case 'lb':
      return { units: 'oz', value: Number((weight * 16).toPrecision(12)) };
    case 'kg':
      return { units: 'g', value: Number((weight * 1000).toPrecision(12)) };
    case 'oz':
    case 'g':
      return { units: unit, value: weight };
    default: {
      const unknown: never = unit;
      throw new Error(`Unknown weight unit: ${String(unknown)}`);
    }
  }
}

/**
 * The `requestShippingRates` body BigCommerce sends a carrier app for one consignment.
 * `rateRequest(carrier, ctx, { countryCode: 'US', postalCode: '80202' }, items)`.
 */
export function rateRequest(
  carrier: Carrier,
  ctx: CarrierRequestContext,
  destination: Destination,
  items: readonly CarrierItem[],
): CarrierRateRequest {
  const money = (minor: Minor) => ({ currency: ctx.currency, amount: minor / 10 ** ctx.decimalPlaces });
  const body: RateRequestPayload = {
    base_options: {
      origin: carrier.origin,
      destination: {
        zip: destination.postalCode ?? '',
        country_iso2: destination.countryCode,
        ...(destination.stateCode ? { state_iso2: destination.stateCode } : {}),
      },
      items: items
        .filter((item) => item.quantity > 0)
        .map((item) => ({
          sku: item.sku,
          product_id: String(item.productId),
          variant_id: String(item.variantId),
          name: item.name,
          quantity: item.quantity,
          weight: carrierWeight(item.weight, ctx.weightUnit),
          discounted_price: money(item.unitPrice),
          declared_value: money(item.unitPrice),
        })),
      store_id: ctx.storeHash,
    },
    zone_options: carrier.zoneOptions,
    connection_options: carrier.connectionOptions,
  };
  const key = createHash('sha256').update(`${carrier.id}\u001f${carrier.rateUrl}\u001f${JSON.stringify(body)}`).digest('hex');
  return { carrierId: carrier.id, key, body };
}

/**
 * A 32-hex id from the zone, the carrier code and the carrier's service code: stable across quotes
 * and processes while the carrier keeps quoting that service, whatever its price.
 */
export function carrierOptionId(zoneId: number, carrierCode: string, serviceCode: string): string {
  return createHash('md5').update(`consign:shipping-option:zone:${zoneId}:carrier:${carrierCode}:${serviceCode}`).digest('hex');
}

/** The suffix naming a backup rate offered while its carrier cannot quote. */
export const BACKUP_RATE_SUFFIX = ' (backup rate)';

export type UnrankedCarrierOption = Omit<ShippingQuote, 'isRecommended'>;

/**
 * The options one carrier contributes to a consignment of `zone`: its rates when it quoted, its
 * backup rate (marked as such) when it failed and has one, otherwise nothing. Carrier options carry
 * `methodId` 0 and the zone's handling fees do not apply (the carrier's price is the price).
 */
export function carrierOptions(zone: ShippingZone, carrier: Carrier, outcome: CarrierOutcome): UnrankedCarrierOption[] {
  const type = `shipping_${carrier.code}`;
  const option = (code: string, description: string, cost: Minor, transitTime: string): UnrankedCarrierOption => ({
    id: carrierOptionId(zone.id, carrier.code, code),
    zoneId: zone.id,
    methodId: 0,
    type,
    description,
    cost,
    handlingCost: 0,
    transitTime,
    imageUrl: '',
    additionalDescription: '',
  });
  if (outcome.kind === 'quoted') return outcome.rates.map((r) => option(r.code, r.displayName, r.cost, r.transitTime));
  if (carrier.backupRate === null) return [];
  return [option('backup', `${carrier.name}${BACKUP_RATE_SUFFIX}`, carrier.backupRate, '')];
}

/** A short, comparable digest of an outcome, for the record of what a consignment was quoted from. */
export function outcomeDigest(outcome: CarrierOutcome | undefined): string {
  if (outcome === undefined) return 'not_asked';
  // Every failure reads the same: a carrier flapping between a timeout and a 502 re-quotes nothing.
  if (outcome.kind === 'failed') return 'failed';
  return createHash('sha1').update(JSON.stringify(outcome.rates)).digest('hex').slice(0, 16);
}
