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

/** A product's catalog, indexed once per configuration load. */
export class Catalog {
  readonly #products = new Map<number, Product>();
  readonly #variants = new Map<number, Variant>();

  constructor(products: readonly Product[]) {
    for (const product of products) {
      this.#products.set(product.id, product);
      for (const variant of product.variants) this.#variants.set(variant.id, variant);
    }
  }

  product(id: number): Product | undefined {
    return this.#products.get(id);
  }

  variant(id: number): Variant | undefined {
    return this.#variants.get(id);
  }

  get products(): Product[] {
    return [...this.#products.values()];
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
