import { upstreamTime } from '../upstream-time.js';
import { type Static, Type } from 'typebox';
import { countryName } from '../../domain/address.js';
import { type CustomerAddress, type NewCustomerAddress, checkCustomerAddress } from '../../domain/customer-addresses.js';
import { CUSTOMER_LIMITS, type CustomerChanges, type NewCustomer } from '../../domain/customers.js';
import type { CustomerCreate, CustomerUpdate, CustomerWithAddresses } from '../../services/customers/customer-service.js';
import { Id, MAX_ID } from './schemas.js';

/**
 * Upstream's Customers v3 shapes (customers.v3.yml) as far as a checkout needs them: requests
 * (`customer_Post`, `customer_Put`, `address_Post`, `address_Put`) and the presenters of
 * `customer_Full` and `address_Full`. Fields upstream has and Consign keeps nothing of (attributes,
 * form fields, store credit, channels) are accepted and ignored, as unknown fields are.
 */

const IdList = Type.String({ pattern: '^\\d{1,10}(,\\d{1,10}){0,249}$', description: 'Comma-separated ids.' });
const Text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength });

const addressFields = {
  first_name: Text(255, 1),
  last_name: Text(255, 1),
  company: Type.Optional(Text(255)),
  address1: Text(255, 1),
  address2: Type.Optional(Text(255)),
  city: Text(100, 1),
  state_or_province: Type.Optional(Text(100)),
  postal_code: Type.Optional(Text(30)),
  country_code: Type.String({ pattern: '^[A-Za-z]{2}$' }),
  phone: Type.Optional(Text(50)),
  address_type: Type.Optional(Type.Union([Type.Literal('residential'), Type.Literal('commercial')])),
};

/** An address inside a customer create (`customerAddresses_CustomerPost`). */
const CustomerAddressPost = Type.Object(addressFields);
export const AddressPost = Type.Object({ ...addressFields, customer_id: Id });
export const AddressPut = Type.Partial(Type.Object(addressFields));
const AddressPutWithId = Type.Intersect([AddressPut, Type.Object({ id: Id })]);

const Authentication = Type.Object({
  force_password_reset: Type.Optional(Type.Boolean()),
  new_password: Type.Optional(Type.String({ maxLength: CUSTOMER_LIMITS.password })),
});

const customerFields = {
  email: Text(CUSTOMER_LIMITS.email, 3),
  first_name: Text(CUSTOMER_LIMITS.name, 1),
  last_name: Text(CUSTOMER_LIMITS.name, 1),
  company: Type.Optional(Text(CUSTOMER_LIMITS.company)),
  phone: Type.Optional(Text(CUSTOMER_LIMITS.phone)),
  notes: Type.Optional(Text(2000)),
  customer_group_id: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ID })),
  accepts_product_review_abandoned_cart_emails: Type.Optional(Type.Boolean()),
  authentication: Type.Optional(Authentication),
};

export const CustomerPost = Type.Object({
  ...customerFields,
  registration_ip_address: Type.Optional(Text(30)),
  addresses: Type.Optional(Type.Array(CustomerAddressPost, { maxItems: 10 })),
});
export const CustomerPut = Type.Intersect([Type.Partial(Type.Object(customerFields)), Type.Object({ id: Id })]);

/** Batches are sized by hand (413, as upstream), so the schemas cap them only loosely. */
export const CreateCustomersRequest = Type.Array(CustomerPost, { minItems: 1, maxItems: 100 });
export const UpdateCustomersRequest = Type.Array(CustomerPut, { minItems: 1, maxItems: 100 });
export const CreateAddressesRequest = Type.Array(AddressPost, { minItems: 1, maxItems: 1000 });
export const UpdateAddressesRequest = Type.Array(AddressPutWithId, { minItems: 1, maxItems: 1000 });

const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 50 })),
};
export const ListCustomersQuery = Type.Object({
  ...Paging,
  'id:in': Type.Optional(IdList),
  'email:in': Type.Optional(Type.String({ maxLength: 10_000, description: 'Comma-separated emails, compared without case.' })),
  include: Type.Optional(Type.String({ maxLength: 1000, description: '`addresses` adds each customer\'s addresses.' })),
});
export const ListAddressesQuery = Type.Object({ ...Paging, 'id:in': Type.Optional(IdList), 'customer_id:in': Type.Optional(IdList) });
/** Upstream requires `id:in`, yet answers 204 and changes nothing without it. */
export const DeleteByIdsQuery = Type.Object({ 'id:in': Type.Optional(IdList) });

export const ids = (list: string | undefined): number[] | undefined => list?.split(',').map(Number);

const MANAGEMENT_NAMES = {
  first_name: 'first_name',
  last_name: 'last_name',
  address1: 'address1',
  city: 'city',
  country_code: 'country_code',
  state_or_province: 'state_or_province',
  postal_code: 'postal_code',
} as const;

type AddressFields = Static<typeof CustomerAddressPost>;

/** An address of a request as the domain's, checked as an address book requires. */
export function toCustomerAddress(body: AddressFields, customerId: number, prefix: string): NewCustomerAddress {
  return checkCustomerAddress(
    {
      customerId,
      firstName: body.first_name,
      lastName: body.last_name,
      company: body.company ?? '',
      address1: body.address1,
      address2: body.address2 ?? '',
      city: body.city,
      stateOrProvince: body.state_or_province ?? '',
      stateOrProvinceCode: '',
      countryCode: body.country_code,
      postalCode: body.postal_code ?? '',
      phone: body.phone ?? '',
      addressType: body.address_type ?? 'residential',
    },
    MANAGEMENT_NAMES,
    prefix,
  );
}

/** An address update applied to the current address; the state code follows a changed state or country. */
export function applyAddressPut(body: Static<typeof AddressPut>, current: CustomerAddress, prefix: string): CustomerAddress {
  const moved = body.state_or_province !== undefined || body.country_code !== undefined;
  const merged = toCustomerAddress(
    {
      first_name: body.first_name ?? current.firstName,
      last_name: body.last_name ?? current.lastName,
      company: body.company ?? current.company,
      address1: body.address1 ?? current.address1,
      address2: body.address2 ?? current.address2,
      city: body.city ?? current.city,
      state_or_province: body.state_or_province ?? current.stateOrProvince,
      postal_code: body.postal_code ?? current.postalCode,
      country_code: body.country_code ?? current.countryCode,
      phone: body.phone ?? current.phone,
      address_type: body.address_type ?? current.addressType,
    },
    current.customerId,
    prefix,
  );
  return { ...merged, id: current.id, stateOrProvinceCode: moved ? merged.stateOrProvinceCode : current.stateOrProvinceCode || merged.stateOrProvinceCode };
}

export function toCustomerCreate(body: Static<typeof CustomerPost>, index: number, ip: string): CustomerCreate {
  const customer: NewCustomer = {
    email: body.email,
    firstName: body.first_name,
    lastName: body.last_name,
    company: body.company ?? '',
    phone: body.phone ?? '',
    notes: body.notes ?? '',
    customerGroupId: body.customer_group_id ?? 0,
    acceptsMarketingEmails: body.accepts_product_review_abandoned_cart_emails ?? false,
    forcePasswordReset: body.authentication?.force_password_reset ?? false,
    registrationIpAddress: body.registration_ip_address ?? ip,
  };
  return {
    customer,
    ...(body.authentication?.new_password === undefined ? {} : { password: body.authentication.new_password }),
    addresses: (body.addresses ?? []).map((address, a) => {
      const { customerId: _none, ...rest } = toCustomerAddress(address, 0, `${index}.addresses.${a}.`);
      return rest;
    }),
  };
}

export function toCustomerUpdate(body: Static<typeof CustomerPut>): CustomerUpdate {
  const changes: CustomerChanges = {
    ...(body.email === undefined ? {} : { email: body.email }),
    ...(body.first_name === undefined ? {} : { firstName: body.first_name }),
    ...(body.last_name === undefined ? {} : { lastName: body.last_name }),
    ...(body.company === undefined ? {} : { company: body.company }),
    ...(body.phone === undefined ? {} : { phone: body.phone }),
    ...(body.notes === undefined ? {} : { notes: body.notes }),
    ...(body.customer_group_id === undefined ? {} : { customerGroupId: body.customer_group_id }),
    ...(body.accepts_product_review_abandoned_cart_emails === undefined ? {} : { acceptsMarketingEmails: body.accepts_product_review_abandoned_cart_emails }),
    ...(body.authentication?.force_password_reset === undefined ? {} : { forcePasswordReset: body.authentication.force_password_reset }),
  };
  return { id: body.id, changes, ...(body.authentication?.new_password === undefined ? {} : { password: body.authentication.new_password }) };
}

/** `customer_Full`; `addresses` only when asked for (`include=addresses`), as upstream. */
export function presentCustomer({ customer, addresses }: CustomerWithAddresses, withAddresses: boolean) {
  return {
    id: customer.id,
    email: customer.email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    company: customer.company,
    phone: customer.phone,
    registration_ip_address: customer.registrationIpAddress,
    notes: customer.notes,
    tax_exempt_category: '',
    customer_group_id: customer.customerGroupId,
    date_created: upstreamTime(customer.dateCreated),
    date_modified: upstreamTime(customer.dateModified),
    address_count: addresses.length,
    attribute_count: 0,
    authentication: { force_password_reset: customer.forcePasswordReset },
    ...(withAddresses ? { addresses: addresses.map(presentCustomerAddress) } : {}),
    store_credit_amounts: [{ amount: 0 }],
    accepts_product_review_abandoned_cart_emails: customer.acceptsMarketingEmails,
    origin_channel_id: 1,
    channel_ids: null,
  };
}

/** `address_Full`. */
export function presentCustomerAddress(address: CustomerAddress) {
  return {
    id: address.id,
    customer_id: address.customerId,
    first_name: address.firstName,
    last_name: address.lastName,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    state_or_province: address.stateOrProvince,
    postal_code: address.postalCode,
    country_code: address.countryCode,
    country: countryName(address.countryCode),
    phone: address.phone,
    address_type: address.addressType,
  };
}
