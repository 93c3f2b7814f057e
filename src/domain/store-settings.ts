import { type Currency, currencyFor } from './money.js';
import { DEFAULT_TAX_SETTINGS, type TaxSettings } from './tax.js';

/** A store's own settings: where it is, what it sells in, and how it measures. */
export interface StoreSettings {
  readonly name: string;
  readonly countryCode: string;
  readonly currency: Currency;
  readonly weightUnit: 'lb' | 'oz' | 'kg' | 'g';
  readonly dimensionUnit: 'in' | 'cm';
  readonly tax: TaxSettings;
  /** Host names whose storefront API requests belong to this store (docs/storefront.md). */
  readonly storefrontHosts: readonly string[];
  /** Origins besides its own allowed to call this store's storefront API (CORS with credentials). */
  readonly storefrontOrigins: readonly string[];
}

export const DEFAULT_SETTINGS: StoreSettings = {
  name: 'Consign Store',
  countryCode: 'US',
  currency: currencyFor('USD')!,
  weightUnit: 'lb',
  dimensionUnit: 'in',
  tax: DEFAULT_TAX_SETTINGS,
  storefrontHosts: [],
  storefrontOrigins: [],
};

/** Reads settings saved as JSON, filling what an older document lacks with the defaults. */
export function parseSettings(json: string): StoreSettings {
  const raw = JSON.parse(json) as Partial<StoreSettings> & { currencyCode?: string };
  const currency = (raw.currencyCode && currencyFor(raw.currencyCode)) || raw.currency || DEFAULT_SETTINGS.currency;
  return { ...DEFAULT_SETTINGS, ...raw, currency, tax: { ...DEFAULT_TAX_SETTINGS, ...raw.tax } };
}
