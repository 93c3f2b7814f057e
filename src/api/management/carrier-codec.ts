import { Type, type Static } from 'typebox';
import { checkCountry } from '../../domain/address.js';
import { invalid } from '../../domain/errors.js';
import { fromMinor, toMinor } from '../../domain/money.js';
import type { Carrier } from '../../domain/shipping/carriers.js';
import type { CarrierInput } from '../../services/carriers/carrier-service.js';

/**
 * A connected carrier app as JSON (a Consign extension: upstream connects only its own carriers,
 * by `carrier_id`, and has no shape for an app's URLs). Snake case like Shipping v2; the fixture
 * format's `carriers` entries are this too (docs/shipping-rates.md, "Carrier rates").
 */
const Url = Type.String({ pattern: '^https?://', minLength: 8, maxLength: 2000 });
const Options = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 100 });

export const CarrierRequest = Type.Object({
  code: Type.String({ pattern: '^[a-z0-9_]{1,50}$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  rate_url: Url,
  check_connection_url: Type.Optional(Url),
  connection_options: Type.Optional(Options),
  zone_options: Type.Optional(Options),
  /** The zones (by id) whose consignments the carrier quotes. */
  zone_ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 }),
  enabled: Type.Optional(Type.Boolean()),
  origin: Type.Object({
    zip: Type.String({ minLength: 1, maxLength: 20 }),
    country_iso2: Type.String({ pattern: '^[A-Za-z]{2}$' }),
    state_iso2: Type.Optional(Type.String({ minLength: 1, maxLength: 2 })),
    city: Type.Optional(Type.String({ maxLength: 50 })),
    street_1: Type.Optional(Type.String({ maxLength: 255 })),
  }),
  /** Offered, marked "(backup rate)", while the carrier cannot quote; null or absent offers nothing. */
  backup_rate: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100_000_000 }), Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,4})?$' }), Type.Null()])),
});
export type CarrierRequest = Static<typeof CarrierRequest>;

export const CarrierResponse = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  rate_url: Type.String(),
  check_connection_url: Type.Optional(Type.String()),
  zone_ids: Type.Array(Type.Integer()),
  enabled: Type.Boolean(),
  origin: Type.Object({}, { additionalProperties: true }),
  backup_rate: Type.Union([Type.Number(), Type.Null()]),
}, { additionalProperties: false });

/** The domain's carrier from the JSON; `knownZones` are the store's zone ids. */
export function toCarrierInput(body: CarrierRequest, places: number, knownZones: ReadonlySet<number>): CarrierInput {
  const unknown = body.zone_ids.filter((id) => !knownZones.has(id));
  if (unknown.length > 0) throw invalid(`No shipping zone has id ${unknown.join(', ')}.`, { zone_ids: 'unknown zone' });
  const { origin } = body;
  return {
    code: body.code,
    name: body.name,
    rateUrl: body.rate_url,
    ...(body.check_connection_url ? { checkConnectionUrl: body.check_connection_url } : {}),
    connectionOptions: body.connection_options ?? {},
    zoneOptions: body.zone_options ?? {},
    zoneIds: [...new Set(body.zone_ids)],
    enabled: body.enabled ?? true,
    origin: {
      zip: origin.zip,
      country_iso2: checkCountry(origin.country_iso2.toUpperCase(), 'origin.country_iso2'),
      ...(origin.state_iso2 ? { state_iso2: origin.state_iso2.toUpperCase() } : {}),
      ...(origin.city ? { city: origin.city } : {}),
      ...(origin.street_1 ? { street_1: origin.street_1 } : {}),
    },
    backupRate: body.backup_rate === undefined || body.backup_rate === null ? null : toMinor(Number(body.backup_rate), places),
  };
}

/** The JSON of a carrier. Connection options (credentials) are never echoed. */
export function carrierJson(carrier: Carrier, places: number): Static<typeof CarrierResponse> {
  return {
    id: carrier.id,
    code: carrier.code,
    name: carrier.name,
    rate_url: carrier.rateUrl,
    ...(carrier.checkConnectionUrl ? { check_connection_url: carrier.checkConnectionUrl } : {}),
    zone_ids: [...carrier.zoneIds],
    enabled: carrier.enabled,
    origin: { ...carrier.origin },
    backup_rate: carrier.backupRate === null ? null : fromMinor(carrier.backupRate, places),
  };
}
