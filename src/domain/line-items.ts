import { type Catalog, hasOptions, priceVariant } from './catalog.js';
import { invalid } from './errors.js';
import type { Minor } from './money.js';

/**
 * The items of a cart, priced when added: a later change to the catalog never changes the price
 * of an item already in a cart (upstream behaves the same way).
 */
export interface ProductLineItem {
  readonly id: string;
  /** `physical` items ship in consignments; `digital` ones never do. */
  readonly kind: 'physical' | 'digital';
  readonly productId: number;
  readonly variantId: number;
  readonly sku: string;
  readonly name: string;
  readonly url: string;
  readonly imageUrl: string;
  readonly quantity: number;
  /** Catalog price at the time of adding, or the `list_price` override. */
  readonly listPrice: Minor;
  readonly salePrice: Minor;
  /** The catalog's price at the time of adding, before any override. */
  readonly originalPrice: Minor;
  readonly hasPriceOverride: boolean;
  readonly weight: number;
  readonly isTaxable: boolean;
  readonly taxClassId: number;
  readonly isFreeShipping: boolean;
  readonly fixedShippingPrice: Minor;
  readonly options: readonly { readonly name: string; readonly value: string }[];
}

export interface CustomItem {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly listPrice: Minor;
  readonly imageUrl: string;
}

export const GIFT_CERTIFICATE_THEMES = ['Birthday', 'Boy', 'Celebration', 'Christmas', 'General', 'Girl'] as const;

export interface GiftCertificate {
  readonly id: string;
  readonly name: string;
  readonly theme: (typeof GIFT_CERTIFICATE_THEMES)[number];
  readonly amount: Minor;
  readonly quantity: number;
  readonly sender: { readonly name: string; readonly email: string };
  readonly recipient: { readonly name: string; readonly email: string };
  readonly message: string;
}

export interface LineItems {
  readonly products: readonly ProductLineItem[];
  readonly customItems: readonly CustomItem[];
  readonly giftCertificates: readonly GiftCertificate[];
}

export const NO_LINE_ITEMS: LineItems = { products: [], customItems: [], giftCertificates: [] };

export interface ProductItemRequest {
  readonly productId: number;
  readonly variantId?: number;
  readonly quantity: number;
  readonly listPrice?: Minor;
  readonly name?: string;
}

/** Turns a request for a catalog item into a priced line item, or says what is wrong with it. */
export function priceProductItem(catalog: Catalog, request: ProductItemRequest, id: string, field: string): ProductLineItem {
  const product = catalog.product(request.productId);
  if (!product) throw invalid(`Product with id ${request.productId} was not found.`, { [`${field}.product_id`]: 'not found' });
  let variant = request.variantId === undefined ? undefined : catalog.variant(request.variantId);
  if (request.variantId !== undefined && (!variant || variant.productId !== product.id)) {
    throw invalid(`Variant with id ${request.variantId} was not found for product ${product.id}.`, {
      [`${field}.variant_id`]: 'not found',
    });
  }
  if (!variant) {
    if (hasOptions(product)) {
      throw invalid('This product has options; variant ID is required', { [`${field}.variant_id`]: 'required' });
    }
    variant = product.variants[0];
    if (!variant) throw invalid(`Product with id ${product.id} cannot be purchased.`, { [`${field}.product_id`]: 'no variant' });
  }
  const priced = priceVariant(product, variant);
  const overridden = request.listPrice !== undefined;
  const listPrice = request.listPrice ?? priced.listPrice;
  return {
    id,
    kind: product.type,
    productId: product.id,
    variantId: variant.id,
    sku: variant.sku || product.sku,
    name: request.name ?? product.name,
    url: product.url,
    imageUrl: product.imageUrl,
    quantity: request.quantity,
    listPrice,
    salePrice: overridden ? listPrice : priced.salePrice,
    originalPrice: priced.listPrice,
    hasPriceOverride: overridden,
    weight: priced.weight,
    isTaxable: true,
    taxClassId: product.taxClassId,
    isFreeShipping: product.isFreeShipping,
    fixedShippingPrice: product.fixedCostShippingPrice,
    options: variant.optionValues.map((o) => ({ name: o.optionDisplayName, value: o.label })),
  };
}

/**
 * Adds priced items to a cart. Like upstream, adding a variant already in the cart (at the same
 * price) raises that line's quantity instead of adding a second line.
 */
export function mergeProductItems(existing: readonly ProductLineItem[], added: readonly ProductLineItem[]): ProductLineItem[] {
  const result = [...existing];
  for (const item of added) {
    const index = result.findIndex(
      (r) => r.variantId === item.variantId && r.listPrice === item.listPrice && r.name === item.name && !r.hasPriceOverride && !item.hasPriceOverride,
    );
    const same = index >= 0 ? result[index] : undefined;
    if (same) result[index] = { ...same, quantity: same.quantity + item.quantity };
    else result.push(item);
  }
  return result;
}

export function itemCount(items: LineItems): number {
  return items.products.length + items.customItems.length + items.giftCertificates.length;
}

/** What a line costs before discounts: sale price times quantity. */
export function extendedSalePrice(item: ProductLineItem): Minor {
  return item.salePrice * item.quantity;
}

export function extendedListPrice(item: ProductLineItem): Minor {
  return item.listPrice * item.quantity;
}
