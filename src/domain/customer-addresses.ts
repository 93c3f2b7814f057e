import { type Address, EMPTY_ADDRESS, checkCountry, normaliseAddress } from './address.js';
import { findCountry } from './countries.js';
import { invalid } from './errors.js';

export const ADDRESS_TYPES = ['residential', 'commercial'] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

/**
 * One address of a customer's address book (upstream's `address_Full`): a checkout's address
 * fields, without the email and custom fields an address book does not keep.
 */
export interface CustomerAddress extends Omit<Address, 'email' | 'customFields' | 'shouldSaveAddress'> {
  readonly id: number;
  readonly customerId: number;
  readonly addressType: AddressType;
}

/** An address before the store gives it an id. */
export type NewCustomerAddress = Omit<CustomerAddress, 'id'>;

/** Upstream's limit on the address book: it returns at most this many per customer. */
export const ADDRESSES_PER_CUSTOMER = 100;

/** Upstream's batch size for address writes is not stated; Consign takes this many in one call. */
export const ADDRESSES_PER_REQUEST = 50;

/** The fields upstream compares to call two addresses of one customer the same (customers.v3). */
const CORE_FIELDS = [
  'firstName',
  'lastName',
  'company',
  'phone',
  'addressType',
  'address1',
  'address2',
  'city',
  'countryCode',
  'stateOrProvince',
  'postalCode',
] as const satisfies readonly (keyof NewCustomerAddress)[];

/**
 * Whether two addresses are one, as upstream decides before it adds one to an address book: the
 * same core fields (names, company, phone, type, street, city, country, state, postal code).
 * **Decision:** compared trimmed and without case, so that `Main St` typed twice, once in
 * capitals, is not saved twice.
 *
 * @example sameAddress(a, { ...a, city: ' AUSTIN ' }) === true when a.city is 'Austin'
 */
export function sameAddress(a: NewCustomerAddress, b: NewCustomerAddress): boolean {
  return addressKey(a) === addressKey(b);
}

/**
 * The core fields of an address in one string, equal for addresses that are the same
 * (sameAddress): the store keeps it unique per customer, so an address is saved once even when
 * two requests race.
 */
export function addressKey(address: NewCustomerAddress): string {
  return JSON.stringify(CORE_FIELDS.map((field) => String(address[field]).trim().toLowerCase()));
}

/**
 * Checks an address for an address book and completes its state code. Upstream requires first
 * and last name, address1, city and country; the state where the country has states, and a
 * postal code where it has them. `names` spells the fields as the caller's dialect does.
 */
export function checkCustomerAddress(address: NewCustomerAddress, names: Readonly<Record<'first_name' | 'last_name' | 'address1' | 'city' | 'country_code' | 'state_or_province' | 'postal_code', string>>, prefix = ''): NewCustomerAddress {
  const at = (name: keyof typeof names) => `${prefix}${names[name]}`;
  const countryCode = checkCountry(address.countryCode, at('country_code'));
  const missing: string[] = [];
  if (!address.firstName.trim()) missing.push(at('first_name'));
  if (!address.lastName.trim()) missing.push(at('last_name'));
  if (!address.address1.trim()) missing.push(at('address1'));
  if (!address.city.trim()) missing.push(at('city'));
  const country = findCountry(countryCode);
  if (country?.requiresState && !address.stateOrProvince.trim() && !address.stateOrProvinceCode.trim()) missing.push(at('state_or_province'));
  if (country?.hasPostalCodes !== false && !address.postalCode.trim()) missing.push(at('postal_code'));
  if (missing.length > 0) {
    throw invalid(`Missing ${missing.join(', ')} in the address.`, Object.fromEntries(missing.map((field) => [field, 'is required'])));
  }
  const state = normaliseAddress({ ...EMPTY_ADDRESS, countryCode, stateOrProvince: address.stateOrProvince, stateOrProvinceCode: address.stateOrProvinceCode });
  return { ...address, countryCode, stateOrProvince: state.stateOrProvince, stateOrProvinceCode: state.stateOrProvinceCode };
}

/** The address-book entry a checkout address becomes when the shopper asks to save it. */
export function fromCheckoutAddress(address: Address, customerId: number): NewCustomerAddress {
  return {
    customerId,
    firstName: address.firstName,
    lastName: address.lastName,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    stateOrProvince: address.stateOrProvince,
    stateOrProvinceCode: address.stateOrProvinceCode,
    countryCode: address.countryCode,
    postalCode: address.postalCode,
    phone: address.phone,
    // The checkout's address says nothing of its type; upstream's storefront saves it as residential.
    addressType: 'residential',
  };
}
