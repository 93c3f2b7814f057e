import { countryName } from '../../domain/address.js';
import type { Checkout } from '../../domain/checkout.js';
import type { CustomerAddress } from '../../domain/customer-addresses.js';
import { fullName } from '../../domain/customers.js';
import type { CustomerWithAddresses } from '../../services/customers/customer-service.js';
import { presentAddress } from './address-presenter.js';

/**
 * A customer as the checkout SDK types it (`Customer`): the checkout's `customer` (include
 * `customer`) and the answer of `POST /api/storefront/customer-address`, which the SDK merges
 * into the customer it holds. Consign has no store credit and no customer groups of its own:
 * `storeCredit` is 0 and the group is the customer's `customer_group_id` with no name.
 */
export function presentCustomer({ customer, addresses }: CustomerWithAddresses) {
  return {
    id: customer.id,
    addresses: addresses.map(presentCustomerAddress),
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    fullName: fullName(customer),
    isGuest: false,
    shouldEncourageSignIn: false,
    storeCredit: 0,
    customerGroup: { id: customer.customerGroupId, name: '' },
  };
}

/** A guest's `customer`: `id` 0 and `isGuest`, known only by the cart's email and billing name. */
export function presentGuest(checkout: Checkout) {
  const first = checkout.billingAddress?.firstName ?? '';
  const last = checkout.billingAddress?.lastName ?? '';
  return {
    id: 0,
    addresses: [],
    email: checkout.email,
    firstName: first,
    lastName: last,
    fullName: fullName({ firstName: first, lastName: last }),
    isGuest: true,
    shouldEncourageSignIn: false,
    storeCredit: 0,
    customerGroup: { id: 0, name: '' },
  };
}

/** A saved address as the SDK's `CustomerAddress`: the checkout's address fields, an id and a type. */
export function presentCustomerAddress(address: CustomerAddress) {
  const { email: _email, ...fields } = presentAddress({ ...address, email: '', customFields: [] });
  return { id: address.id, type: address.addressType, ...fields };
}

/**
 * The body of the SDK's internal sign-in and sign-out (`InternalCustomerResponseBody`):
 * `{data: {customer: InternalCustomer}, meta: {}}`, the customer in the internal API's older
 * spelling (`customerId`, `name`, addresses with `addressLine1`, `province`, `postCode`). A signed
 * out shopper is the guest, `customerId` 0.
 */
export function presentInternalCustomer(found: CustomerWithAddresses | undefined) {
  const customer = found?.customer;
  return {
    data: {
      customer: {
        customerId: customer?.id ?? 0,
        isGuest: customer === undefined,
        storeCredit: 0,
        email: customer?.email ?? '',
        firstName: customer?.firstName ?? '',
        lastName: customer?.lastName ?? '',
        name: customer ? fullName(customer) : '',
        phoneNumber: customer?.phone ?? '',
        customerGroupId: customer?.customerGroupId ?? 0,
        customerGroupName: '',
        addresses: (found?.addresses ?? []).map((address) => ({
          id: address.id,
          firstName: address.firstName,
          lastName: address.lastName,
          company: address.company,
          addressLine1: address.address1,
          addressLine2: address.address2,
          city: address.city,
          province: address.stateOrProvince,
          provinceCode: address.stateOrProvinceCode,
          postCode: address.postalCode,
          country: countryName(address.countryCode),
          countryCode: address.countryCode,
          phone: address.phone,
          customFields: [],
          type: address.addressType,
        })),
      },
    },
    meta: {},
  };
}
