import { Type, type Static } from 'typebox';
import { checkCountry } from '../domain/address.js';
import type { Catalog } from '../domain/catalog.js';
import type { VariantStock } from '../domain/pickup.js';
import type { PickupLocationInput, PickupMethodInput, PickupService } from '../services/pickup-service.js';
import type { StoreRecord } from '../store/store.js';

/**
 * The pickup part of the fixture format (docs/pickup.md): locations with their coordinates and
 * what they stock, and the pickup methods offered at them.
 */
const Text = Type.String({ maxLength: 250 });

const StockEntry = Type.Union([
  Type.Object({ variant_id: Type.Integer({ minimum: 1 }), quantity: Type.Integer({ minimum: 0 }) }),
  /** A variant's SKU, or a product's SKU for every variant of that product. */
  Type.Object({ sku: Type.String({ minLength: 1, maxLength: 255 }), quantity: Type.Integer({ minimum: 0 }) }),
]);

export const FixturePickupLocation = Type.Object({
  /** Upstream's user-defined location code; pickup methods may name their location by it. */
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  name: Type.String({ minLength: 1, maxLength: 250 }),
  address: Type.Object({
    address1: Type.String(),
    address2: Type.Optional(Type.String()),
    city: Type.String(),
    state_or_province: Type.Optional(Type.String()),
    state_or_province_code: Type.Optional(Type.String()),
    postal_code: Type.Optional(Type.String()),
    country_code: Type.String({ pattern: '^[A-Z]{2}$' }),
    email: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
  }),
  coordinates: Type.Object({ latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }) }),
  /** Defaults for the pickup methods at this location. */
  collection_instructions: Type.Optional(Text),
  collection_time_description: Type.Optional(Text),
  /** `"all"` (the default): any variant, in any quantity. Otherwise only these, up to these quantities. */
  available_variants: Type.Optional(Type.Union([Type.Literal('all'), Type.Array(StockEntry, { maxItems: 10_000 })])),
});

export const FixturePickupMethod = Type.Object({
  /** The location's code or name. */
  location: Type.String({ minLength: 1, maxLength: 250 }),
  display_name: Text,
  collection_instructions: Type.Optional(Text),
  collection_time_description: Type.Optional(Text),
});

type Location = Static<typeof FixturePickupLocation>;
type Method = Static<typeof FixturePickupMethod>;

/** A fixture's pickup configuration, checked before anything is written. */
export interface PreparedPickup {
  readonly locations: readonly Location[];
  /** Each method with the index of its location. */
  readonly methods: readonly { readonly location: number; readonly method: Method }[];
}

/**
 * Checks the pickup part of a fixture against itself and against the SKUs it can refer to (the
 * fixture's products and the store's catalog). Without `pickup_methods`, each location gets one
 * pickup method named after it, so that a fixture of locations alone is usable for pickup.
 */
export function preparePickup(locations: readonly Location[], methods: readonly Method[] | undefined, knownSkus: ReadonlySet<string>): PreparedPickup {
  const byKey = new Map<string, number>();
  locations.forEach((location, index) => {
    for (const key of new Set([location.code, location.name])) {
      if (key === undefined) continue;
      if (byKey.has(key)) throw new Error(`fixture: pickup_locations.${index}: '${key}' names two locations`);
      byKey.set(key, index);
    }
    checkCountry(location.address.country_code, `pickup_locations.${index}.address.country_code`);
    const stock = location.available_variants;
    if (Array.isArray(stock)) {
      stock.forEach((entry, at) => {
        if ('sku' in entry && !knownSkus.has(entry.sku)) throw new Error(`fixture: pickup_locations.${index}.available_variants.${at}: no product or variant has SKU '${entry.sku}'`);
      });
    }
  });
  const prepared =
    methods?.map((method, index) => {
      const location = byKey.get(method.location);
      if (location === undefined) throw new Error(`fixture: pickup_methods.${index}.location: no pickup location has code or name '${method.location}'`);
      return { location, method };
    }) ?? locations.map((location, index) => ({ location: index, method: { location: location.name, display_name: `Pick up at ${location.name}` } }));
  return { locations, methods: prepared };
}

/** Writes a prepared pickup configuration; SKUs are resolved against the catalog as it now is. */
export async function seedPickup(pickup: PickupService, record: StoreRecord, catalog: Catalog, prepared: PreparedPickup): Promise<void> {
  if (prepared.locations.length === 0) return;
  const ids = await pickup.createLocations(record, prepared.locations.map((l) => toLocationInput(l, catalog)));
  const methods: PickupMethodInput[] = prepared.methods.map(({ location, method }) => {
    const at = prepared.locations[location]!;
    return {
      locationId: ids[location]!,
      displayName: method.display_name,
      collectionInstructions: method.collection_instructions ?? at.collection_instructions ?? '',
      collectionTimeDescription: method.collection_time_description ?? at.collection_time_description ?? '',
    };
  });
  if (methods.length > 0) await pickup.createMethods(record, methods);
}

function toLocationInput(location: Location, catalog: Catalog): PickupLocationInput {
  const a = location.address;
  return {
    code: location.code ?? '',
    label: location.name,
    address: {
      address1: a.address1,
      address2: a.address2 ?? '',
      city: a.city,
      stateOrProvince: a.state_or_province ?? '',
      stateOrProvinceCode: a.state_or_province_code ?? '',
      postalCode: a.postal_code ?? '',
      countryCode: a.country_code,
      email: a.email ?? '',
      phone: a.phone ?? '',
    },
    coordinates: location.coordinates,
    availableVariants: location.available_variants === undefined || location.available_variants === 'all' ? 'all' : stockOf(location.available_variants, catalog),
  };
}

function stockOf(entries: readonly Static<typeof StockEntry>[], catalog: Catalog): VariantStock[] {
  const stock = new Map<number, number>();
  for (const entry of entries) {
    const variantIds = 'variant_id' in entry ? [entry.variant_id] : variantsWithSku(catalog, entry.sku);
    for (const id of variantIds) stock.set(id, entry.quantity);
  }
  return [...stock].map(([variantId, quantity]) => ({ variantId, quantity }));
}

/** A variant's SKU names that variant; a product's SKU (when no variant has it) names all its variants. */
function variantsWithSku(catalog: Catalog, sku: string): number[] {
  const products = catalog.products;
  const variant = products.flatMap((p) => p.variants).find((v) => v.sku === sku);
  if (variant) return [variant.id];
  return products.find((p) => p.sku === sku)?.variants.map((v) => v.id) ?? [];
}

/** Every SKU a fixture's pickup stock may name: its own products' and variants', and the catalog's. */
export function knownSkus(products: readonly { sku?: string; variants?: readonly { sku?: string }[] }[], catalog: Catalog): Set<string> {
  const skus = new Set<string>();
  for (const p of [...products, ...catalog.products]) {
    if (p.sku) skus.add(p.sku);
    for (const v of p.variants ?? []) if (v.sku) skus.add(v.sku);
  }
  return skus;
}
