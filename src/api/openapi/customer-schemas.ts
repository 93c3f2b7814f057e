import { Type } from 'typebox';
import { DateTime, Money, Nullable, Strict } from './common.js';

/**
 * Response schemas of customers (docs/customers.md): upstream's `customer_Full` and
 * `address_Full` (customers.v3.yml) on the server-to-server API; the checkout SDK's `Customer`
 * and `CustomerAddress` on the storefront; and the internal API's sign-in answer and errors.
 */

const AddressType = Type.Union([Type.Literal('residential'), Type.Literal('commercial')]);

export const CustomerAddressFull = Strict(
  {
    id: Type.Integer(),
    customer_id: Type.Integer(),
    first_name: Type.String(),
    last_name: Type.String(),
    company: Type.String(),
    address1: Type.String(),
    address2: Type.String(),
    city: Type.String(),
    state_or_province: Type.String(),
    postal_code: Type.String(),
    country_code: Type.String(),
    country: Type.String(),
    phone: Type.String(),
    address_type: AddressType,
  },
  { $id: 'CustomerAddressFull', description: "An address of a customer's address book (customers.v3.yml address_Full)." },
);

export const CustomerFull = Strict(
  {
    id: Type.Integer(),
    email: Type.String(),
    first_name: Type.String(),
    last_name: Type.String(),
    company: Type.String(),
    phone: Type.String(),
    registration_ip_address: Type.String(),
    notes: Type.String(),
    tax_exempt_category: Type.String(),
    customer_group_id: Type.Integer(),
    date_created: DateTime,
    date_modified: DateTime,
    address_count: Type.Integer(),
    attribute_count: Type.Integer({ description: 'Always 0: Consign keeps no customer attributes.' }),
    authentication: Strict({ force_password_reset: Type.Boolean() }),
    addresses: Type.Optional(Type.Array(CustomerAddressFull, { description: 'With include=addresses, and in the answer of a create.' })),
    store_credit_amounts: Type.Array(Strict({ amount: Money }), { description: 'Always one amount of 0: Consign has no store credit.' }),
    accepts_product_review_abandoned_cart_emails: Type.Boolean(),
    origin_channel_id: Type.Integer(),
    channel_ids: Nullable(Type.Array(Type.Integer())),
  },
  { $id: 'CustomerFull', description: 'A customer (customers.v3.yml customer_Full).' },
);

/** The checkout SDK's `CustomerAddress`. */
export const StorefrontCustomerAddress = Strict(
  {
    id: Type.Integer(),
    type: AddressType,
    firstName: Type.String(),
    lastName: Type.String(),
    company: Type.String(),
    address1: Type.String(),
    address2: Type.String(),
    city: Type.String(),
    stateOrProvince: Type.String(),
    stateOrProvinceCode: Type.String(),
    country: Type.String(),
    countryCode: Type.String(),
    postalCode: Type.String(),
    phone: Type.String(),
    customFields: Type.Array(Type.Object({}), { maxItems: 0 }),
  },
  { $id: 'StorefrontCustomerAddress', description: 'A saved address, as the checkout SDK types it (CustomerAddress).' },
);

/** The checkout SDK's `Customer`: the checkout's `customer`, and the answer of POST /customer-address. */
export const StorefrontCustomer = Strict(
  {
    id: Type.Integer({ description: '0 for a guest.' }),
    addresses: Type.Array(StorefrontCustomerAddress),
    email: Type.String(),
    firstName: Type.String(),
    lastName: Type.String(),
    fullName: Type.String(),
    isGuest: Type.Boolean(),
    shouldEncourageSignIn: Type.Boolean(),
    storeCredit: Money,
    customerGroup: Strict({ id: Type.Integer(), name: Type.String() }),
  },
  { $id: 'StorefrontCustomer', description: 'The customer, as the checkout SDK types it (Customer).' },
);

const InternalCustomerAddress = Strict({
  id: Type.Integer(),
  firstName: Type.String(),
  lastName: Type.String(),
  company: Type.String(),
  addressLine1: Type.String(),
  addressLine2: Type.String(),
  city: Type.String(),
  province: Type.String(),
  provinceCode: Type.String(),
  postCode: Type.String(),
  country: Type.String(),
  countryCode: Type.String(),
  phone: Type.String(),
  customFields: Type.Array(Type.Object({}), { maxItems: 0 }),
  type: AddressType,
});

/** The answer of sign-in and sign-out (the SDK's InternalCustomerResponseBody). */
export const InternalCustomerResponse = Strict(
  {
    data: Strict({
      customer: Strict({
        customerId: Type.Integer({ description: '0 once signed out.' }),
        isGuest: Type.Boolean(),
        storeCredit: Money,
        email: Type.String(),
        firstName: Type.String(),
        lastName: Type.String(),
        name: Type.String(),
        phoneNumber: Type.String(),
        customerGroupId: Type.Integer(),
        customerGroupName: Type.String(),
        addresses: Type.Array(InternalCustomerAddress),
      }),
    }),
    meta: Strict({}),
  },
  { $id: 'InternalCustomerResponse', description: "The signed-in (or signed-out) customer, in the internal API's spelling." },
);

/** The internal API's error (the SDK's InternalErrorResponseBody); `type` is checkout-js's word for the case. */
export const InternalError = Strict(
  {
    status: Type.Integer(),
    title: Type.String(),
    type: Type.Union([Type.Literal('invalid_login'), Type.Literal('throttled_login')]),
    detail: Type.String(),
    errors: Type.Array(Type.String(), { minItems: 1 }),
  },
  { $id: 'InternalError', description: 'A refused sign-in: invalid_login (401) or throttled_login (429).' },
);
