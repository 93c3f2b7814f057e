import { Catalog, type Product, type Variant } from '../domain/catalog.js';
import type { Coupon } from '../domain/coupons.js';
import type { PickupConfig, PickupLocation, PickupMethod } from '../domain/pickup.js';
import type { ShippingConfig, ShippingMethod, ShippingZone } from '../domain/shipping/types.js';
import type { Carrier } from '../domain/shipping/carriers.js';
import type { CarrierInputs } from '../domain/shipping/carriers-pricing.js';
import { type StoreSettings, parseSettings } from '../domain/store-settings.js';
import { DEFAULT_TAX_CLASS, type TaxClass, type TaxConfig, type TaxZone } from '../domain/tax.js';
import type { ConfigItem, ConfigWriter, Store, StoreRecord } from '../store/store.js';

/** The kinds of configuration document a store holds (the `kind` column of config_items). */
export const ConfigKind = {
  product: 'product',
  variant: 'variant',
  shippingZone: 'shipping_zone',
  shippingMethod: 'shipping_method',
  pickupLocation: 'pickup_location',
  pickupMethod: 'pickup_method',
  taxClass: 'tax_class',
  taxZone: 'tax_zone',
  coupon: 'coupon',
  carrier: 'carrier',
} as const;

/** Everything a request needs to know about a store besides its carts, read once and cached. */
export interface StoreConfig {
  readonly store: StoreRecord;
  readonly settings: StoreSettings;
  readonly catalog: Catalog;
  readonly shipping: ShippingConfig;
  /** Pickup locations and the pickup methods offered at them. */
  readonly pickup: PickupConfig;
  readonly tax: TaxConfig;
  /** Coupons by lower-cased code. */
  readonly coupons: ReadonlyMap<string, Coupon>;
  readonly version: number;
  /** Connected carrier apps; `outcomes` is empty here and filled per request by the checkout service. */
  readonly carriers: CarrierInputs;
}

type Doc<T> = Omit<T, 'id'>;

export function buildStoreConfig(store: StoreRecord, version: number, items: readonly ConfigItem[]): StoreConfig {
  const byKind = (kind: string) => items.filter((i) => i.kind === kind);
  const children = new Map<string, ConfigItem[]>();
  for (const item of items) {
    if (item.parentId === null) continue;
    const key = `${item.parentKind}:${item.parentId}:${item.kind}`;
    const list = children.get(key) ?? [];
    list.push(item);
    children.set(key, list);
  }
  const childrenOf = (parentKind: string, id: number, kind: string) => children.get(`${parentKind}:${id}:${kind}`) ?? [];

  const products: Product[] = byKind(ConfigKind.product).map((item) => ({
    ...(JSON.parse(item.document) as Doc<Omit<Product, 'variants'>>),
    id: item.id,
    variants: childrenOf(ConfigKind.product, item.id, ConfigKind.variant).map(
      (v): Variant => ({ ...(JSON.parse(v.document) as Doc<Omit<Variant, 'productId'>>), id: v.id, productId: item.id }),
    ),
  }));
  const zones: ShippingZone[] = byKind(ConfigKind.shippingZone).map((item) => ({
    ...(JSON.parse(item.document) as Doc<Omit<ShippingZone, 'methods'>>),
    id: item.id,
    methods: childrenOf(ConfigKind.shippingZone, item.id, ConfigKind.shippingMethod).map(
      (m): ShippingMethod => ({ ...(JSON.parse(m.document) as Doc<ShippingMethod>), id: m.id }),
    ),
  }));
  const parse = <T>(kind: string) => byKind(kind).map((item) => ({ ...(JSON.parse(item.document) as Doc<T>), id: item.id }) as T);
  const settings = parseSettings(store.settings);
  const coupons = new Map(parse<Coupon>(ConfigKind.coupon).map((c) => [c.code.toLowerCase(), c] as const));
  const tax: TaxConfig = {
    classes: [DEFAULT_TAX_CLASS, ...parse<TaxClass>(ConfigKind.taxClass)],
    zones: parse<TaxZone>(ConfigKind.taxZone),
    settings: settings.tax,
  };
  const pickup: PickupConfig = {
    locations: parse<PickupLocation>(ConfigKind.pickupLocation).map(withLocationDefaults),
    methods: parse<PickupMethod>(ConfigKind.pickupMethod),
  };
  const carriers: CarrierInputs = {
    list: parse<Carrier>(ConfigKind.carrier),
    context: { storeHash: store.hash, currency: settings.currency.code, decimalPlaces: settings.currency.decimalPlaces, weightUnit: settings.weightUnit },
    outcomes: new Map(),
  };
  return { store, settings, catalog: new Catalog(products), shipping: { zones }, pickup, tax, coupons, version, carriers };
}

/** How long a cached configuration is trusted before its version is checked again. */
const RECHECK_MS = 1000;
/** Thrown inside a configuration transaction to roll it back when the change found nothing to change. */
const NOTHING_CHANGED = Symbol('nothing changed');

/**
 * Per-store configuration served from memory. A change made through this process drops the entry
 * at once; a change made by another process (several processes sharing PostgreSQL) is noticed
 * through the configuration version, which every cart read returns for free and which is
 * otherwise re-checked at most once a second.
 */
export class ConfigCache {
  readonly #entries = new Map<number, { config: StoreConfig; checkedAt: number }>();
  readonly #loading = new Map<number, Promise<StoreConfig>>();

  constructor(private readonly store: Store) {}

  /** The store's configuration, at least as new as `minVersion` when given. */
  async get(record: StoreRecord, minVersion?: number): Promise<StoreConfig> {
    const entry = this.#entries.get(record.id);
    const now = Date.now();
    if (entry) {
      if (minVersion !== undefined) {
        if (entry.config.version >= minVersion) return entry.config;
      } else if (now - entry.checkedAt < RECHECK_MS) {
        return entry.config;
      } else if ((await this.store.configVersion(record.id)) === entry.config.version) {
        entry.checkedAt = now;
        return entry.config;
      }
    }
    return this.#load(record);
  }

  /**
   * Changes the store's settings (a configuration change like any other): `change` gets the
   * settings as stored, inside the configuration transaction. So two writers changing different
   * settings (tax and storefront hosts, say) never lose either change, and a check `change` makes
   * against the configuration (a tax class exists) still holds when the settings are written.
   * Returns the settings written.
   */
  async updateSettings(record: StoreRecord, change: (settings: StoreSettings, tx: ConfigWriter) => StoreSettings | Promise<StoreSettings>): Promise<StoreSettings> {
    let next: StoreSettings | undefined;
    await this.change(record, async (tx) => {
      next = await change(parseSettings(await tx.settings()), tx);
      await tx.replaceSettings(JSON.stringify(next));
    });
    return next!;
  }

  /** Adds one top-level configuration document; returns its id. */
  async insert(record: StoreRecord, kind: string, document: object): Promise<number> {
    let id = 0;
    await this.change(record, async (tx) => {
      id = await tx.insert(kind, null, JSON.stringify(document));
    });
    return id;
  }

  /** Replaces one configuration document; false when there is none with that id. */
  async update(record: StoreRecord, kind: string, id: number, document: object): Promise<boolean> {
    // Nothing to replace rolls the transaction back, so that a 404 leaves config_version alone.
    return (await this.#changeUnlessNone(record, async (tx) => tx.update(kind, id, JSON.stringify(document)))) === true;
  }

  /** Deletes configuration documents (and their children); returns how many existed. */
  async remove(record: StoreRecord, kind: string, ids: readonly number[]): Promise<number> {
    return Number(await this.#changeUnlessNone(record, async (tx) => tx.delete(kind, ids)));
  }

  /** Runs `change` in a configuration transaction, rolled back when it found nothing (false or 0). */
  async #changeUnlessNone<T extends boolean | number>(record: StoreRecord, change: (tx: ConfigWriter) => Promise<T>): Promise<T | false> {
    let result: T | false = false;
    try {
      await this.change(record, async (tx) => {
        result = await change(tx);
        if (!result) throw NOTHING_CHANGED;
      });
    } catch (error) {
      if (error !== NOTHING_CHANGED) throw error;
    }
    return result;
  }

  /** Applies a configuration change in one transaction and drops the cached configuration. */
  async change(record: StoreRecord, change: (tx: ConfigWriter) => Promise<void>): Promise<void> {
    try {
      await this.store.changeConfig(record.id, change);
    } finally {
      this.#entries.delete(record.id);
    }
  }

  #load(record: StoreRecord): Promise<StoreConfig> {
    const pending = this.#loading.get(record.id);
    if (pending) return pending;
    const loading = (async () => {
      try {
        const { version, items } = await this.store.loadConfig(record.id);
        const fresh = (await this.store.findStoreByHash(record.hash)) ?? record;
        const config = buildStoreConfig(fresh, version, items);
        this.#entries.set(record.id, { config, checkedAt: Date.now() });
        return config;
      } finally {
        this.#loading.delete(record.id);
      }
    })();
    this.#loading.set(record.id, loading);
    return loading;
  }
}

/** Locations seeded before pickup methods existed were stored in the fixture's shape; read those too. */
function withLocationDefaults(location: PickupLocation & { name?: string }): PickupLocation {
  const { name, ...rest } = location;
  return { ...rest, code: location.code ?? '', label: location.label ?? name ?? '', availableVariants: location.availableVariants ?? 'all' };
}
