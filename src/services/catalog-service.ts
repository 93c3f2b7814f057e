import { type SkuOwner, duplicateSku } from '../domain/catalog.js';
import type { Product, Variant } from '../domain/catalog.js';
import { DomainError, NotFoundError, invalid } from '../domain/errors.js';
import type { ConfigWriter, StoreRecord } from '../store/store.js';
import { type ConfigCache, ConfigKind } from './store-config.js';

export type ProductInput = Omit<Product, 'id' | 'variants'> & { readonly variants: readonly VariantInput[] };
export type VariantInput = Omit<Variant, 'id' | 'productId'> & { readonly id?: number };

/**
 * Catalog changes. Products and variants are configuration documents: a change is one
 * transaction that bumps the store's configuration version, and the cache is dropped at once.
 * Items already in carts keep the price they were added at.
 */
export class CatalogService {
  constructor(private readonly configs: ConfigCache) {}

  async create(record: StoreRecord, inputs: readonly ProductInput[]): Promise<number[]> {
    const ids: number[] = [];
    await this.configs.change(record, async (tx) => {
      // Checked inside the transaction, which serialises a store's configuration changes, so two
      // requests racing with one SKU cannot both win.
      assertUniqueSkus([...(await storedSkuOwners(tx)), ...inputs.map((input) => skuOwnerOf(input))]);
      for (const input of inputs) {
        const { variants, ...product } = input;
        const id = await tx.insert(ConfigKind.product, null, JSON.stringify(product));
        await writeVariants(tx, id, variants.length > 0 ? variants : [baseVariant(input)], []);
        ids.push(id);
      }
    });
    return ids;
  }

  /** Replaces a product's fields; variants, when given, replace the product's variants (kept by id). */
  async update(record: StoreRecord, id: number, input: ProductInput, replaceVariants: boolean): Promise<void> {
    await this.configs.change(record, async (tx) => {
      const { variants, ...product } = input;
      const stored = await storedSkuOwners(tx);
      const current = stored.find((owner) => owner.productId === id);
      if (!current) throw productNotFound(id);
      const existing = (await tx.list(ConfigKind.variant, { kind: ConfigKind.product, id })).map((v) => v.id);
      if (replaceVariants) assertOwnVariants(variants, existing);
      const changed = replaceVariants ? skuOwnerOf(input) : { sku: input.sku, variantSkus: current.variantSkus };
      assertUniqueSkus([...stored.filter((owner) => owner !== current), changed]);
      await tx.update(ConfigKind.product, id, JSON.stringify(product));
      if (replaceVariants) await writeVariants(tx, id, variants.length > 0 ? variants : [baseVariant(input)], existing);
    });
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
function assertUniqueSkus(owners: readonly SkuOwner[]): void {
  const duplicate = duplicateSku(owners);
  if (!duplicate) return;
  const field = duplicate.variantIndex === undefined ? 'sku' : `variants.${duplicate.variantIndex}.sku`;
  throw new DomainError(409, `The SKU '${duplicate.sku}' is already in use; SKUs are unique in a store.`, { [field]: 'already in use' });
}

function skuOwnerOf(input: ProductInput): SkuOwner {
  return { sku: input.sku, variantSkus: input.variants.map((v) => v.sku) };
}

/** The SKUs the store's products claim now. */
async function storedSkuOwners(tx: ConfigWriter): Promise<SkuOwner[]> {
  const products = await tx.list(ConfigKind.product);
  const skusByProduct = new Map<number, string[]>();
  for (const variant of await tx.list(ConfigKind.variant)) {
    const skus = skusByProduct.get(variant.parentId!) ?? [];
    skus.push((JSON.parse(variant.document) as { sku: string }).sku);
    skusByProduct.set(variant.parentId!, skus);
  }
  return products.map((p) => ({
    productId: p.id,
    sku: (JSON.parse(p.document) as { sku: string }).sku,
    variantSkus: skusByProduct.get(p.id) ?? [],
  }));
}

function baseVariant(product: ProductInput): VariantInput {
  return { sku: product.sku, price: null, salePrice: null, weight: null, optionValues: [] };
}

async function writeVariants(tx: ConfigWriter, productId: number, variants: readonly VariantInput[], existingIds: readonly number[]): Promise<void> {
  const kept = new Set<number>();
  for (const { id, ...variant } of variants) {
    if (id !== undefined && existingIds.includes(id)) {
      await tx.update(ConfigKind.variant, id, JSON.stringify(variant));
      kept.add(id);
    } else {
      await tx.insert(ConfigKind.variant, { kind: ConfigKind.product, id: productId }, JSON.stringify(variant));
    }
  }
  await tx.delete(ConfigKind.variant, existingIds.filter((id) => !kept.has(id)));
}
