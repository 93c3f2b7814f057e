import { readFile } from 'node:fs/promises';
import { Type, type Static } from 'typebox';
import { checkCountry } from '../domain/address.js';
import type { Coupon } from '../domain/coupons.js';
import { currencyFor } from '../domain/money.js';
import { DEFAULT_SETTINGS, type RateLimitSettings, type StoreSettings, normaliseHost, normaliseOrigin } from '../domain/store-settings.js';
import { Catalog } from '../domain/catalog.js';
import { PickupService } from '../services/pickup-service.js';
import { ConfigKind } from '../services/store-config.js';
import { changeCheckoutScripts } from '../domain/checkout-scripts.js';
import { CheckoutSettingsRequest, checkoutScriptsChange } from './management/checkout-settings.js';
import { CouponRequest, toCoupon } from './management/coupons.js';
import { CarrierRequest, toCarrierInput } from './management/carrier-codec.js';
import { TaxClassRequest, TaxSettingsRequest, TaxZoneRequest, toTaxSettings, toTaxZone } from './management/tax.js';
import type { StoreRecord } from '../store/store.js';
import { type Consign, createConsign } from './app.js';
import { CreateProductRequest, toProductInput } from './management/catalog-codec.js';
import { CustomerPost, toCustomerCreate } from './management/customers-codec.js';
import { MethodRequest, ZoneRequest, toMethodInput, toZoneInput } from './management/shipping-codec.js';
import { PaymentMethodRequest } from './management/payment-methods.js';
import { StoreOrderEmail, StorePhone, StorefrontHosts, StorefrontOrigins } from './management/storefront-settings.js';
import { FixturePickupLocation, FixturePickupMethod, knownSkus, preparePickup, seedPickup } from './pickup-fixture.js';
import { checkDocument } from './validation.js';

/**
 * The fixture format (docs/fixtures.md): a store's settings, products, shipping zones with their
 * methods, and pickup locations, each in the same JSON the API takes.
 */
const FixtureRateLimit = Type.Object({
  quota: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  window_ms: Type.Integer({ minimum: 1, maximum: 86_400_000 }),
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
      /** Where shoppers write about their orders, and the store's phone (docs/storefront.md). */
      order_email: Type.Optional(StoreOrderEmail),
      phone: Type.Optional(StorePhone),
      /** Host names that select this store on the storefront API (docs/storefront.md). */
      storefront_hosts: Type.Optional(StorefrontHosts),
      /** Cross-origin pages allowed to call this store's storefront API, e.g. `https://shop.example.com`. */
      storefront_origins: Type.Optional(StorefrontOrigins),
      /** This store's request limits (docs/reliability.md); a quota of 0 turns a limit off. */
      rate_limit: Type.Optional(Type.Object({ per_token: Type.Optional(FixtureRateLimit), per_client: Type.Optional(FixtureRateLimit) })),
    }),
  ),
  products: Type.Optional(Type.Array(CreateProductRequest)),
  shipping_zones: Type.Optional(Type.Array(Type.Intersect([ZoneRequest, Type.Object({ methods: Type.Optional(Type.Array(MethodRequest)) })]))),
  pickup_locations: Type.Optional(Type.Array(FixturePickupLocation)),
  pickup_methods: Type.Optional(Type.Array(FixturePickupMethod)),
  /** Created in order; in a new store they get ids 1, 2, ... (0 is the default class). */
  tax_classes: Type.Optional(Type.Array(TaxClassRequest)),
  tax_settings: Type.Optional(TaxSettingsRequest),
  tax_zones: Type.Optional(Type.Array(TaxZoneRequest)),
  coupons: Type.Optional(Type.Array(CouponRequest)),
  /** The hosted checkout pages' scripts, as PUT /v3/checkouts/settings takes them (docs/checkout-js.md). */
  checkout_settings: Type.Optional(CheckoutSettingsRequest),
  /** Customer accounts, as `POST /v3/customers` takes them (docs/customers.md). */
  customers: Type.Optional(Type.Array(CustomerPost)),
  /** Payment methods to configure, by upstream's code (docs/payments.md); a method not named stays disabled. */
  payment_methods: Type.Optional(Type.Array(Type.Intersect([Type.Object({ code: Type.String({ maxLength: 50 }) }), PaymentMethodRequest]))),
  /** Carrier apps quoting real-time rates; `zone_ids` name zones of this store (docs/shipping-rates.md). */
  carriers: Type.Optional(Type.Array(CarrierRequest)),
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
    ...(store.order_email === undefined ? {} : { orderEmail: store.order_email }),
    ...(store.phone === undefined ? {} : { phone: store.phone }),
    ...(store.storefront_hosts ? { storefrontHosts: store.storefront_hosts.map(normaliseHost) } : {}),
    ...(store.storefront_origins ? { storefrontOrigins: store.storefront_origins.map(normaliseOrigin) } : {}),
    ...(store.rate_limit ? { rateLimit: rateLimitSettings(store.rate_limit) } : {}),
  };
}

function rateLimitSettings(fixture: NonNullable<NonNullable<Fixture['store']>['rate_limit']>): Partial<RateLimitSettings> {
  const limit = (l: { quota: number; window_ms: number }) => ({ quota: l.quota, windowMs: l.window_ms });
  return {
    ...(fixture.per_token ? { perToken: limit(fixture.per_token) } : {}),
    ...(fixture.per_client ? { perClient: limit(fixture.per_client) } : {}),
  };
}

/**
 * Creates a store from a fixture, or adds a fixture's configuration to an existing store: in one
 * transaction, so that a fixture refused part-way (a pickup method naming no location, a
 * duplicate SKU) leaves no store and no configuration behind.
 */
export async function seed(consign: Consign, fixture: Fixture, into?: StoreRecord, hash?: string): Promise<StoreRecord> {
  return consign.store.atomically((store) => seedInto(createConsign(store), fixture, into, hash));
}

/** `seed` inside a transaction the caller holds: `consign` must be bound to it (Store.atomically). */
export async function seedInto(consign: Consign, fixture: Fixture, into?: StoreRecord, hash?: string): Promise<StoreRecord> {
  // Everything that can be is converted (and so validated) before anything is written; the rest
  // (tax zones, which name the classes the fixture creates) is undone with the transaction.
  const existing = into ? await consign.configs.get(into) : undefined;
  const settings = existing?.settings ?? { ...DEFAULT_SETTINGS, ...fixtureSettings(fixture) };
  const catalog = existing?.catalog ?? new Catalog([]);
  const places = settings.currency.decimalPlaces;
  const products = (fixture.products ?? []).map((p) => toProductInput(p, settings));
  const zones = (fixture.shipping_zones ?? []).map((z) => ({ zone: toZoneInput(z, places), methods: (z.methods ?? []).map((m) => toMethodInput(m, places)) }));
  const pickup = preparePickup(fixture.pickup_locations ?? [], fixture.pickup_methods, knownSkus(fixture.products ?? [], catalog));
  const coupons = (fixture.coupons ?? []).map((c) => toCoupon(c, places));
  const scripts = fixture.checkout_settings && checkoutScriptsChange(fixture.checkout_settings);
  const customers = (fixture.customers ?? []).map((c, index) => toCustomerCreate(c, index, ''));
  const record = into ?? (await consign.accounts.createStore({ hash: hash ?? fixture.store?.hash, settings: fixtureSettings(fixture) }));
  await consign.catalog.create(record, products);
  for (const { zone, methods } of zones) await consign.shipping.createZone(record, zone, methods);
  await seedPickup(new PickupService(consign.configs), record, (await consign.configs.get(record)).catalog, pickup);
  await seedTaxAndCoupons(consign, record, fixture, coupons);
  if (scripts) await consign.configs.updateSettings(record, (stored) => ({ ...stored, checkoutScripts: changeCheckoutScripts(stored.checkoutScripts, scripts) }));
  if (customers.length > 0) await consign.customers.create(record, customers);
  for (const method of fixture.payment_methods ?? []) {
    await consign.payments.configure(record, method.code, {
      enabled: method.enabled ?? true,
      ...(method.name === undefined ? {} : { displayName: method.name }),
      ...(method.instructions === undefined ? {} : { instructions: method.instructions }),
    });
  }
  await seedCarriers(consign, record, fixture, places);
  return record;
}

async function seedTaxAndCoupons(consign: Consign, record: StoreRecord, fixture: Fixture, coupons: readonly Omit<Coupon, 'id'>[]): Promise<void> {
  const { configs } = consign;
  for (const taxClass of fixture.tax_classes ?? []) await configs.insert(record, ConfigKind.taxClass, { name: taxClass.name });
  const config = await configs.get(record);
  // Zones name tax classes by id, so they are converted once the classes exist.
  const zones = (fixture.tax_zones ?? []).map((z) => toTaxZone(z, config.tax.classes));
  for (const zone of zones) await configs.insert(record, ConfigKind.taxZone, zone);
  const taxSettings = fixture.tax_settings;
  if (taxSettings) await configs.updateSettings(record, (stored) => ({ ...stored, tax: toTaxSettings(taxSettings, stored.tax) }));
  for (const coupon of coupons) await consign.coupons.create(record, coupon);
}

/**
 * Carriers name zones by id, so they are converted once the zones exist. A fixture connects them
 * without the connection check: seeding works offline, and the first quote shows whether they answer.
 */
async function seedCarriers(consign: Consign, record: StoreRecord, fixture: Fixture, places: number): Promise<void> {
  if (!fixture.carriers?.length) return;
  const zones = new Set((await consign.configs.get(record)).shipping.zones.map((z) => z.id));
  const carriers = fixture.carriers.map((c) => toCarrierInput(c, places, zones));
  for (const carrier of carriers) await consign.configs.insert(record, ConfigKind.carrier, carrier);
}
