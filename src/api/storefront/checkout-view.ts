import type { FastifyRequest } from 'fastify';
import type { Address } from '../../domain/address.js';
import type { Checkout } from '../../domain/checkout.js';
import { checkCustomerAddress, fromCheckoutAddress } from '../../domain/customer-addresses.js';
import { DomainError, NotFoundError } from '../../domain/errors.js';
import type { StoreConfig } from '../../services/store-config.js';
import { storefrontOrigin } from '../storefront-links.js';
import { type StorefrontIncludes, presentStorefrontCheckout } from './presenter.js';

/** How the storefront names an address's fields, in errors about a saved address. */
export const STOREFRONT_ADDRESS_NAMES = {
  first_name: 'firstName',
  last_name: 'lastName',
  address1: 'address1',
  city: 'city',
  country_code: 'countryCode',
  state_or_province: 'stateOrProvince',
  postal_code: 'postalCode',
} as const;

/**
 * The checkout as the storefront answers with it, its `customer` (when included) the account the
 * checkout belongs to, saved addresses and all; a guest's otherwise (docs/customers.md).
 */
export async function presentCheckoutFor(request: FastifyRequest, checkout: Checkout, config: StoreConfig, includes: StorefrontIncludes) {
  const customer = includes.customer && checkout.customerId > 0 ? await request.server.consign.customers.find(request.storefront.store, checkout.customerId) : undefined;
  return presentStorefrontCheckout(checkout, config, includes, await storefrontOrigin(request, config), customer);
}

/**
 * `shouldSaveAddress: true` on a consignment's or the billing address: a signed-in shopper's
 * address goes into their address book, unless it is there already (sameAddress). Only the
 * session's own customer's book, and only for their own checkout; an address too incomplete for
 * an address book (no street, say) is not saved, and the checkout change stands.
 */
export async function saveAddressesAsked(request: FastifyRequest, checkout: Checkout | null, addresses: readonly (Address | undefined)[]): Promise<void> {
  const { customerId, store } = request.storefront;
  if (customerId === undefined || checkout === null || checkout.customerId !== customerId) return;
  for (const address of addresses) {
    if (!address) continue;
    let entry;
    try {
      entry = checkCustomerAddress(fromCheckoutAddress(address, customerId), STOREFRONT_ADDRESS_NAMES);
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    try {
      await request.server.consign.customers.saveAddress(store, entry);
    } catch (error) {
      // A customer deleted since has no book: deleting it signed its sessions out, which a session
      // this process remembers (`StorefrontSessions.recall`) or read just before does not know.
      if (error instanceof NotFoundError) return;
      throw error;
    }
  }
}
