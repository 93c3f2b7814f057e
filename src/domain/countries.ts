import { COUNTRY_LINES, REQUIRING_STATE, SUBDIVISIONS, WITHOUT_POSTCODES } from './countries-data.js';

/** A state, province, territory or prefecture: its ISO 3166-2 code without the country prefix. */
export interface Subdivision {
  readonly code: string;
  readonly name: string;
}

/**
 * A country as the checkout SDK's `Country` has it (`/internalapi/v1/store/countries`): whether
 * its addresses have postcodes, whether they need a state, and the states to pick from.
 */
export interface Country {
  readonly code: string;
  readonly name: string;
  readonly hasPostalCodes: boolean;
  readonly requiresState: boolean;
  readonly subdivisions: readonly Subdivision[];
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const noPostcodes = new Set(words(WITHOUT_POSTCODES));
const needsState = new Set(words(REQUIRING_STATE));

function pair(entry: string): { code: string; name: string } {
  const trimmed = entry.trim();
  const space = trimmed.indexOf(' ');
  return { code: trimmed.slice(0, space), name: trimmed.slice(space + 1).replace(/\s+/g, ' ') };
}

/** Every ISO 3166-1 country, by English name. */
export const COUNTRIES: readonly Country[] = COUNTRY_LINES.split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const { code, name } = pair(line);
    return {
      code,
      name,
      hasPostalCodes: !noPostcodes.has(code),
      requiresState: needsState.has(code),
      subdivisions: (SUBDIVISIONS[code] ?? '').split('|').filter((s) => s.trim() !== '').map(pair),
    };
  })
  .sort((a, b) => a.name.localeCompare(b.name, 'en'));

const byCode = new Map(COUNTRIES.map((c) => [c.code, c]));

/** The country with an ISO 3166-1 alpha-2 code (upper case). */
export function findCountry(code: string): Country | undefined {
  return byCode.get(code);
}

/** Lower case, accents and surrounding space dropped: `Québec`, `QUEBEC` and ` quebec ` are one name. */
function comparable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

/**
 * The subdivision of a country that `text` names, by its code or its name, case and accents
 * aside: `findSubdivision(us, 'texas')` and `findSubdivision(us, 'tx')` are both Texas.
 */
export function findSubdivision(country: Country, text: string): Subdivision | undefined {
  const wanted = comparable(text);
  if (wanted === '') return undefined;
  return subdivisionsByName(country).get(wanted);
}

const subdivisionNames = new WeakMap<Country, ReadonlyMap<string, Subdivision>>();

/** A country's subdivisions by comparable code and name (a code wins over another's name), built once. */
function subdivisionsByName(country: Country): ReadonlyMap<string, Subdivision> {
  let names = subdivisionNames.get(country);
  if (!names) {
    const map = new Map<string, Subdivision>();
    for (const s of country.subdivisions) if (!map.has(comparable(s.name))) map.set(comparable(s.name), s);
    for (const s of country.subdivisions) map.set(comparable(s.code), s);
    names = map;
    subdivisionNames.set(country, names);
  }
  return names;
}
