import type { Minor } from './money.js';

/**
 * Just enough of a catalog for a checkout: BigCommerce's product and variant fields that decide
 * what an item costs, what it weighs and whether it ships. Every product has at least one variant
 * (upstream's "base variant"); a product "has options" when it has more than one.
 */
export interface Product {
  readonly id: number;
  readonly name: string;
  readonly sku: string;
  readonly type: 'physical' | 'digital';
  readonly price: Minor;
  /** 0 means no sale price. */
  readonly salePrice: Minor;
  readonly weight: number;
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly isFreeShipping: boolean;
  /** 0 means none. */
  readonly fixedCostShippingPrice: Minor;
  readonly taxClassId: number;
  readonly url: string;
  readonly imageUrl: string;
  readonly variants: readonly Variant[];
}

export interface VariantOptionValue {
  readonly optionDisplayName: string;
  readonly label: string;
}

export interface Variant {
  readonly id: number;
  readonly productId: number;
  readonly sku: string;
  /** Null: inherit the product's. */
  readonly price: Minor | null;
  readonly salePrice: Minor | null;
  readonly weight: number | null;
  readonly optionValues: readonly VariantOptionValue[];
}

/** What one unit of a variant costs and weighs, after the variant's overrides of its product. */
export interface PricedVariant {
  readonly product: Product;
  readonly variant: Variant;
  readonly listPrice: Minor;
  readonly salePrice: Minor;
  readonly weight: number;
}

export function hasOptions(product: Product): boolean {
  return product.variants.length > 1 || product.variants.some((v) => v.optionValues.length > 0);
}

export function priceVariant(product: Product, variant: Variant): PricedVariant {
  const listPrice = variant.price ?? product.price;
  const sale = variant.salePrice ?? product.salePrice;
  return {
    product,
    variant,
    listPrice,
    salePrice: sale > 0 && sale < listPrice ? sale : listPrice,
    weight: variant.weight ?? product.weight,
  };
}

/** Changes to a catalog past this many products are folded into a fresh index (see `withChanges`). */
const MAX_OVERLAY = 256;

/**
 * A store's catalog: products and variants by id. A catalog never changes; `withChanges` returns
 * the next one, which shares this one's index and keeps only what changed beside it, so that a
 * product change costs what it changed, not the size of the catalog. Every `MAX_OVERLAY` changed
 * products the index is rebuilt once, which spreads its cost over as many changes.
 *
 * @example new Catalog([shirt]).withChanges([repricedShirt], []).product(shirt.id) // repricedShirt
 */
export class Catalog {
  /** The shared index; never changed once built. */
  readonly #products: ReadonlyMap<number, Product>;
  readonly #variants: ReadonlyMap<number, Variant>;
  /** What changed since the index was built; undefined marks a removed product or variant. */
  readonly #changedProducts: ReadonlyMap<number, Product | undefined>;
  readonly #changedVariants: ReadonlyMap<number, Variant | undefined>;

  constructor(
    products: readonly Product[],
    index?: { products: ReadonlyMap<number, Product>; variants: ReadonlyMap<number, Variant> },
    changed?: { products: ReadonlyMap<number, Product | undefined>; variants: ReadonlyMap<number, Variant | undefined> },
  ) {
    if (index) {
      this.#products = index.products;
      this.#variants = index.variants;
    } else {
      const byId = new Map<number, Product>();
      const variants = new Map<number, Variant>();
      for (const product of products) {
        byId.set(product.id, product);
        for (const variant of product.variants) variants.set(variant.id, variant);
      }
      this.#products = byId;
      this.#variants = variants;
    }
    this.#changedProducts = changed?.products ?? new Map();
    this.#changedVariants = changed?.variants ?? new Map();
  }

  product(id: number): Product | undefined {
    return this.#changedProducts.has(id) ? this.#changedProducts.get(id) : this.#products.get(id);
  }

  variant(id: number): Variant | undefined {
    return this.#changedVariants.has(id) ? this.#changedVariants.get(id) : this.#variants.get(id);
  }

  /** Every product, by id. */
  get products(): Product[] {
    if (this.#changedProducts.size === 0) return [...this.#products.values()];
    const all: Product[] = [];
    for (const id of this.#products.keys()) {
      const current = this.product(id);
      if (current) all.push(current);
    }
    for (const [id, product] of this.#changedProducts) if (product && !this.#products.has(id)) all.push(product);
    return all.sort((x, y) => x.id - y.id);
  }

  /** The catalog with `changed` products (new or replaced, variants and all) and without `removed` ones. */
  withChanges(changed: readonly Product[], removed: readonly number[]): Catalog {
    const products = new Map(this.#changedProducts);
    const variants = new Map(this.#changedVariants);
    const drop = (id: number) => {
      for (const variant of this.product(id)?.variants ?? []) variants.set(variant.id, undefined);
      products.set(id, undefined);
    };
    for (const id of removed) drop(id);
    for (const product of changed) {
      drop(product.id);
      products.set(product.id, product);
      for (const variant of product.variants) variants.set(variant.id, variant);
    }
    const next = new Catalog([], { products: this.#products, variants: this.#variants }, { products, variants });
    return products.size > MAX_OVERLAY ? new Catalog(next.products) : next;
  }
}

/** The SKUs one product claims: its own and its variants'. */
export interface SkuOwner {
  readonly productId?: number;
  readonly sku: string;
  readonly variantSkus: readonly string[];
}

/**
 * The first SKU claimed twice, if any: by two products (a product's or a variant's SKU), or by two
 * variants of one product. A product and its own variant may share one (a base variant carries its
 * product's SKU); an empty SKU claims nothing. `variantIndex` says which of the last claimant's
 * variants repeats it, when it is a variant's.
 *
 * @example duplicateSku([{ sku: 'A', variantSkus: ['A'] }, { sku: 'B', variantSkus: ['A'] }]) // { sku: 'A', variantIndex: 0 }
 */
export function duplicateSku(owners: readonly SkuOwner[]): { sku: string; variantIndex?: number } | undefined {
  const claimed = new Set<string>();
  for (const owner of owners) {
    const own = new Set<string>();
    const claims: [string, number | undefined][] = [[owner.sku, undefined], ...owner.variantSkus.map((sku, index): [string, number] => [sku, index])];
    for (const [sku, variantIndex] of claims) {
      if (sku === '') continue;
      const repeatsOwnVariant = variantIndex !== undefined && owner.variantSkus.indexOf(sku) !== variantIndex;
      if (claimed.has(sku) || repeatsOwnVariant) return { sku, ...(variantIndex === undefined ? {} : { variantIndex }) };
      own.add(sku);
    }
    for (const sku of own) claimed.add(sku);
  }
  return undefined;
}
