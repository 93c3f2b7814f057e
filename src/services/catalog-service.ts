import { type Product, type Variant, duplicateSku } from '../domain/catalog.js';
import { DomainError, NotFoundError, invalid } from '../domain/errors.js';
import { type StoreSettings, parseSettings } from '../domain/store-settings.js';
import type { ConfigWriter, StoreRecord } from '../store/store.js';
import { ConfigKind, productOf } from './config-documents.js';
import type { ConfigCache } from './store-config.js';

export type ProductInput = Omit<Product, 'id' | 'variants'> & { readonly variants: readonly VariantInput[] };
export type VariantInput = Omit<Variant, 'id' | 'productId'> & { readonly id?: number };

/** What a product update writes, decided from the product as stored (see `CatalogService.update`). */
export interface ProductChange {
  readonly input: ProductInput;
  /** Whether `input.variants` replace the product's variants; otherwise they stay as stored. */
  readonly replaceVariants: boolean;
}

/** The unique-key name under which products claim their SKUs (config_unique_keys). */
const SKU = 'sku';

/**
 * Catalog changes. Products and variants are configuration documents: a change is one
 * transaction that bumps the store's configuration version. Each returns the products as written,
 * so that a request answers from what it wrote. Items already in carts keep the price they were
 * added at. SKUs are unique in a store: each product claims its SKUs (its own and its variants') in
 * the database, whose key refuses a second claim (`ConfigWriter.claimUnique`).
 */
export class CatalogService {
  constructor(private readonly configs: ConfigCache) {}

  async create(record: StoreRecord, inputs: readonly ProductInput[]): Promise<Product[]> {
    const created: Product[] = [];
    await this.configs.change(record, async (tx) => {
      // Duplicates within the request are named by the request's own fields; the store's, by the claims.
      assertUniqueSkus(inputs.map(skuOwnerOf));
      for (const input of inputs) {
        const { variants, ...product } = input;
        const id = await tx.insert(ConfigKind.product, null, JSON.stringify(product));
        await claimSkus(tx, id, input, variants);
        const written = await writeVariants(tx, id, variants.length > 0 ? variants : [baseVariant(input)], []);
        created.push({ ...product, id, variants: written });
      }
    });
    return created;
  }

  /**
   * Changes a product: `change` gets the product as stored, read inside the configuration
   * transaction, and the store's settings, and says what to write. So a partial update merges into
   * the stored product and never writes back a field another change has replaced meanwhile.
   * Variants, when replaced, are kept by id. Returns the product as written.
   */
  async update(record: StoreRecord, id: number, change: (current: Product, settings: StoreSettings) => ProductChange): Promise<Product> {
    let updated: Product | undefined;
    await this.configs.change(record, async (tx) => {
      const item = await tx.find(ConfigKind.product, id);
      if (!item) throw productNotFound(id);
      const current = productOf(item, await tx.list(ConfigKind.variant, { kind: ConfigKind.product, id }));
      const { input, replaceVariants } = change(current, parseSettings(await tx.settings()));
      const { variants, ...product } = input;
      const existing = current.variants.map((v) => v.id);
      if (replaceVariants) assertOwnVariants(variants, existing);
      const kept = replaceVariants ? variants : current.variants;
      assertUniqueSkus([{ sku: input.sku, variantSkus: kept.map((v) => v.sku) }]);
      await tx.releaseUnique(SKU, { kind: ConfigKind.product, id });
      await claimSkus(tx, id, input, kept);
      await tx.update(ConfigKind.product, id, JSON.stringify(product));
      const written = replaceVariants ? await writeVariants(tx, id, variants.length > 0 ? variants : [baseVariant(input)], existing) : current.variants;
      updated = { ...product, id, variants: written };
    });
    return updated!;
  }

  /** Returns how many existed; deleting none changes nothing, not even the configuration version. */
  async delete(record: StoreRecord, ids: readonly number[]): Promise<number> {
    return this.configs.remove(record, ConfigKind.product, ids);
  }
}

export function productNotFound(id: number): NotFoundError {
  return new NotFoundError('product', `Product with id ${id} was not found.`);
}

/**
 * A variant sent with an `id` updates that variant, which must be one of this product's: an id of
 * another product's variant, or of none, is refused rather than taken for a new variant.
 */
function assertOwnVariants(variants: readonly VariantInput[], existingIds: readonly number[]): void {
  variants.forEach((variant, index) => {
    if (variant.id !== undefined && !existingIds.includes(variant.id)) {
      throw invalid(`Variant ${variant.id} is not a variant of this product.`, { [`variants.${index}.id`]: 'no variant of this product has this id' });
    }
  });
}

/** SKUs are unique in a store, as upstream's catalog requires: a duplicate is 409, as upstream answers. */
function assertUniqueSkus(owners: readonly { sku: string; variantSkus: readonly string[] }[]): void {
  const duplicate = duplicateSku(owners);
  if (duplicate) throw skuInUse(duplicate.sku, duplicate.variantIndex);
}

function skuInUse(sku: string, variantIndex: number | undefined): DomainError {
  const field = variantIndex === undefined ? 'sku' : `variants.${variantIndex}.sku`;
  return new DomainError(409, `The SKU '${sku}' is already in use; SKUs are unique in a store.`, { [field]: 'already in use' });
}

/** Claims a product's SKUs for it; another product's claim on one is the 409 `assertUniqueSkus` gives. */
async function claimSkus(tx: ConfigWriter, productId: number, input: ProductInput, variants: readonly { readonly sku: string }[]): Promise<void> {
  const skus = [input.sku, ...variants.map((v) => v.sku)].filter((sku) => sku !== '');
  const taken = await tx.claimUnique(SKU, skus, { kind: ConfigKind.product, id: productId });
  if (taken === undefined) return;
  const index = variants.findIndex((v) => v.sku === taken);
  throw skuInUse(taken, taken === input.sku || index < 0 ? undefined : index);
}

function skuOwnerOf(input: ProductInput): { sku: string; variantSkus: readonly string[] } {
  return { sku: input.sku, variantSkus: input.variants.map((v) => v.sku) };
}

function baseVariant(product: ProductInput): VariantInput {
  return { sku: product.sku, price: null, salePrice: null, weight: null, optionValues: [] };
}

/** Writes a product's variants (updating those kept by id, deleting the rest); returns them as written. */
async function writeVariants(tx: ConfigWriter, productId: number, variants: readonly VariantInput[], existingIds: readonly number[]): Promise<Variant[]> {
  const kept = new Set<number>();
  const written: Variant[] = [];
  for (const { id, ...variant } of variants) {
    if (id !== undefined && existingIds.includes(id)) {
      await tx.update(ConfigKind.variant, id, JSON.stringify(variant));
      kept.add(id);
      written.push({ ...variant, id, productId });
    } else {
      const created = await tx.insert(ConfigKind.variant, { kind: ConfigKind.product, id: productId }, JSON.stringify(variant));
      written.push({ ...variant, id: created, productId });
    }
  }
  await tx.delete(ConfigKind.variant, existingIds.filter((id) => !kept.has(id)));
  return written;
}
