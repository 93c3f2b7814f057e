import { findCountry, findSubdivision } from './countries.js';
import { invalid } from './errors.js';

export interface CustomField {
  readonly fieldId: string;
  readonly fieldValue: string | number | readonly (string | number)[];
}

/** A postal address as both dialects carry it (billing and consignment addresses). */
export interface Address {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly company: string;
  readonly address1: string;
  readonly address2: string;
  readonly city: string;
  readonly stateOrProvince: string;
  readonly stateOrProvinceCode: string;
  readonly countryCode: string;
  readonly postalCode: string;
  readonly phone: string;
  readonly customFields: readonly CustomField[];
  /**
   * The storefront's `shouldSaveAddress`: whether the shopper asked to add this address to their
   * address book. Kept and shown back as sent; absent means false.
   */
  readonly shouldSaveAddress?: boolean;
}

export interface BillingAddress extends Address {
  readonly id: string;
}

export const EMPTY_ADDRESS: Address = {
  firstName: '',
  lastName: '',
  email: '',
  company: '',
  address1: '',
  address2: '',
  city: '',
  stateOrProvince: '',
  stateOrProvinceCode: '',
  countryCode: '',
  postalCode: '',
  phone: '',
  customFields: [],
};

export function countryName(code: string): string {
  return findCountry(code)?.name ?? '';
}

export function isKnownCountry(code: string): boolean {
  return findCountry(code) !== undefined;
}

/** Normalises a country code and refuses one Consign does not know, naming the field. */
export function checkCountry(code: string, field: string): string {
  const upper = code.toUpperCase();
  if (!isKnownCountry(upper)) throw invalid(`The country code '${code}' is not valid.`, { [field]: 'unknown country code' });
  return upper;
}

/**
 * What an address's `phone` must look like. Upstream's schema gives the pattern
 * `^\+?[1-9]\d{1,14}(x\d{1-5})?$` (E.164 with an optional extension, written with a broken
 * `{1-5}`), yet upstream's own examples send `555-555-5555`, and the checkout SDK sends whatever the
 * shopper typed. So the intent is kept leniently: digits with the usual separators (space `(` `)`
 * `.` `/` `-`), an optional leading `+`, and an optional extension (`x12`, `ext. 12`, `#12`); or
 * nothing. Letters and other symbols are refused (docs/api.md).
 *
 * Whatever upstream's pattern accepts as written is accepted too: its `{1-5}` is no quantifier, so
 * it matches the text `{1-5}` after the extension's digit, and upstream's consignments guide sends
 * exactly that (`+5185158x1{1-5}`).
 *
 * @example PHONE_NUMBER.test('(555) 555-5555 x12') === true; PHONE_NUMBER.test('abc') === false
 */
export const PHONE_NUMBER = /^$|^\+?(?=[ ().\/-]*\d)[\d ().\/-]+(?:(?:[xX]|[eE][xX][tT]\.?|#) ?\d{1,6})?$|^\+?[1-9]\d{1,14}x\d\{1-5\}$/;

/**
 * Completes an address's state from what the client sent, so that tax and shipping zones (which
 * name states by code) match however the state was given. Upstream's consignment address requires
 * `state_or_province` (the name) and makes the code optional, so clients often send only the name.
 *
 * - no code, and a name that is one of the country's subdivisions (by name or code, case and
 *   accents aside): the code is filled in, the name kept as sent;
 * - a code of one of the country's subdivisions: the code is written as listed (`tx` becomes
 *   `TX`) and, when no name was sent, the subdivision's name is filled in;
 * - anything else (an unknown state, a country without a list) is kept as sent. When both are
 *   sent and disagree, both are kept, and zones follow the code.
 *
 * @example normaliseAddress({ ...a, countryCode: 'US', stateOrProvince: 'Texas', stateOrProvinceCode: '' }).stateOrProvinceCode // 'TX'
 */
export function normaliseAddress<A extends Address>(address: A): A {
  const country = findCountry(address.countryCode);
  if (!country) return address;
  const code = address.stateOrProvinceCode.trim();
  const name = address.stateOrProvince.trim();
  const subdivision = findSubdivision(country, code === '' ? name : code);
  if (!subdivision) return address;
  return { ...address, stateOrProvinceCode: subdivision.code, stateOrProvince: name === '' ? subdivision.name : address.stateOrProvince };
}

/** Fields upstream requires before an address can go on an order, missing from this one. */
export function missingOrderFields(address: Address): string[] {
  const missing: string[] = [];
  const required: [keyof Address, string][] = [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
    ['address1', 'address1'],
    ['city', 'city'],
    ['countryCode', 'country_code'],
    ['email', 'email'],
  ];
  for (const [key, name] of required) if (!String(address[key]).trim()) missing.push(name);
  const country = findCountry(address.countryCode);
  if (country?.requiresState && !address.stateOrProvince.trim() && !address.stateOrProvinceCode.trim()) {
    missing.push('state_or_province');
  }
  if (country?.hasPostalCodes !== false && !address.postalCode.trim()) missing.push('postal_code');
  return missing;
}
