import { describe, expect, it } from 'vitest';
import { EMPTY_ADDRESS, missingOrderFields, normaliseAddress } from '../../src/domain/address.js';
import { COUNTRIES, findCountry, findSubdivision } from '../../src/domain/countries.js';

const address = (fields: Partial<typeof EMPTY_ADDRESS>) => ({ ...EMPTY_ADDRESS, ...fields });

describe('countries', () => {
  it('lists every ISO 3166-1 country once, by name', () => {
    expect(COUNTRIES).toHaveLength(249);
    expect(new Set(COUNTRIES.map((c) => c.code)).size).toBe(249);
    expect(COUNTRIES.every((c) => /^[A-Z]{2}$/.test(c.code) && c.name !== '')).toBe(true);
    const names = COUNTRIES.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('knows the subdivisions clients pick from, with unique codes and names', () => {
    const us = findCountry('US')!;
    expect(us.subdivisions).toHaveLength(50 + 1 + 6 + 3);
    expect(us.subdivisions).toContainEqual({ code: 'DC', name: 'District of Columbia' });
    expect(us.subdivisions).toContainEqual({ code: 'PR', name: 'Puerto Rico' });
    const counts = { CA: 13, AU: 8, MX: 32, IN: 36, BR: 27, AR: 24, JP: 47, CN: 31, MY: 16 };
    for (const [code, count] of Object.entries(counts)) expect(findCountry(code)!.subdivisions, code).toHaveLength(count);
    for (const country of COUNTRIES) {
      expect(new Set(country.subdivisions.map((s) => s.code)).size, country.code).toBe(country.subdivisions.length);
      expect(new Set(country.subdivisions.map((s) => s.name)).size, country.code).toBe(country.subdivisions.length);
    }
  });

  it('says whether a state and a postcode are needed', () => {
    expect(findCountry('US')).toMatchObject({ requiresState: true, hasPostalCodes: true });
    expect(findCountry('GB')).toMatchObject({ requiresState: false, hasPostalCodes: true, subdivisions: [] });
    expect(findCountry('HK')).toMatchObject({ requiresState: false, hasPostalCodes: false });
    expect(findCountry('IT')).toMatchObject({ requiresState: true, subdivisions: [] });
  });

  it('finds a subdivision by code or name, whatever the case and accents', () => {
    const find = (country: string, text: string) => findSubdivision(findCountry(country)!, text)?.code;
    expect(find('US', 'Texas')).toBe('TX');
    expect(find('US', ' texas ')).toBe('TX');
    expect(find('US', 'tx')).toBe('TX');
    expect(find('CA', 'Québec')).toBe('QC');
    expect(find('CA', 'quebec')).toBe('QC');
    expect(find('MX', 'Nuevo Leon')).toBe('NLE');
    expect(find('US', 'Ontario')).toBeUndefined();
    expect(find('US', '')).toBeUndefined();
  });
});

describe('normaliseAddress', () => {
  it('fills the code from a state name, and the name from a code', () => {
    expect(normaliseAddress(address({ countryCode: 'US', stateOrProvince: 'Texas' }))).toMatchObject({ stateOrProvince: 'Texas', stateOrProvinceCode: 'TX' });
    expect(normaliseAddress(address({ countryCode: 'US', stateOrProvince: 'texas' }))).toMatchObject({ stateOrProvince: 'texas', stateOrProvinceCode: 'TX' });
    expect(normaliseAddress(address({ countryCode: 'US', stateOrProvinceCode: 'ca' }))).toMatchObject({ stateOrProvince: 'California', stateOrProvinceCode: 'CA' });
    // A code sent in the name field is a name the list knows too.
    expect(normaliseAddress(address({ countryCode: 'AU', stateOrProvince: 'NSW' }))).toMatchObject({ stateOrProvince: 'NSW', stateOrProvinceCode: 'NSW' });
  });

  it('keeps what it cannot resolve, and both fields when both were sent', () => {
    const cases = [
      address({ countryCode: 'US', stateOrProvince: 'Atlantis' }),
      address({ countryCode: 'GB', stateOrProvince: 'Kent' }),
      address({ countryCode: 'US', stateOrProvince: 'Texas', stateOrProvinceCode: 'XX' }),
      address({ countryCode: '', stateOrProvince: 'Texas' }),
    ];
    for (const a of cases) expect(normaliseAddress(a)).toBe(a);
    expect(normaliseAddress(address({ countryCode: 'US', stateOrProvince: 'Texas', stateOrProvinceCode: 'CA' }))).toMatchObject({ stateOrProvince: 'Texas', stateOrProvinceCode: 'CA' });
  });
});

describe('missingOrderFields', () => {
  const complete = address({ firstName: 'A', lastName: 'B', address1: '1 St', city: 'C', email: 'a@example.com' });
  it('asks for a state and a postcode where the country needs them', () => {
    expect(missingOrderFields({ ...complete, countryCode: 'US' })).toEqual(['state_or_province', 'postal_code']);
    expect(missingOrderFields({ ...complete, countryCode: 'GB' })).toEqual(['postal_code']);
    expect(missingOrderFields({ ...complete, countryCode: 'HK' })).toEqual([]);
    expect(missingOrderFields({ ...complete, countryCode: 'IT', postalCode: '00100' })).toEqual(['state_or_province']);
    expect(missingOrderFields(EMPTY_ADDRESS)).toEqual(['first_name', 'last_name', 'address1', 'city', 'country_code', 'email', 'postal_code']);
  });
});
