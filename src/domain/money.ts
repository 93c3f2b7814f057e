import { invalid } from './errors.js';

/**
 * Money is held as integers in the currency's minor unit (cents for USD) everywhere inside
 * Consign. Decimals exist only at the edges: parsing a request and presenting a response.
 *
 * The one rounding rule: whenever a computation yields a fraction of a minor unit (a percentage,
 * a tax rate), it is rounded once, half away from zero, to a whole minor unit. Sums of rounded
 * amounts are never rounded again. An amount from a request is never rounded: one with more
 * decimal places than the currency has is refused (parseAmount).
 *
 * @example toMinor(8.325, 2) === 833; fromMinor(833, 2) === 8.33; percentOf(800, 4) === 32
 */
export type Minor = number;

export interface Currency {
  readonly code: string;
  readonly name: string;
  readonly symbol: string;
  readonly decimalPlaces: number;
}

/**
 * The largest amount Consign holds, in minor units: 15 digits. Every integer up to it is exact in a
 * double, and shows as exact decimals whatever the currency's decimal places (a double keeps 15
 * significant digits through a decimal round trip). In USD that is 9,999,999,999,999.99.
 */
export const MAX_MINOR = 999_999_999_999_999;

/** Round half away from zero, tolerating the binary noise of decimal arithmetic (1.005 * 100). */
export function roundHalfAwayFromZero(value: number): number {
  const magnitude = Math.abs(value);
  // Cleaning the noise (a string round trip) matters only within noise of a half, and this runs
  // for every taxed or discounted amount of every request: elsewhere, below 1e9, cleaning moves a
  // value by at most 5e-4, so it rounds the same without it (test/domain/money.test.ts).
  if (magnitude < 1e9 && Math.abs(magnitude - Math.floor(magnitude) - 0.5) > 1e-3) return Math.sign(value) * Math.round(magnitude);
  const cleaned = Number(value.toPrecision(12));
  return Math.sign(cleaned) * Math.round(Math.abs(cleaned));
}

export function toMinor(amount: number, decimalPlaces: number): Minor {
  return roundHalfAwayFromZero(amount * 10 ** decimalPlaces);
}

/**
 * An amount from a request (either dialect, a fixture too) in minor units: the one place one is
 * parsed. An amount the currency cannot hold, with more decimal places than it has (0.001 USD,
 * 1.5 JPY), is refused with 422 naming `field` rather than rounded: a price changed without a
 * word is a wrong price. The decimals counted are those the client meant: the number to 15
 * significant digits (all a double holds for sure), so neither binary noise in our scaling
 * (19.99 * 100 = 1998.9999999999998) nor in the client's own sums (10 + 0.01 * 112 =
 * 11.120000000000001, as a JavaScript client sends it) is a fraction.
 *
 * @example parseAmount(19.99, 2, 'price') === 1999; parseAmount(0.001, 2, 'line_items.0.list_price') // throws a 422
 */
export function parseAmount(amount: number, decimalPlaces: number, field: string): Minor {
  if (decimalPlacesOf(Number(amount.toPrecision(15))) > decimalPlaces) {
    throw invalid(`Invalid ${field}: ${amount} has more decimal places than the store's currency (${decimalPlaces}).`, {
      [field]: `must have at most ${decimalPlaces} decimal places`,
    });
  }
  // Exactly a whole number of minor units: rounding to the nearest one removes only the binary noise
  // (toMinor's cleaning keeps 12 significant digits, which would lose cents above 10^10).
  const scaled = amount * 10 ** decimalPlaces;
  return Math.sign(scaled) * Math.round(Math.abs(scaled)) + 0;
}

/** How many decimal places a number's shortest decimal spelling has: 0.001 has 3, 1.5e-7 has 8, 1e21 none. */
function decimalPlacesOf(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const [mantissa = '', exponent = '0'] = String(Math.abs(value)).split('e');
  return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent));
}

/** Powers of ten by number of decimal places, for the integer fast path of fromMinor. */
const SCALES = [1, 10, 100, 1000, 10_000];

export function fromMinor(amount: Minor, decimalPlaces: number): number {
  const scale = SCALES[decimalPlaces];
  // Presenting a checkout calls this for every amount of every line; the string round trip below
  // was a visible share of the CPU profile of a large checkout. For an integer, the division is
  // correctly rounded, so it is already the double nearest the exact decimal, which is what
  // parsing the toFixed string gives too (`+ 0` turns -0 into 0, as the string does).
  if (scale !== undefined && Number.isSafeInteger(amount)) return amount / scale + 0;
  return Number((amount / 10 ** decimalPlaces).toFixed(decimalPlaces));
}

/** `percent` of `amount`, e.g. percentOf(800, 4) is 4% of 8.00 = 32 minor units. */
export function percentOf(amount: Minor, percent: number): Minor {
  return roundHalfAwayFromZero((amount * percent) / 100);
}

export function sum(amounts: readonly Minor[]): Minor {
  let total = 0;
  for (const amount of amounts) total += amount;
  return total;
}

/** Names as upstream's answers give them: a store's default currency is "US Dollars". */
const KNOWN_CURRENCIES: Record<string, Omit<Currency, 'code'>> = {
  USD: { name: 'US Dollars', symbol: '$', decimalPlaces: 2 },
  CAD: { name: 'Canadian Dollars', symbol: '$', decimalPlaces: 2 },
  EUR: { name: 'Euros', symbol: '€', decimalPlaces: 2 },
  GBP: { name: 'British Pounds', symbol: '£', decimalPlaces: 2 },
  AUD: { name: 'Australian Dollars', symbol: '$', decimalPlaces: 2 },
  JPY: { name: 'Japanese Yen', symbol: '¥', decimalPlaces: 0 },
};

/** The currency for an ISO 4217 code, or undefined when Consign does not know it. */
export function currencyFor(code: string): Currency | undefined {
  const known = KNOWN_CURRENCIES[code.toUpperCase()];
  return known ? { code: code.toUpperCase(), ...known } : undefined;
}
