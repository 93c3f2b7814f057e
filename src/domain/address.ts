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

/** ISO 3166-1 alpha-2 codes and English short names of the countries Consign knows. */
const COUNTRY_NAMES: Record<string, string> = {
  US: 'United States', CA: 'Canada', MX: 'Mexico', GB: 'United Kingdom', IE: 'Ireland', FR: 'France',
  DE: 'Germany', ES: 'Spain', IT: 'Italy', NL: 'Netherlands', BE: 'Belgium', CH: 'Switzerland', AT: 'Austria',
  SE: 'Sweden', NO: 'Norway', DK: 'Denmark', FI: 'Finland', PL: 'Poland', PT: 'Portugal', CZ: 'Czech Republic',
  GR: 'Greece', HU: 'Hungary', RO: 'Romania', AU: 'Australia', NZ: 'New Zealand', JP: 'Japan', CN: 'China',
  HK: 'Hong Kong', SG: 'Singapore', KR: 'South Korea', IN: 'India', BR: 'Brazil', AR: 'Argentina', CL: 'Chile',
  CO: 'Colombia', PE: 'Peru', ZA: 'South Africa', AE: 'United Arab Emirates', IL: 'Israel', TR: 'Turkey',
  PH: 'Philippines', TH: 'Thailand', MY: 'Malaysia', ID: 'Indonesia', VN: 'Vietnam', TW: 'Taiwan',
  PR: 'Puerto Rico', IS: 'Iceland', LU: 'Luxembourg', EE: 'Estonia', LV: 'Latvia', LT: 'Lithuania', SK: 'Slovakia',
  SI: 'Slovenia', HR: 'Croatia', BG: 'Bulgaria', UA: 'Ukraine', EG: 'Egypt', NG: 'Nigeria', KE: 'Kenya',
  MA: 'Morocco', SA: 'Saudi Arabia', QA: 'Qatar', KW: 'Kuwait', PK: 'Pakistan', BD: 'Bangladesh',
};

/** Every country code Consign knows, in the order above. */
export const KNOWN_COUNTRY_CODES: readonly string[] = Object.keys(COUNTRY_NAMES);

export function countryName(code: string): string {
  return COUNTRY_NAMES[code] ?? '';
}

export function isKnownCountry(code: string): boolean {
  return code in COUNTRY_NAMES;
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
 * @example PHONE_NUMBER.test('(555) 555-5555 x12') === true; PHONE_NUMBER.test('abc') === false
 */
export const PHONE_NUMBER = /^$|^\+?(?=[ ().\/-]*\d)[\d ().\/-]+(?:(?:[xX]|[eE][xX][tT]\.?|#) ?\d{1,6})?$/;

/** Countries whose addresses need a state or province and a postcode for an order. */
const NEEDS_STATE = new Set(['US', 'CA', 'AU', 'MX', 'BR', 'IN', 'AR', 'JP', 'CN', 'MY', 'ID', 'IT', 'ES']);
const NO_POSTCODE = new Set(['HK', 'AE', 'QA', 'IE']);

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
  if (NEEDS_STATE.has(address.countryCode) && !address.stateOrProvince.trim() && !address.stateOrProvinceCode.trim()) {
    missing.push('state_or_province');
  }
  if (!NO_POSTCODE.has(address.countryCode) && !address.postalCode.trim()) missing.push('postal_code');
  return missing;
}
