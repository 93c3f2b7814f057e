import { describe, expect, it } from 'vitest';
import { type SkuOwner, duplicateSku } from '../../src/domain/catalog.js';

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
