/**
 * The test card gateway's one rule: whether a card is approved, by its number (docs/payments.md).
 * A number that is not a card (wrong length, fails the Luhn check, a brand the gateway does not
 * take) or an expiry in the past is refused as invalid; the numbers in DECLINING_NUMBERS are
 * declined as a bank would; every other valid card is approved. The number itself is never kept:
 * a decision carries the brand and the last four digits only.
 */

/** The brands the gateway takes, as the checkout SDK names them in `supportedCards`. */
export type CardBrand = 'VISA' | 'MC' | 'AMEX' | 'DISCOVER' | 'JCB' | 'DINERS';
export const SUPPORTED_CARDS: readonly CardBrand[] = ['VISA', 'MC', 'AMEX', 'DISCOVER', 'JCB', 'DINERS'];

/** Numbers that are valid cards and are declined, with the reason the shopper is told. */
export const DECLINING_NUMBERS: ReadonlyMap<string, string> = new Map([
  ['4000000000000002', 'Payment was declined. Please try again or use another card.'],
  ['4000000000009995', 'Payment was declined: insufficient funds. Please use another card.'],
  ['4000000000000069', 'Payment was declined: the card has expired. Please use another card.'],
]);

export interface CardDetails {
  readonly number: string;
  readonly month: number;
  readonly year: number;
  readonly verificationValue?: string;
}

/** What is kept of a card: never its number. */
export interface CardSummary {
  readonly brand: CardBrand;
  readonly last4: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
}

export type CardDecision =
  | { readonly outcome: 'approved'; readonly card: CardSummary }
  | { readonly outcome: 'declined'; readonly card: CardSummary; readonly reason: string }
  | { readonly outcome: 'invalid'; readonly field: 'number' | 'expiry' | 'verification_value'; readonly reason: string };

/**
 * Decides a card payment at `now` (the gateway's clock, for the expiry).
 * @example decideCard({ number: '4111 1111 1111 1111', month: 12, year: 2099 }, now).outcome === 'approved'
 */
export function decideCard(card: CardDetails, now: Date): CardDecision {
  const digits = card.number.replace(/[\s-]/g, '');
  const brand = /^\d{12,19}$/.test(digits) ? brandOf(digits) : undefined;
  if (!brand || !luhnValid(digits)) return { outcome: 'invalid', field: 'number', reason: 'The card number is not valid.' };
  const year = card.year < 100 ? 2000 + card.year : card.year;
  const expired = year < now.getUTCFullYear() || (year === now.getUTCFullYear() && card.month < now.getUTCMonth() + 1);
  if (!Number.isInteger(card.month) || card.month < 1 || card.month > 12 || !Number.isInteger(year) || expired) {
    return { outcome: 'invalid', field: 'expiry', reason: 'The card expiry date is not valid.' };
  }
  const cvvLength = brand === 'AMEX' ? 4 : 3;
  if (card.verificationValue !== undefined && card.verificationValue !== '' && !new RegExp(`^\\d{${cvvLength}}$`).test(card.verificationValue)) {
    return { outcome: 'invalid', field: 'verification_value', reason: 'The card security code is not valid.' };
  }
  const summary: CardSummary = { brand, last4: digits.slice(-4), expiryMonth: card.month, expiryYear: year };
  const declined = DECLINING_NUMBERS.get(digits);
  return declined ? { outcome: 'declined', card: summary, reason: declined } : { outcome: 'approved', card: summary };
}

export function brandOf(digits: string): CardBrand | undefined {
  if (/^4/.test(digits)) return 'VISA';
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(digits)) return 'MC';
  if (/^3[47]/.test(digits)) return digits.length === 15 ? 'AMEX' : undefined;
  if (/^(6011|65|64[4-9])/.test(digits)) return 'DISCOVER';
  if (/^35(2[89]|[3-8]\d)/.test(digits)) return 'JCB';
  if (/^(30[0-5]|36|38)/.test(digits)) return 'DINERS';
  return undefined;
}

export function luhnValid(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return total % 10 === 0;
}
