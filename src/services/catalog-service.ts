import type { Product, Variant } from '../domain/catalog.js';
import { NotFoundError } from '../domain/errors.js';
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
      if (!(await tx.update(ConfigKind.product, id, JSON.stringify(product)))) throw productNotFound(id);
      if (replaceVariants) {
        const existing = await tx.list(ConfigKind.variant, { kind: ConfigKind.product, id });
        await writeVariants(tx, id, variants.length > 0 ? variants : [baseVariant(input)], existing.map((v) => v.id));
      }
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
