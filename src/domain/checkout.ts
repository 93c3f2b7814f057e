import type { Address, BillingAddress } from './address.js';
import type { Consignment } from './consignment.js';
import type { Coupon } from './coupons.js';
import { NotFoundError, invalid } from './errors.js';
import type { Fee } from './fees.js';
import {
  type CustomItem,
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
}

/** Changes a line's quantity or price. Only a line item's quantity and list price are mutable upstream. */
export function updateItem(checkout: Checkout, itemId: string, update: ItemUpdate): Checkout {
  const { products, customItems, giftCertificates } = checkout.lineItems;
  const product = products.find((i) => i.id === itemId);
  if (product) {
    const changed: ProductLineItem = {
      ...product,
      quantity: update.quantity,
      ...(update.listPrice === undefined
        ? {}
        : { listPrice: update.listPrice, salePrice: update.listPrice, hasPriceOverride: true }),
    };
    return withProducts(checkout, products.map((i) => (i.id === itemId ? changed : i)));
  }
  const custom = customItems.find((i) => i.id === itemId);
  if (custom) {
    const changed: CustomItem = { ...custom, quantity: update.quantity, listPrice: update.listPrice ?? custom.listPrice };
    return { ...checkout, lineItems: { ...checkout.lineItems, customItems: customItems.map((i) => (i.id === itemId ? changed : i)) } };
  }
  const gift = giftCertificates.find((i) => i.id === itemId);
  if (gift) {
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
 * the id it has; `newId` names the checkout's first.
 */
export function setBillingAddress(checkout: Checkout, address: Address, newId: string): Checkout {
  const id = checkout.billingAddress?.id ?? newId;
  return { ...checkout, billingAddress: { ...address, id }, email: address.email || checkout.email };
}

export function updateBillingAddress(checkout: Checkout, addressId: string, address: Address): Checkout {
  if (!checkout.billingAddress || checkout.billingAddress.id !== addressId) {
    throw new NotFoundError('resource', 'Billing address not found.');
  }
  return setBillingAddress(checkout, address, addressId);
}
