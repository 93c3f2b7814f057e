import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TaxZone, matchTaxZone, taxAmount } from '../../src/domain/tax.js';

const zone = (id: number, rates: Record<string, number>[], locations: TaxZone['locations'] = [{ countryCode: 'US', subdivisionCodes: [] }]): TaxZone => ({
  id,
  name: `zone ${id}`,
  enabled: true,
  locations,
  rates: rates.map((classRates, i) => ({ id: i + 1, name: `rate ${i + 1}`, enabled: true, classRates })),
});

describe('tax', () => {
  it('matches upstream\'s example: shipping of 8 at 4% is 8.32 inclusive', () => {
    expect(taxAmount(800, 0, zone(1, [{ 0: 4 }]), false)).toEqual({ exTax: 800, incTax: 832, taxes: [{ name: 'rate 1', amount: 32 }] });
  });

  it('rounds each rate once, half away from zero', () => {
    // 4900 * 6.25% = 306.25 -> 306; 4900 * 2% = 98.
    expect(taxAmount(4900, 0, zone(1, [{ 0: 6.25 }, { 0: 2 }]), false).taxes.map((t) => t.amount)).toEqual([306, 98]);
    expect(taxAmount(50, 0, zone(1, [{ 0: 5 }]), false).taxes[0]!.amount).toBe(3); // 2.5 -> 3
  });

  it('splits an amount entered with tax instead of adding to it', () => {
    expect(taxAmount(1400, 0, zone(1, [{ 0: 10 }]), true)).toEqual({ exTax: 1273, incTax: 1400, taxes: [{ name: 'rate 1', amount: 127 }] });
  });

  it('taxes nothing for a class without a rate, or without a zone', () => {
    expect(taxAmount(1000, 5, zone(1, [{ 0: 10 }]), false).taxes).toEqual([]);
    expect(taxAmount(1000, 0, undefined, false)).toEqual({ exTax: 1000, incTax: 1000, taxes: [] });
  });

  it('prefers a zone naming the state over one naming the country', () => {
    const country = zone(1, [{ 0: 1 }]);
    const state = zone(2, [{ 0: 2 }], [{ countryCode: 'US', subdivisionCodes: ['TX'] }]);
    expect(matchTaxZone([country, state], { countryCode: 'US', stateCode: 'tx' })?.id).toBe(2);
    expect(matchTaxZone([country, state], { countryCode: 'US', stateCode: 'OR' })?.id).toBe(1);
    expect(matchTaxZone([country, state], { countryCode: 'CA', stateCode: 'ON' })).toBeUndefined();
  });

  it('always keeps inc = ex + the listed taxes, either way prices are entered', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 3 }), fc.boolean(), (amount, hundredths, inclusive) => {
        const taxed = taxAmount(amount, 0, zone(1, hundredths.map((h) => ({ 0: h / 100 }))), inclusive);
        expect(taxed.incTax).toBe(taxed.exTax + taxed.taxes.reduce((s, t) => s + t.amount, 0));
        expect(inclusive ? taxed.incTax : taxed.exTax).toBe(amount);
        for (const t of taxed.taxes) expect(Number.isInteger(t.amount)).toBe(true);
      }),
    );
  });
});
