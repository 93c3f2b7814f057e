import { readFile } from 'node:fs/promises';
import { Type, type Static } from 'typebox';
import { checkCountry } from '../domain/address.js';
import { currencyFor } from '../domain/money.js';
import type { StoreSettings } from '../domain/store-settings.js';
import { ConfigKind } from '../services/store-config.js';
import type { StoreRecord } from '../store/store.js';
import type { Consign } from './app.js';
import { CreateProductRequest, toProductInput } from './management/catalog-codec.js';
import { MethodRequest, ZoneRequest, toMethodInput, toZoneInput } from './management/shipping-codec.js';
import { checkDocument } from './validation.js';

/**
 * The fixture format (docs/fixtures.md): a store's settings, products, shipping zones with their
 * methods, and pickup locations, each in the same JSON the API takes.
 */
const PickupLocation = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 250 }),
  address: Type.Object({
    address1: Type.String(),
    city: Type.String(),
    state_or_province: Type.Optional(Type.String()),
    state_or_province_code: Type.Optional(Type.String()),
    postal_code: Type.Optional(Type.String()),
    country_code: Type.String({ pattern: '^[A-Z]{2}$' }),
  }),
  coordinates: Type.Object({ latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }) }),
  collection_instructions: Type.Optional(Type.String({ maxLength: 250 })),
  collection_time_description: Type.Optional(Type.String({ maxLength: 250 })),
});

export const Fixture = Type.Object({
  store: Type.Optional(
    Type.Object({
      hash: Type.Optional(Type.String({ pattern: '^[a-z0-9]{1,32}$' })),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 250 })),
      country_code: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
      currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
      weight_unit: Type.Optional(Type.Union([Type.Literal('lb'), Type.Literal('oz'), Type.Literal('kg'), Type.Literal('g')])),
      dimension_unit: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('cm')])),
    }),
  ),
  products: Type.Optional(Type.Array(CreateProductRequest)),
  shipping_zones: Type.Optional(Type.Array(Type.Intersect([ZoneRequest, Type.Object({ methods: Type.Optional(Type.Array(MethodRequest)) })]))),
  pickup_locations: Type.Optional(Type.Array(PickupLocation)),
});
export type Fixture = Static<typeof Fixture>;

export async function readFixture(file: string): Promise<Fixture> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read fixture ${file}: ${(error as Error).message}`);
  }
  return checkDocument<Fixture>(Fixture, parsed, `fixture ${file}:`);
}

export function fixtureSettings(fixture: Fixture): Partial<StoreSettings> {
  const store = fixture.store ?? {};
  const currency = store.currency ? currencyFor(store.currency) : undefined;
  if (store.currency && !currency) throw new Error(`fixture: unknown currency ${store.currency}`);
  return {
    ...(store.name ? { name: store.name } : {}),
    ...(store.country_code ? { countryCode: checkCountry(store.country_code, 'store.country_code') } : {}),
    ...(currency ? { currency } : {}),
    ...(store.weight_unit ? { weightUnit: store.weight_unit } : {}),
    ...(store.dimension_unit ? { dimensionUnit: store.dimension_unit } : {}),
  };
}

/** Creates a store from a fixture, or adds a fixture's configuration to an existing store. */
export async function seed(consign: Consign, fixture: Fixture, into?: StoreRecord, hash?: string): Promise<StoreRecord> {
  const record = into ?? (await consign.accounts.createStore({ hash: hash ?? fixture.store?.hash, settings: fixtureSettings(fixture) }));
  const config = await consign.configs.get(record);
  const places = config.settings.currency.decimalPlaces;
  // Everything is converted (and so validated) before anything is written.
  const products = (fixture.products ?? []).map((p) => toProductInput(p, config));
  const zones = (fixture.shipping_zones ?? []).map((z) => ({ zone: toZoneInput(z, places), methods: (z.methods ?? []).map((m) => toMethodInput(m, places)) }));
  await consign.catalog.create(record, products);
  for (const { zone, methods } of zones) await consign.shipping.createZone(record, zone, methods);
  const locations = fixture.pickup_locations ?? [];
  if (locations.length > 0) {
    await consign.configs.change(record, async (tx) => {
      for (const location of locations) await tx.insert(ConfigKind.pickupLocation, null, JSON.stringify(location));
    });
  }
  return record;
}
