import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { type Address, EMPTY_ADDRESS, checkCountry, normaliseAddress } from '../../domain/address.js';
import type { Catalog } from '../../domain/catalog.js';
import { invalid } from '../../domain/errors.js';
import { type LineItems, priceProductItem } from '../../domain/line-items.js';
import { parseAmount } from '../../domain/money.js';
import { parseInclude } from '../request-parts.js';
import type { StorefrontIncludes } from './presenter.js';
import type { AddCartItemsRequest, AddressRequest, BillingAddressRequest } from './schemas.js';

/**
 * Turns camelCase storefront request bodies into the same domain values the other dialect makes.
 * A billing address may come without a country: the checkout SDK's `continueAsGuest` sends only
 * the email.
 */
export function toAddress(body: Static<typeof AddressRequest> | Static<typeof BillingAddressRequest>, field = 'address'): Address {
  return normaliseAddress({
    ...EMPTY_ADDRESS,
    firstName: body.firstName ?? '',
    lastName: body.lastName ?? '',
    email: body.email ?? '',
    company: body.company ?? '',
    address1: body.address1 ?? '',
    address2: body.address2 ?? '',
    city: body.city ?? '',
    stateOrProvince: body.stateOrProvince ?? '',
    stateOrProvinceCode: body.stateOrProvinceCode ?? '',
    countryCode: body.countryCode ? checkCountry(body.countryCode, `${field}.countryCode`) : '',
    postalCode: body.postalCode ?? '',
    phone: body.phone ?? '',
    customFields: (body.customFields ?? []).map((f) => ({ fieldId: f.fieldId, fieldValue: f.fieldValue })),
    ...(body.shouldSaveAddress ? { shouldSaveAddress: true } : {}),
  });
}

export function toLineItems(body: Static<typeof AddCartItemsRequest>, catalog: Catalog, decimalPlaces: number): LineItems {
  return {
    products: (body.lineItems ?? []).map((item, index) => {
      const field = `lineItems.${index}`;
      if (item.optionSelections?.length && item.variantId === undefined) {
        throw invalid('Choose the variant with variantId; option selections are not supported yet.', { [`${field}.variantId`]: 'required' });
      }
      if (item.giftWrapping) throw invalid('Gift wrapping is not available in this store.', { [`${field}.giftWrapping`]: 'not available' });
      return priceProductItem(catalog, { productId: item.productId, variantId: item.variantId, quantity: item.quantity }, randomUUID(), field);
    }),
    customItems: [],
    giftCertificates: (body.giftCertificates ?? []).map((g, index) => ({
      id: randomUUID(),
      name: g.name,
      theme: g.theme,
      amount: parseAmount(g.amount, decimalPlaces, `giftCertificates.${index}.amount`),
      quantity: g.quantity,
      sender: g.sender,
      recipient: g.recipient,
      message: g.message ?? '',
    })),
  };
}

/** The storefront's `include` defaults (checkouts.sf `IncludeShippingDefault`). */
export const DEFAULT_INCLUDES = ['consignments.availableShippingOptions'] as const;
/** The defaults of a consignment PUT (`IncludeShippingPickupDefault`). */
export const PUT_CONSIGNMENT_INCLUDES = ['consignments.availableShippingOptions', 'consignments.availablePickupOptions'] as const;
/**
 * The defaults of a DELETE that answers with the checkout (a line item, a consignment, a coupon).
 * Upstream lists no `include` for these; its example answer (`CheckoutResp`, and the Delete
 * Consignment page's) carries the customer, payments and the lines' category names, and so does
 * Consign's (docs/storefront.md).
 */
export const DELETE_INCLUDES = [
  'consignments.availableShippingOptions',
  'customer',
  'payments',
  'cart.lineItems.physicalItems.categoryNames',
  'cart.lineItems.digitalItems.categoryNames',
] as const;

/**
 * Upstream's `include`: a comma-separated list, the defaults when absent, exactly what is listed
 * when present; values Consign does not know are ignored.
 */
export function storefrontIncludes(include: string | readonly string[] | undefined, defaults: readonly string[] = DEFAULT_INCLUDES): StorefrontIncludes {
  const wanted = include === undefined ? new Set(defaults) : parseInclude(include);
  return {
    availableShippingOptions: wanted.has('consignments.availableShippingOptions'),
    customer: wanted.has('customer') || wanted.has('customer.customerGroup'),
    payments: wanted.has('payments'),
    categoryNames: [...wanted].some((v) => v.endsWith('.categoryNames')),
  };
}

