import type { Address, BillingAddress } from './address.js';
import type { Consignment } from './consignment.js';
import type { Coupon } from './coupons.js';
import { NotFoundError, invalid } from './errors.js';
import type { Fee } from './fees.js';
import {
  type GiftCertificate,
  type LineItems,
  type ProductLineItem,
  itemCount,
  mergeProductItems,
} from './line-items.js';
import type { Currency, Minor } from './money.js';

/**
 * The checkout aggregate. Upstream's cart and checkout are one resource with one id and one
 * `version`, so Consign keeps them as one object, loaded and saved whole: every command below is
 * a pure function from a checkout to the next one, and the service saves the result only if the
 * stored version is still the one it loaded.
 */
export interface Checkout {
  readonly id: string;
  readonly storeId: number;
  readonly channelId: number;
  readonly customerId: number;
  readonly email: string;
  readonly locale: string;
  readonly currency: Currency;
  readonly lineItems: LineItems;
  readonly billingAddress: BillingAddress | null;
  readonly consignments: readonly Consignment[];
  /** Coupons as they were when applied. */
  readonly coupons: readonly Coupon[];
  readonly fees: readonly Fee[];
  readonly customerMessage: string;
  readonly orderId: string | null;
  readonly version: number;
  readonly createdTime: string;
  readonly updatedTime: string;
}

export type NewCart = Pick<Checkout, 'id' | 'storeId' | 'channelId' | 'customerId' | 'email' | 'locale' | 'currency'> & { readonly now: string };

export function createCart(cart: NewCart, items: LineItems): Checkout {
  if (itemCount(items) === 0) throw invalid('Missing line_items in request body', { line_items: 'at least one item is required' });
  return {
    id: cart.id,
    storeId: cart.storeId,
    channelId: cart.channelId,
    customerId: cart.customerId,
    email: cart.email,
    locale: cart.locale,
    currency: cart.currency,
    lineItems: { ...items, products: mergeProductItems([], items.products) },
    billingAddress: null,
    consignments: [],
    coupons: [],
    fees: [],
    customerMessage: '',
    orderId: null,
    version: 1,
    createdTime: cart.now,
    updatedTime: cart.now,
  };
}

export function addItems(checkout: Checkout, items: LineItems): Checkout {
  if (itemCount(items) === 0) throw invalid('Missing line_items in request body', { line_items: 'at least one item is required' });
  return {
    ...checkout,
    lineItems: {
      products: mergeProductItems(checkout.lineItems.products, items.products),
      customItems: [...checkout.lineItems.customItems, ...items.customItems],
      giftCertificates: [...checkout.lineItems.giftCertificates, ...items.giftCertificates],
    },
  };
}

export interface ItemUpdate {
  readonly quantity: number;
  readonly listPrice?: Minor;
  /** The line's product and variant, when the client names them: they must be the line's own. */
  readonly productId?: number;
  readonly variantId?: number;
}

/**
 * Changes a line's quantity or price: upstream's PUT /carts/{id}/items/{itemId}, where "only
 * updating list_price and quantity are supported", a product or variant cannot be changed (remove
 * the line and add another), and "custom_items cannot be updated via the API". A gift
 * certificate's quantity can change, its amount cannot. Errors name fields under `line_item`.
 *
 * @example updateItem(checkout, lineId, { quantity: 3 }) // the line now holds 3
 */
export function updateItem(checkout: Checkout, itemId: string, update: ItemUpdate): Checkout {
  const { products, customItems, giftCertificates } = checkout.lineItems;
  const product = products.find((i) => i.id === itemId);
  if (product) {
    if (update.productId !== undefined && update.productId !== product.productId) {
      throw invalid(`The line item is of product ${product.productId}, not ${update.productId}; remove it and add the other product instead.`, { 'line_item.product_id': 'does not match the line item' });
    }
    if (update.variantId !== undefined && update.variantId !== product.variantId) {
      throw invalid(`The line item is of variant ${product.variantId}, not ${update.variantId}; remove it and add the other variant instead.`, { 'line_item.variant_id': 'does not match the line item' });
    }
    const changed: ProductLineItem = {
      ...product,
      quantity: update.quantity,
      ...(update.listPrice === undefined
        ? {}
        : { listPrice: update.listPrice, salePrice: update.listPrice, hasPriceOverride: true }),
    };
    return withProducts(checkout, products.map((i) => (i.id === itemId ? changed : i)));
  }
  if (customItems.some((i) => i.id === itemId)) {
    throw invalid('Custom items cannot be updated via the API. Add a new custom item and delete the outdated one.', { line_item: 'custom items cannot be updated' });
  }
  const gift = giftCertificates.find((i) => i.id === itemId);
  if (gift) {
    if (update.listPrice !== undefined) throw invalid("A gift certificate's amount cannot be changed.", { 'line_item.list_price': 'not accepted for a gift certificate' });
    if (update.productId !== undefined || update.variantId !== undefined) {
      throw invalid('The line item is a gift certificate, not a product.', { [`line_item.${update.productId !== undefined ? 'product_id' : 'variant_id'}`]: 'does not match the line item' });
    }
    const changed: GiftCertificate = { ...gift, quantity: update.quantity };
    return {
      ...checkout,
      lineItems: { ...checkout.lineItems, giftCertificates: giftCertificates.map((i) => (i.id === itemId ? changed : i)) },
    };
  }
  throw new NotFoundError('line_item', 'Line item not found.');
}

/**
 * Removes a line from the cart, and from any consignment it was allocated to. The caller deletes
 * the cart when this leaves it empty (upstream answers 204 then).
 */
export function removeItem(checkout: Checkout, itemId: string): Checkout {
  const { products, customItems, giftCertificates } = checkout.lineItems;
  const exists = [products, customItems, giftCertificates].some((list) => list.some((i) => i.id === itemId));
  if (!exists) throw new NotFoundError('line_item', 'Line item not found.');
  return {
    ...checkout,
    lineItems: {
      products: products.filter((i) => i.id !== itemId),
      customItems: customItems.filter((i) => i.id !== itemId),
      giftCertificates: giftCertificates.filter((i) => i.id !== itemId),
    },
  };
}

function withProducts(checkout: Checkout, products: readonly ProductLineItem[]): Checkout {
  return { ...checkout, lineItems: { ...checkout.lineItems, products } };
}

export function isEmpty(checkout: Checkout): boolean {
  return itemCount(checkout.lineItems) === 0;
}

export function setCustomerId(checkout: Checkout, customerId: number): Checkout {
  return { ...checkout, customerId };
}

export const CUSTOMER_MESSAGE_MAX = 2000;

export function setCustomerMessage(checkout: Checkout, message: string): Checkout {
  if (message.length > CUSTOMER_MESSAGE_MAX) {
    throw invalid(`customer_message must be at most ${CUSTOMER_MESSAGE_MAX} characters.`, { customer_message: 'too long' });
  }
  return { ...checkout, customerMessage: message };
}

/**
 * Sets the billing address (upstream's POST, which replaces any earlier one). The address keeps
 * the id it has; `newId` names the checkout's first. An address sent without an email keeps the
 * checkout's: a signed-in shopper's saved addresses carry none, and checkout-js bills to them as
 * they are, while the order needs the billing email (the customer's, as upstream takes it).
 */
export function setBillingAddress(checkout: Checkout, address: Address, newId: string): Checkout {
  const id = checkout.billingAddress?.id ?? newId;
  const email = address.email || checkout.email;
  return { ...checkout, billingAddress: { ...address, email, id }, email };
}

export function updateBillingAddress(checkout: Checkout, addressId: string, address: Address): Checkout {
  if (!checkout.billingAddress || checkout.billingAddress.id !== addressId) {
    throw new NotFoundError('resource', 'Billing address not found.');
  }
  return setBillingAddress(checkout, address, addressId);
}
