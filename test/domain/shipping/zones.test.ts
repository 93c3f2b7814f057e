import { describe, it, expect } from 'vitest';
import { COUNTRIES } from '../../../src/domain/countries.js';
import { compileZones, matchZone, normalisePostcode, shippingCountries } from '../../../src/domain/shipping/index.js';
import { countryZone, stateZone, zipZone, zone } from './builders.js';

describe('normalisePostcode', () => {
  it('removes whitespace and upper-cases', () => {
    expect(normalisePostcode(' k1a 0b1 ')).toBe('K1A0B1');
    expect(normalisePostcode('SW1A 1AA')).toBe('SW1A1AA');
  });
});

describe('matchZone', () => {
  const global = zone(1);
  const us = countryZone(2, ['US']);
  const texas = stateZone(3, [['US', 'TX']]);
  const austin = zipZone(4, ['78701', '78702']);

  it('returns undefined when no zone serves the destination', () => {
    expect(matchZone([us], { countryCode: 'FR' })).toBeUndefined();
    expect(matchZone([], { countryCode: 'US' })).toBeUndefined();
  });

  it('prefers zip over state over country over global, whatever the array order', () => {
    const zones = [global, us, texas, austin];
    const reversed = [austin, texas, us, global].reverse();
    for (const list of [zones, reversed]) {
      expect(matchZone(list, { countryCode: 'US', stateCode: 'TX', postalCode: '78701' })?.id).toBe(4);
      expect(matchZone(list, { countryCode: 'US', stateCode: 'TX', postalCode: '75001' })?.id).toBe(3);
      expect(matchZone(list, { countryCode: 'US', stateCode: 'CA', postalCode: '90210' })?.id).toBe(2);
      expect(matchZone(list, { countryCode: 'FR', postalCode: '75001' })?.id).toBe(1);
    }
  });

  it('takes the lowest id among zones of the same type', () => {
    const zones = [countryZone(9, ['US']), countryZone(5, ['US', 'CA']), countryZone(7, ['US'])];
    expect(matchZone(zones, { countryCode: 'US' })?.id).toBe(5);
  });

  it('ignores disabled zones', () => {
    const zones = [countryZone(2, ['US'], { enabled: false }), global];
    expect(matchZone(zones, { countryCode: 'US' })?.id).toBe(1);
    expect(matchZone([countryZone(2, ['US'], { enabled: false })], { countryCode: 'US' })).toBeUndefined();
  });

  it('compares country and state codes case-insensitively', () => {
    expect(matchZone([us], { countryCode: 'us' })?.id).toBe(2);
    expect(matchZone([texas], { countryCode: 'US', stateCode: 'tx' })?.id).toBe(3);
  });

  it('needs the state and its country to match in a state zone', () => {
    expect(matchZone([texas], { countryCode: 'US' })).toBeUndefined();
    expect(matchZone([texas], { countryCode: 'MX', stateCode: 'TX' })).toBeUndefined();
  });

  it('matches exact zips and not their neighbours', () => {
    expect(matchZone([austin], { countryCode: 'US', postalCode: '78702' })?.id).toBe(4);
    expect(matchZone([austin], { countryCode: 'US', postalCode: '78703' })).toBeUndefined();
    expect(matchZone([austin], { countryCode: 'US', postalCode: '7870' })).toBeUndefined();
    expect(matchZone([austin], { countryCode: 'US' })).toBeUndefined();
  });

  it('matches a US ZIP+4 against its 5-digit ZIP', () => {
    expect(matchZone([austin], { countryCode: 'US', postalCode: '78701-1234' })?.id).toBe(4);
    expect(matchZone([austin], { countryCode: 'US', postalCode: '787011234' })?.id).toBe(4);
  });

  it('matches prefix wildcards, including the bare prefix', () => {
    const wildcard = zipZone(6, ['787*']);
    expect(matchZone([wildcard], { countryCode: 'US', postalCode: '78799' })?.id).toBe(6);
    expect(matchZone([wildcard], { countryCode: 'US', postalCode: '78701-1234' })?.id).toBe(6);
    expect(matchZone([wildcard], { countryCode: 'US', postalCode: '787' })?.id).toBe(6);
    expect(matchZone([wildcard], { countryCode: 'US', postalCode: '78899' })).toBeUndefined();
    expect(matchZone([wildcard], { countryCode: 'US', postalCode: '1787' })).toBeUndefined();
  });

  it('treats a * that is not trailing literally', () => {
    const odd = zipZone(6, ['7*701']);
    expect(matchZone([odd], { countryCode: 'US', postalCode: '78701' })).toBeUndefined();
  });

  it('matches Canadian postcodes regardless of case and spaces', () => {
    const ottawa = zipZone(8, ['K1A 0B1', 'k2p*'], 'CA');
    for (const postalCode of ['K1A 0B1', 'k1a0b1', 'K1A0B1', ' k1a  0b1']) {
      expect(matchZone([ottawa], { countryCode: 'CA', postalCode })?.id).toBe(8);
    }
    expect(matchZone([ottawa], { countryCode: 'CA', postalCode: 'K2P 1L4' })?.id).toBe(8);
    expect(matchZone([ottawa], { countryCode: 'CA', postalCode: 'K1A 0B2' })).toBeUndefined();
  });

  it('requires the country of a zip location when it has one', () => {
    const usOnly = zipZone(4, ['10001'], 'US');
    const anyCountry = zipZone(5, ['10001'], null);
    expect(matchZone([usOnly], { countryCode: 'DE', postalCode: '10001' })).toBeUndefined();
    expect(matchZone([anyCountry], { countryCode: 'DE', postalCode: '10001' })?.id).toBe(5);
    expect(matchZone([zipZone(6, ['100*'], 'US')], { countryCode: 'DE', postalCode: '10001' })).toBeUndefined();
  });

  it('handles a 40,000-postcode zone with indexed lookups', () => {
    const zips = Array.from({ length: 40_000 }, (_, index) => String(10_000 + index * 2).padStart(5, '0'));
    const big = zipZone(10, zips);
    const zones = [countryZone(2, ['US']), big];

    const compiled = compileZones(zones);
    expect(compileZones(zones)).toBe(compiled);

    expect(matchZone(zones, { countryCode: 'US', postalCode: '10000' })?.id).toBe(10);
    expect(matchZone(zones, { countryCode: 'US', postalCode: '89998' })?.id).toBe(10);
    expect(matchZone(zones, { countryCode: 'US', postalCode: '10001' })?.id).toBe(2);

    const started = performance.now();
    for (let index = 0; index < 20_000; index++) {
      matchZone(zones, { countryCode: 'US', postalCode: String(10_000 + index) });
    }
    // A linear scan would cost 20,000 × 40,000 comparisons; indexed lookups take milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('accepts an already compiled form', () => {
    const compiled = compileZones([us, austin]);
    expect(matchZone(compiled, { countryCode: 'US', postalCode: '78701' })?.id).toBe(4);
  });
});

describe('shippingCountries', () => {
  const codes = (zones: Parameters<typeof shippingCountries>[0]) => shippingCountries(zones).map((c) => c.code);

  it('lists every country once a global zone is enabled, and none for no zone', () => {
    expect(shippingCountries([zone(1), countryZone(2, ['US'])])).toBe(COUNTRIES);
    expect(codes([zone(1, { enabled: false })])).toEqual([]);
    expect(codes([])).toEqual([]);
  });

  it('reaches a whole country through a country or zip zone, and only the named states through state zones', () => {
    const reached = shippingCountries([countryZone(1, ['FR']), zipZone(2, ['78701']), stateZone(3, [['CA', 'on'], ['CA', 'QC']]), stateZone(4, [['US', 'TX']])]);
    expect(reached.map((c) => c.code)).toEqual(['CA', 'FR', 'US']);
    expect(reached.find((c) => c.code === 'CA')!.subdivisions.map((s) => s.code)).toEqual(['ON', 'QC']);
    expect(reached.find((c) => c.code === 'US')!.subdivisions).toHaveLength(60);
    expect(codes([stateZone(1, [['CA', 'ON']], { enabled: false })])).toEqual([]);
  });
});
