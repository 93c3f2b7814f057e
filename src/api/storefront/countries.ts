import type { FastifyInstance } from 'fastify';
import { COUNTRIES, type Country } from '../../domain/countries.js';
import type { StoreConfig } from '../../services/store-config.js';

const tags = ['Countries (storefront)'];

/**
 * What the checkout SDK's `loadBillingCountries` and `loadShippingCountries` (and the
 * `load*AddressFields` calls built on them) read: `{ data: Country[], meta }` at BigCommerce's
 * internal paths, for the store the host selects. The SDK turns each country's `subdivisions`
 * into a state dropdown and its `requiresState` / `hasPostalCodes` into the fields' `required`.
 */
export async function countryRoutes(app: FastifyInstance): Promise<void> {
  const { configs } = app.consign;
  app.get('/store/countries', { schema: { tags } }, async () => ({ data: COUNTRIES, meta: {} }));
  app.get('/shipping/countries', { schema: { tags } }, async (request) => ({ data: shippingCountries(await configs.get(request.storefront.store)), meta: {} }));
}

/**
 * The countries the store's enabled shipping zones reach: every country with a global zone; a
 * country named by a country or postcode zone with all its states; a country named only by state
 * zones with just those states.
 */
export function shippingCountries(config: StoreConfig): readonly Country[] {
  const zones = config.shipping.zones.filter((z) => z.enabled);
  if (zones.some((z) => z.type === 'global')) return COUNTRIES;
  const whole = new Set<string>();
  const states = new Map<string, Set<string>>();
  for (const zone of zones) {
    for (const { countryIso2, stateIso2 } of zone.locations) {
      if (!countryIso2) continue;
      if (zone.type !== 'state') whole.add(countryIso2);
      else if (stateIso2) states.set(countryIso2, (states.get(countryIso2) ?? new Set()).add(stateIso2.toUpperCase()));
    }
  }
  return COUNTRIES.flatMap((country) => {
    if (whole.has(country.code)) return [country];
    const reached = states.get(country.code);
    if (!reached) return [];
    return [{ ...country, subdivisions: country.subdivisions.filter((s) => reached.has(s.code)) }];
  });
}

