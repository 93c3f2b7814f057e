import { Type, type Static } from 'typebox';
import { checkCountry } from '../../domain/address.js';
import { invalid } from '../../domain/errors.js';
import { fromMinor, parseAmount } from '../../domain/money.js';
import type { HandlingFee, ShippingMethod, ShippingMethodSettings, ShippingZone } from '../../domain/shipping/types.js';
import type { MethodInput, ZoneInput } from '../../services/shipping-service.js';

/**
 * Upstream's Shipping v2 zone and method JSON (`shipping.v2.yml`), to and from the domain. Upstream
 * sends surcharges and `minimum_sub_total` as strings in some places and numbers in others; both
 * are accepted, and responses use upstream's example forms. The fixture format uses this too.
 */
export const MAX_ZIP_LOCATIONS = 40_000;

const Amount = Type.Union([Type.Number({ minimum: 0, maximum: 100_000_000 }), Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,4})?$' })]);

const HandlingFees = Type.Object({
  fixed_surcharge: Type.Optional(Amount),
  percentage_surcharge: Type.Optional(Amount),
  display_separately: Type.Optional(Type.Boolean()),
});

const Location = Type.Object({
  id: Type.Optional(Type.Integer()),
  zip: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  country_iso2: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  state_iso2: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
});

export const ZoneRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  type: Type.Union([Type.Literal('zip'), Type.Literal('country'), Type.Literal('state'), Type.Literal('global')]),
  locations: Type.Optional(Type.Array(Location, { maxItems: MAX_ZIP_LOCATIONS })),
  free_shipping: Type.Optional(
    Type.Object({
      enabled: Type.Optional(Type.Boolean()),
      minimum_sub_total: Type.Optional(Amount),
      exclude_fixed_shipping_products: Type.Optional(Type.Boolean()),
    }),
  ),
  handling_fees: Type.Optional(HandlingFees),
  enabled: Type.Optional(Type.Boolean()),
});
export type ZoneRequest = Static<typeof ZoneRequest>;

const Range = Type.Object({ lower_limit: Type.Number({ minimum: 0 }), upper_limit: Type.Number({ minimum: 0 }), shipping_cost: Amount });

export const MethodRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  type: Type.Union([Type.Literal('perorder'), Type.Literal('peritem'), Type.Literal('weight'), Type.Literal('total'), Type.Literal('freeshipping')]),
  settings: Type.Optional(
    Type.Object({
      rate: Type.Optional(Amount),
      default_cost: Type.Optional(Type.Union([Amount, Type.Null()])),
      default_cost_type: Type.Optional(Type.Union([Type.Literal('percentage_of_total'), Type.Literal('fixed_amount')])),
      range: Type.Optional(Type.Array(Range, { maxItems: 500 })),
    }),
  ),
  enabled: Type.Optional(Type.Boolean()),
  handling_fees: Type.Optional(HandlingFees),
  is_fallback: Type.Optional(Type.Boolean()),
  channel_ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100 })),
  /** Consign's addition: shown as the option's `transit_time`. */
  transit_time: Type.Optional(Type.String({ maxLength: 255 })),
});
export type MethodRequest = Static<typeof MethodRequest>;

const num = (value: number | string | null | undefined): number => (value === undefined || value === null ? 0 : Number(value));

function toHandlingFee(fees: Static<typeof HandlingFees> | undefined, places: number, field: string): HandlingFee {
  if (!fees) return { kind: 'none' };
  const displaySeparately = fees.display_separately ?? false;
  if (fees.fixed_surcharge !== undefined && fees.percentage_surcharge !== undefined && num(fees.percentage_surcharge) > 0 && num(fees.fixed_surcharge) > 0) {
    throw invalid('A handling fee is either a fixed or a percentage surcharge, not both.', { [field]: 'both surcharges given' });
  }
  if (num(fees.percentage_surcharge) > 0) {
    const percent = num(fees.percentage_surcharge);
    if (percent > 1000) throw invalid('A percentage surcharge must be at most 1000.', { [`${field}.percentage_surcharge`]: 'too large' });
    return { kind: 'percentage', percent, displaySeparately };
  }
  if (num(fees.fixed_surcharge) > 0) return { kind: 'fixed', amount: parseAmount(num(fees.fixed_surcharge), places, `${field}.fixed_surcharge`), displaySeparately };
  return { kind: 'none' };
}

function presentHandlingFee(fee: HandlingFee, places: number, asString: boolean) {
  const value = (n: number) => (asString ? String(n) : n);
  switch (fee.kind) {
    case 'none':
      return { fixed_surcharge: value(0), display_separately: false };
    case 'fixed':
      return { fixed_surcharge: value(fromMinor(fee.amount, places)), display_separately: fee.displaySeparately };
    case 'percentage':
      return { percentage_surcharge: value(fee.percent), display_separately: fee.displaySeparately };
  }
}

export function toZoneInput(body: ZoneRequest, places: number): ZoneInput {
  const locations = (body.locations ?? []).map((location, index) => {
    const field = `locations.${index}`;
    const countryIso2 = location.country_iso2 ? checkCountry(location.country_iso2, `${field}.country_iso2`) : undefined;
    if (body.type === 'zip' && !location.zip) throw invalid('A zip zone location needs a zip.', { [`${field}.zip`]: 'required' });
    if (body.type === 'state' && (!countryIso2 || !location.state_iso2)) {
      throw invalid('A state zone location needs country_iso2 and state_iso2.', { [field]: 'country_iso2 and state_iso2 are required' });
    }
    if (body.type === 'country' && !countryIso2) throw invalid('A country zone location needs country_iso2.', { [`${field}.country_iso2`]: 'required' });
    return {
      id: index + 1,
      ...(countryIso2 ? { countryIso2 } : {}),
      ...(location.state_iso2 && body.type === 'state' ? { stateIso2: location.state_iso2.toUpperCase() } : {}),
      ...(location.zip && body.type === 'zip' ? { zip: location.zip } : {}),
    };
  });
  if (body.type !== 'global' && locations.length === 0) {
    throw invalid(`A ${body.type} zone needs at least one location.`, { locations: 'required' });
  }
  return {
    name: body.name,
    type: body.type,
    enabled: body.enabled ?? true,
    locations: body.type === 'global' ? [] : locations,
    freeShipping: {
      enabled: body.free_shipping?.enabled ?? false,
      minimumSubTotal: parseAmount(num(body.free_shipping?.minimum_sub_total), places, 'free_shipping.minimum_sub_total'),
      excludeFixedShippingProducts: body.free_shipping?.exclude_fixed_shipping_products ?? false,
    },
    handlingFees: toHandlingFee(body.handling_fees, places, 'handling_fees'),
  };
}

export function toMethodInput(body: MethodRequest, places: number): MethodInput {
  const settings = body.settings ?? {};
  const money = (value: number | string | null | undefined, field: string) => parseAmount(num(value), places, field);
  let normalised: ShippingMethodSettings;
  switch (body.type) {
    case 'perorder':
    case 'peritem':
      if (settings.rate === undefined) throw invalid(`A ${body.type} method needs settings.rate.`, { 'settings.rate': 'required' });
      normalised = { type: body.type, rate: money(settings.rate, 'settings.rate') };
      break;
    case 'weight':
    case 'total': {
      const ranges = (settings.range ?? []).map((range, index) => {
        if (range.upper_limit < range.lower_limit) {
          throw invalid('A range\'s upper_limit must not be below its lower_limit.', { [`settings.range.${index}`]: 'upper_limit below lower_limit' });
        }
        // `total` ranges are amounts of money; `weight` ranges are in the store's weight unit.
        const limit = (value: number, name: string) => (body.type === 'total' ? parseAmount(value, places, `settings.range.${index}.${name}`) : value);
        return {
          lowerLimit: limit(range.lower_limit, 'lower_limit'),
          upperLimit: limit(range.upper_limit, 'upper_limit'),
          shippingCost: money(range.shipping_cost, `settings.range.${index}.shipping_cost`),
        };
      });
      const defaultCostType = settings.default_cost_type ?? 'fixed_amount';
      const rawDefault = settings.default_cost;
      const defaultCost =
        rawDefault === undefined || rawDefault === null ? null : defaultCostType === 'fixed_amount' ? money(rawDefault, 'settings.default_cost') : num(rawDefault);
      if (ranges.length === 0 && defaultCost === null) {
        throw invalid(`A ${body.type} method needs at least one range or a default_cost.`, { 'settings.range': 'required' });
      }
      normalised = { type: body.type, defaultCost, defaultCostType, ranges };
      break;
    }
    default:
      normalised = { type: 'freeshipping' };
  }
  return {
    name: body.name,
    enabled: body.enabled ?? true,
    settings: normalised,
    handlingFees: toHandlingFee(body.handling_fees, places, 'handling_fees'),
    isFallback: body.is_fallback ?? false,
    transitTime: body.transit_time ?? '',
    ...(body.channel_ids ? { channelIds: [...new Set(body.channel_ids)] } : {}),
  };
}

export function presentZone(zone: ShippingZone, places: number) {
  return {
    id: zone.id,
    name: zone.name,
    type: zone.type,
    locations: zone.locations.map((l) => ({
      id: l.id,
      ...(l.zip !== undefined ? { zip: l.zip } : {}),
      ...(l.countryIso2 !== undefined ? { country_iso2: l.countryIso2 } : {}),
      ...(l.stateIso2 !== undefined ? { state_iso2: l.stateIso2 } : {}),
    })),
    free_shipping: {
      enabled: zone.freeShipping.enabled,
      minimum_sub_total: fromMinor(zone.freeShipping.minimumSubTotal, places).toFixed(4),
      exclude_fixed_shipping_products: zone.freeShipping.excludeFixedShippingProducts,
    },
    handling_fees: presentHandlingFee(zone.handlingFees, places, true),
    enabled: zone.enabled,
  };
}

export function presentMethod(method: ShippingMethod, places: number) {
  const s = method.settings;
  const money = (value: number) => fromMinor(value, places);
  let settings: object;
  switch (s.type) {
    case 'perorder':
    case 'peritem':
      settings = { rate: money(s.rate) };
      break;
    case 'weight':
    case 'total': {
      const limit = (value: number) => (s.type === 'total' ? money(value) : value);
      settings = {
        default_cost: s.defaultCost === null ? null : s.defaultCostType === 'fixed_amount' ? money(s.defaultCost) : s.defaultCost,
        default_cost_type: s.defaultCostType,
        range: s.ranges.map((r) => ({ lower_limit: limit(r.lowerLimit), upper_limit: limit(r.upperLimit), shipping_cost: money(r.shippingCost) })),
      };
      break;
    }
    case 'freeshipping':
      settings = {};
  }
  return {
    id: method.id,
    name: method.name,
    type: s.type,
    settings,
    enabled: method.enabled,
    // The schema says numbers, every upstream example sends strings, as zones do: follow the examples.
    handling_fees: presentHandlingFee(method.handlingFees, places, true),
    is_fallback: method.isFallback,
    channel_ids: method.channelIds ? [...method.channelIds] : [1],
    transit_time: method.transitTime,
  };
}

/** PUT zone: every field optional but `name`, which upstream requires on PUT. */
export const ZoneUpdateRequest = Type.Object({ ...ZoneRequest.properties, type: Type.Optional(ZoneRequest.properties.type) });
export type ZoneUpdateRequest = Static<typeof ZoneUpdateRequest>;

/** PUT method: every field optional (upstream's own example sends only settings, fees and channels). */
export const MethodUpdateRequest = Type.Partial(MethodRequest);
export type MethodUpdateRequest = Static<typeof MethodUpdateRequest>;

/**
 * A PUT as upstream applies it: fields sent replace the zone's, fields left out keep their values.
 * `free_shipping` merges field by field (its fields are independent); `handling_fees` is replaced
 * whole (a fixed and a percentage surcharge exclude each other). A zone that changes type needs its
 * new locations, since the old ones were of the wrong kind.
 */
export function mergeZoneRequest(current: ShippingZone, body: ZoneUpdateRequest, places: number): ZoneRequest {
  const was = presentZone(current, places) as ZoneRequest;
  const type = body.type ?? was.type;
  if (type !== was.type && type !== 'global' && body.locations === undefined) {
    throw invalid(`A zone changed to type ${type} needs its locations.`, { locations: 'required when type changes' });
  }
  return { ...was, ...body, type, free_shipping: { ...was.free_shipping, ...body.free_shipping } };
}

/**
 * A method PUT: fields sent replace the method's. While the type stays, `settings` merges field by
 * field (`{"settings": {"rate": 11}}` changes the rate alone); a new type needs its own settings.
 */
export function mergeMethodRequest(current: ShippingMethod, body: MethodUpdateRequest, places: number): MethodRequest {
  const was = presentMethod(current, places) as MethodRequest;
  const type = body.type ?? was.type;
  const settings = type === was.type ? { ...was.settings, ...body.settings } : body.settings;
  const channelIds = body.channel_ids ?? (current.channelIds ? [...current.channelIds] : undefined);
  return { ...was, ...body, type, settings, channel_ids: channelIds };
}
