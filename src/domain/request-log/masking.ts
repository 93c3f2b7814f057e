/**
 * What the request log hides when it is read (docs/request-log.md). Bodies are kept as the client
 * sent them and as the service answered, and masked only here, when someone reads the log: the
 * request pays nothing for it. The text may be cut short (a long body is kept truncated) or not be
 * JSON at all, so masking works on the text, never on a parsed value.
 */

/** Keys (compared lower case, without `_` and `-`) whose value is hidden whole. */
const HIDDEN_KEYS = new Set([
  'password',
  'currentpassword',
  'newpassword',
  'confirmpassword',
  'passwordconfirmation',
  'cvv',
  'cvv2',
  'cvc',
  'cccvv',
  'verificationvalue',
  'securitycode',
  // A card's expiry: the gateway's `month` and `year`, checkout-js's `ccExpiry: {month, year}`.
  'month',
  'year',
  'expiry',
  'expirymonth',
  'expiryyear',
  'expmonth',
  'expyear',
  'ccexpiry',
  'expiration',
  'expirationdate',
  'apikey',
  'authorization',
]);

/** Keys of a card number: all but its last four digits are hidden. */
const CARD_NUMBER_KEYS = new Set(['number', 'ccnumber', 'cardnumber', 'creditcardnumber']);

/** Keys ending in "token" that name a setting, not a credential (a store's rate limit per token). */
const NOT_CREDENTIALS = new Set(['pertoken']);

export const HIDDEN = '***';

type Masking = 'hide' | 'last4' | undefined;

/** How the value under `key` is masked: hidden, its last four digits kept, or shown. */
export function maskingOf(key: string): Masking {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  if (CARD_NUMBER_KEYS.has(k)) return 'last4';
  if (HIDDEN_KEYS.has(k)) return 'hide';
  if (NOT_CREDENTIALS.has(k)) return undefined;
  return k.endsWith('token') || k.includes('secret') ? 'hide' : undefined;
}

/** A card number's last four digits after asterisks: `4111 1111 1111 1111` gives `************1111`. */
function lastFour(value: string): string {
  const digits = value.replace(/\D/g, '');
  return `${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

// One JSON string (possibly cut off by truncation), then, if it is a key, its scalar value. The
// text between strings holds no quote, so stepping from string to string never loses its place.
const STRING = String.raw`"((?:[^"\\]|\\.)*)(?:"|\\?$)`;
const VALUE = String.raw`("(?:[^"\\]|\\.)*(?:"|\\?$)|-?\d[\d.eE+-]*)`;
const KEY_AND_VALUE = new RegExp(`${STRING}(?:(\\s*:\\s*)${VALUE})?`, 'g');

/**
 * A body with every secret's value masked: passwords, card numbers (last four digits kept), CVVs,
 * expiry dates, tokens and secrets, at any depth.
 *
 * @example maskBody('{"email":"a@b.c","password":"hunter22"}') === '{"email":"a@b.c","password":"***"}'
 */
export function maskBody(text: string): string {
  return text.replace(KEY_AND_VALUE, (whole, key: string, colon: string | undefined, value: string | undefined) => {
    if (colon === undefined || value === undefined) return whole;
    const masking = maskingOf(key);
    if (masking === undefined) return whole;
    const start = whole.length - colon.length - value.length;
    const shown = masking === 'hide' ? HIDDEN : lastFour(value.startsWith('"') ? value.slice(1) : value);
    return `${whole.slice(0, start)}${colon}"${shown}"`;
  });
}

/**
 * A request's path with the values of secret query parameters masked (the storefront's cart link
 * carries a one-time `token`).
 *
 * @example maskPath('/cart.php?id=1&token=abc') === '/cart.php?id=1&token=***'
 */
export function maskPath(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url.slice(q + 1).replace(/(^|&)([^=&]*)=([^&]*)/g, (whole, sep: string, name: string, value: string) => {
    let key = name;
    try {
      key = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // A malformed escape: judge the name as written.
    }
    const masking = maskingOf(key);
    if (masking === undefined) return whole;
    return `${sep}${name}=${masking === 'hide' ? HIDDEN : lastFour(value)}`;
  });
  return `${url.slice(0, q)}?${query}`;
}
