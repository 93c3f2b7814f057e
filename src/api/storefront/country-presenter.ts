import type { Country } from '../../domain/countries.js';

/**
 * A country as the checkout SDK's `Country` reads it (`/internalapi/v1/.../countries`): the
 * fields it turns into a state dropdown and into the `required` of the state and postcode fields.
 */
export function presentCountry(country: Country) {
  return {
    code: country.code,
    name: country.name,
    hasPostalCodes: country.hasPostalCodes,
    requiresState: country.requiresState,
    subdivisions: country.subdivisions.map((s) => ({ code: s.code, name: s.name })),
  };
}

/** The SDK's `{ data, meta }` list of countries. */
export function presentCountries(countries: readonly Country[]) {
  return { data: countries.map(presentCountry), meta: {} };
}
