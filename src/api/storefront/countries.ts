import type { FastifyInstance } from 'fastify';
import { COUNTRIES } from '../../domain/countries.js';
import { shareable } from '../../services/shared-values.js';
import { shippingCountries } from '../../domain/shipping/zones.js';
import { presentCountries } from './country-presenter.js';

const tags = ['Countries (storefront)'];

/**
 * What the checkout SDK's `loadBillingCountries` and `loadShippingCountries` (and the
 * `load*AddressFields` calls built on them) read: `{ data: Country[], meta }` at BigCommerce's
 * internal paths, for the store the host selects. The SDK turns each country's `subdivisions`
 * into a state dropdown and its `requiresState` / `hasPostalCodes` into the fields' `required`.
 */
export async function countryRoutes(app: FastifyInstance): Promise<void> {
  const { configs } = app.consign;
  // The same for every store and request: presented once.
  const everyCountry = shareable(presentCountries(COUNTRIES));
  app.get('/store/countries', { schema: { tags } }, async () => everyCountry);
  app.get('/shipping/countries', { schema: { tags } }, async (request) =>
    presentCountries(shippingCountries((await configs.get(request.storefront.store)).shipping.zones)),
  );
}
