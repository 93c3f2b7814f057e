import { type CheckoutScripts, DEFAULT_CHECKOUT_SCRIPTS } from './checkout-scripts.js';
import { type Currency, currencyFor } from './money.js';
import { DEFAULT_TAX_SETTINGS, type TaxSettings } from './tax.js';

/** A store's own settings: where it is, what it sells in, and how it measures. */
export interface StoreSettings {
  readonly name: string;
  readonly countryCode: string;
  readonly currency: Currency;
  readonly weightUnit: 'lb' | 'oz' | 'kg' | 'g';
  readonly dimensionUnit: 'in' | 'cm';
  /**
   * Where shoppers write about their orders (upstream's store profile `orderEmail`): checkout-js's
   * confirmation says "email us at …" with it. Empty for none.
   */
  readonly orderEmail: string;
  /** The store's phone number, as upstream's store profile `storePhoneNumber`; empty for none. */
  readonly phone: string;
  readonly tax: TaxSettings;
  /** Host names whose storefront API requests belong to this store (docs/storefront.md). */
  readonly storefrontHosts: readonly string[];
  /** Origins besides its own allowed to call this store's storefront API (CORS with credentials). */
  readonly storefrontOrigins: readonly string[];
  /**
   * The demo store, made from the fixture on a fresh install: only it serves the demo checkout
   * page and places orders from the browser (docs/storefront.md).
   */
  readonly demo: boolean;
  /**
   * This store's request limits (docs/reliability.md). Absent, or a limit absent from it, means
   * the service's defaults, which are not copied into the store so that changing them applies.
   */
  readonly rateLimit?: Partial<RateLimitSettings>;
  /** The scripts of its hosted checkout and order-confirmation pages (checkout-scripts.ts). */
  readonly checkoutScripts: CheckoutScripts;
}

/** At most `quota` requests in each window of `windowMs`; a quota of 0 means no limit. */
export interface RateLimit {
  readonly quota: number;
  readonly windowMs: number;
}

export interface RateLimitSettings {
  /** Per API token, on the server-to-server API. */
  readonly perToken: RateLimit;
  /** Per client address, on both APIs. */
  readonly perClient: RateLimit;
}

/**
 * Generous: the benchmark (16 clients flat out on loopback, one token) and a client's test suite
 * on one machine stay several times below them; a runaway loop does not.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  perToken: { quota: 100_000, windowMs: 30_000 },
  perClient: { quota: 200_000, windowMs: 30_000 },
};

export const DEFAULT_SETTINGS: StoreSettings = {
  name: 'Consign Store',
  countryCode: 'US',
  currency: currencyFor('USD')!,
  weightUnit: 'lb',
  dimensionUnit: 'in',
  orderEmail: '',
  phone: '',
  tax: DEFAULT_TAX_SETTINGS,
  storefrontHosts: [],
  storefrontOrigins: [],
  demo: false,
  checkoutScripts: DEFAULT_CHECKOUT_SCRIPTS,
};

/**
 * A host name as stored and looked up: DNS names are case-insensitive, and `shop.example.com.`
 * (fully qualified, as a browser may send it in Host) is `shop.example.com`.
 */
export const normaliseHost = (host: string): string => host.toLowerCase().replace(/\.$/, '');

/** An origin as stored and compared: lower case, with no trailing slash. */
export const normaliseOrigin = (origin: string): string => origin.toLowerCase().replace(/\/$/, '');

/** Reads settings saved as JSON, filling what an older document lacks with the defaults. */
export function parseSettings(json: string): StoreSettings {
  const raw = JSON.parse(json) as Partial<StoreSettings> & { currencyCode?: string };
  const currency = (raw.currencyCode && currencyFor(raw.currencyCode)) || raw.currency || DEFAULT_SETTINGS.currency;
  return {
    ...DEFAULT_SETTINGS,
    ...raw,
    currency,
    tax: { ...DEFAULT_TAX_SETTINGS, ...raw.tax },
    checkoutScripts: { ...DEFAULT_CHECKOUT_SCRIPTS, ...raw.checkoutScripts },
  };
}
