import { describe, expect, it } from 'vitest';
import { Catalog, type Product, type SkuOwner, duplicateSku } from '../../src/domain/catalog.js';

const owner = (sku: string, ...variantSkus: string[]): SkuOwner => ({ sku, variantSkus });

describe('duplicateSku: SKUs are unique in a store', () => {
  it.each<[string, SkuOwner[], ReturnType<typeof duplicateSku>]>([
    ['no products', [], undefined],
    ['distinct SKUs', [owner('A', 'A-1', 'A-2'), owner('B', 'B-1')], undefined],
    ['a product sharing its SKU with its own base variant', [owner('A', 'A')], undefined],
    ['empty SKUs, any number of times', [owner('', '', ''), owner('', '')], undefined],
    ['two products with one SKU', [owner('A'), owner('A')], { sku: 'A' }],
    ['a product SKU that is another product\'s variant SKU', [owner('A', 'A-1'), owner('A-1')], { sku: 'A-1' }],
    ['a variant SKU that is another product\'s SKU', [owner('A'), owner('B', 'B-1', 'A')], { sku: 'A', variantIndex: 1 }],
    ['two variants of one product with one SKU', [owner('A', 'A-1', 'A-1')], { sku: 'A-1', variantIndex: 1 }],
    ['SKUs differing only in case are different', [owner('a'), owner('A')], undefined],
  ])('%s', (_, owners, expected) => {
    expect(duplicateSku(owners)).toEqual(expected);
  });
});

describe('Catalog.withChanges: the next catalog, sharing the index', () => {
  const product = (id: number, name: string, variantIds: number[]): Product => ({
    id, name, sku: `P${id}`, type: 'physical', price: 100, salePrice: 0, weight: 1, width: 0, height: 0, depth: 0, isFreeShipping: false,
    fixedCostShippingPrice: 0, taxClassId: 0, url: '', imageUrl: '',
    variants: variantIds.map((v) => ({ id: v, productId: id, sku: `V${v}`, price: null, salePrice: null, weight: null, optionValues: [] })),
  });
  const view = (catalog: Catalog) => ({
    products: catalog.products.map((p) => `${p.id}:${p.name}:${p.variants.map((v) => v.id).join('+')}`),
    variants: [1, 2, 3, 4, 5, 6, 7].filter((id) => catalog.variant(id)).map((id) => `${id}->${catalog.variant(id)!.productId}`),
  });
  const base = new Catalog([product(1, 'one', [1]), product(2, 'two', [2, 3]), product(3, 'three', [4])]);

  it.each<[string, Product[], number[], ReturnType<typeof view>]>([
    ['nothing changed', [], [], { products: ['1:one:1', '2:two:2+3', '3:three:4'], variants: ['1->1', '2->2', '3->2', '4->3'] }],
    ['a product renamed', [product(2, 'TWO', [2, 3])], [], { products: ['1:one:1', '2:TWO:2+3', '3:three:4'], variants: ['1->1', '2->2', '3->2', '4->3'] }],
    ['a variant replaced: the old one is gone', [product(2, 'two', [2, 5])], [], { products: ['1:one:1', '2:two:2+5', '3:three:4'], variants: ['1->1', '2->2', '4->3', '5->2'] }],
    ['a product removed, variants and all', [], [2], { products: ['1:one:1', '3:three:4'], variants: ['1->1', '4->3'] }],
    ['a product added, listed in id order', [product(4, 'four', [6, 7])], [], { products: ['1:one:1', '2:two:2+3', '3:three:4', '4:four:6+7'], variants: ['1->1', '2->2', '3->2', '4->3', '6->4', '7->4'] }],
  ])('%s', (_, changed, removed, expected) => {
    const next = base.withChanges(changed, removed);
    expect(view(next)).toEqual(expected);
    expect(next.product(1)).toBe(base.product(1));
    // The catalog it came from is as it was.
    expect(view(base).products).toEqual(['1:one:1', '2:two:2+3', '3:three:4']);
  });

  it('stays right through many changes, past each rebuild of its index', () => {
    let catalog = base;
    for (let round = 1; round <= 600; round++) {
      catalog = catalog.withChanges([product(10 + round, `added ${round}`, []), product(1, `one ${round}`, [1])], round % 2 ? [] : [10 + round - 1]);
    }
    const ids = catalog.products.map((p) => p.id);
    expect(ids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(view(catalog).variants).toEqual(['1->1', '2->2', '3->2', '4->3']);
    expect(catalog.product(2)).toBe(base.product(2));
    expect(catalog.product(1)!.name).toBe('one 600');
    expect(catalog.products.filter((p) => p.id > 10)).toHaveLength(300);
    // Each even round removed the product the odd round before it added.
    expect(catalog.product(10 + 600)).toBeDefined();
    expect(catalog.product(10 + 599)).toBeUndefined();
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
