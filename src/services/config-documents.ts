import { Catalog, type Product, type Variant } from '../domain/catalog.js';
import type { Coupon } from '../domain/coupons.js';
import type { PaymentConfig, PaymentMethodSettings } from '../domain/payments/methods.js';
import type { PickupConfig, PickupLocation, PickupMethod } from '../domain/pickup.js';
import type { Carrier } from '../domain/shipping/carriers.js';
import type { CarrierInputs } from '../domain/shipping/carriers-pricing.js';
import type { ShippingConfig, ShippingMethod, ShippingZone } from '../domain/shipping/types.js';
import { type StoreSettings, parseSettings } from '../domain/store-settings.js';
import type { Webhook } from '../domain/webhooks/webhook.js';
import { DEFAULT_TAX_CLASS, type TaxClass, type TaxConfig, type TaxZone } from '../domain/tax.js';
import type { ConfigChanges, ConfigItem, StoreRecord } from '../store/store.js';

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
  paymentMethod: 'payment_method',
  carrier: 'carrier',
  webhook: 'webhook',
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
  /** The payment methods the store has configured (docs/payments.md). */
  readonly payments: PaymentConfig;
  readonly version: number;
  /** Connected carrier apps; `outcomes` is empty here and filled per request by the checkout service. */
  readonly carriers: CarrierInputs;
  /** Webhook subscriptions (docs/webhooks.md), active or not; a write records events only for active ones. */
  readonly webhooks: readonly Webhook[];
}

type Doc<T> = Omit<T, 'id'>;

/** A stored document with its id: the shape of every configuration kind without children. */
export function documentOf<T extends { readonly id: number }>(item: ConfigItem): T {
  return { ...(JSON.parse(item.document) as Doc<T>), id: item.id } as T;
}

export function productOf(item: ConfigItem, variants: readonly ConfigItem[]): Product {
  return {
    ...(JSON.parse(item.document) as Doc<Omit<Product, 'variants'>>),
    id: item.id,
    variants: variants.map((v): Variant => ({ ...(JSON.parse(v.document) as Doc<Omit<Variant, 'productId'>>), id: v.id, productId: item.id })),
  };
}

export function zoneOf(item: ConfigItem, methods: readonly ConfigItem[]): ShippingZone {
  return { ...(JSON.parse(item.document) as Doc<Omit<ShippingZone, 'methods'>>), id: item.id, methods: methods.map((m) => documentOf<ShippingMethod>(m)) };
}

/** Locations seeded before pickup methods existed were stored in the fixture's shape; read those too. */
export function pickupLocationOf(item: ConfigItem): PickupLocation {
  const { name, ...rest } = documentOf<PickupLocation & { name?: string }>(item);
  return { ...rest, code: rest.code ?? '', label: rest.label ?? name ?? '', availableVariants: rest.availableVariants ?? 'all' };
}

const keyOf = (kind: string, id: number) => `${kind}:${id}`;

/**
 * A store's configuration documents as a cache holds them, brought up to date by the changes since
 * its version (`Store.loadConfigChanges`). Each top-level item is parsed once, when it or one of its
 * children was written, so that a change costs what it changed, not the size of the catalog.
 */
export class ConfigDocuments {
  /** Items by kind, then id. Ids only grow, so each map's order is id order, as a full load's. */
  readonly #byKind = new Map<string, Map<number, ConfigItem>>();
  /** Children by parent key (`product:3`), in id order. */
  readonly #children = new Map<string, Map<number, ConfigItem>>();
  /** Parsed top-level items by key, dropped when the item or one of its children changes. */
  readonly #parsed = new Map<string, unknown>();
  /** The catalog last built, and the products changed (or deleted) since. */
  #catalog: Catalog | undefined;
  readonly #changedProducts = new Set<number>();

  apply(changes: Pick<ConfigChanges, 'items' | 'deleted'>): void {
    for (const item of changes.items) {
      this.#kind(item.kind).set(item.id, item);
      this.#touch(item);
      if (item.parentKind !== null && item.parentId !== null) this.#childrenOf(keyOf(item.parentKind, item.parentId)).set(item.id, item);
    }
    for (const { kind, id } of changes.deleted) {
      const item = this.#byKind.get(kind)?.get(id);
      if (!item) continue;
      this.#byKind.get(kind)!.delete(id);
      this.#touch(item);
      this.#children.delete(keyOf(kind, id));
      if (item.parentKind !== null && item.parentId !== null) this.#children.get(keyOf(item.parentKind, item.parentId))?.delete(id);
    }
  }

  /** Forgets what was parsed of an item and of its parent, and notes a changed product. */
  #touch(item: ConfigItem): void {
    this.#parsed.delete(keyOf(item.kind, item.id));
    if (item.kind === ConfigKind.product) this.#changedProducts.add(item.id);
    if (item.parentKind === null || item.parentId === null) return;
    this.#parsed.delete(keyOf(item.parentKind, item.parentId));
    if (item.parentKind === ConfigKind.product) this.#changedProducts.add(item.parentId);
  }

  /** The catalog: the last one with the changed products replaced, or (the first time) built whole. */
  #buildCatalog(): Catalog {
    if (!this.#catalog) {
      this.#catalog = new Catalog(this.#all(ConfigKind.product, productOf));
    } else if (this.#changedProducts.size > 0) {
      const products = this.#byKind.get(ConfigKind.product);
      const changed: Product[] = [];
      const removed: number[] = [];
      for (const id of this.#changedProducts) {
        const item = products?.get(id);
        if (item) changed.push(this.#parse(item, productOf));
        else removed.push(id);
      }
      this.#catalog = this.#catalog.withChanges(changed, removed);
    }
    this.#changedProducts.clear();
    return this.#catalog;
  }

  build(store: StoreRecord, version: number): StoreConfig {
    const settings = parseSettings(store.settings);
    const coupons = new Map(this.#all<Coupon>(ConfigKind.coupon, documentOf).map((c) => [c.code.toLowerCase(), c] as const));
    const tax: TaxConfig = {
      classes: [DEFAULT_TAX_CLASS, ...this.#all<TaxClass>(ConfigKind.taxClass, documentOf)],
      zones: this.#all<TaxZone>(ConfigKind.taxZone, documentOf),
      settings: settings.tax,
    };
    const pickup: PickupConfig = {
      locations: this.#all(ConfigKind.pickupLocation, pickupLocationOf),
      methods: this.#all<PickupMethod>(ConfigKind.pickupMethod, documentOf),
    };
    return {
      store,
      settings,
      catalog: this.#buildCatalog(),
      shipping: { zones: this.#all(ConfigKind.shippingZone, zoneOf) },
      pickup,
      tax,
      coupons,
      // A payment method's document carries its code; the item id only orders them.
      payments: { methods: this.#all(ConfigKind.paymentMethod, (item) => JSON.parse(item.document) as PaymentMethodSettings) },
      version,
      carriers: {
        list: this.#all<Carrier>(ConfigKind.carrier, documentOf),
        context: { storeHash: store.hash, currency: settings.currency.code, decimalPlaces: settings.currency.decimalPlaces, weightUnit: settings.weightUnit },
        outcomes: new Map(),
      },
      webhooks: this.#all<Webhook>(ConfigKind.webhook, documentOf),
    };
  }

  /** Every item of a top-level kind, parsed (with its children) only when not parsed before. */
  #all<T>(kind: string, parse: (item: ConfigItem, children: readonly ConfigItem[]) => T): T[] {
    const items = this.#byKind.get(kind);
    if (!items) return [];
    return [...items.values()].map((item) => this.#parse(item, parse));
  }

  #parse<T>(item: ConfigItem, parse: (item: ConfigItem, children: readonly ConfigItem[]) => T): T {
    const key = keyOf(item.kind, item.id);
    let parsed = this.#parsed.get(key) as T | undefined;
    if (parsed === undefined) {
      parsed = parse(item, [...(this.#children.get(key)?.values() ?? [])]);
      this.#parsed.set(key, parsed);
    }
    return parsed;
  }

  #kind(kind: string): Map<number, ConfigItem> {
    let items = this.#byKind.get(kind);
    if (!items) this.#byKind.set(kind, (items = new Map()));
    return items;
  }

  #childrenOf(parent: string): Map<number, ConfigItem> {
    let children = this.#children.get(parent);
    if (!children) this.#children.set(parent, (children = new Map()));
    return children;
  }
}

/** A configuration built from scratch out of every item (a first load). */
export function buildStoreConfig(store: StoreRecord, version: number, items: readonly ConfigItem[]): StoreConfig {
  const documents = new ConfigDocuments();
  documents.apply({ items, deleted: [] });
  return documents.build(store, version);
}
