import { describe, expect, it } from 'vitest';
import { type Carrier, carrierOptionId, carrierOptions, carriersServing, rateRequest } from '../../../src/domain/shipping/carriers.js';
import { quoteShipping } from '../../../src/domain/shipping/index.js';
import { AUSTIN, config, countryZone, item, method } from './builders.js';

const carrier = (over: Partial<Carrier> = {}): Carrier => ({
  id: 1, code: 'acme', name: 'Acme', rateUrl: 'http://carrier/rate', connectionOptions: { k: 'v' }, zoneOptions: {},
  zoneIds: [1], enabled: true, origin: { zip: '78701', country_iso2: 'US' }, backupRate: null, ...over,
});
const ctx = (weightUnit: 'lb' | 'oz' | 'kg' | 'g') => ({ storeHash: 'h', currency: 'EUR', decimalPlaces: 2, weightUnit });
const lamp = { sku: 'L', productId: 3, variantId: 4, name: 'Lamp', quantity: 2, weight: 1.5, unitPrice: 4900 };

describe('carrier rules', () => {
  it.each([
    ['lb', { units: 'oz', value: 24 }],
    ['kg', { units: 'g', value: 1500 }],
    ['oz', { units: 'oz', value: 1.5 }],
    ['g', { units: 'g', value: 1.5 }],
  ] as const)('sends a weight in %s in upstream\'s units', (unit, weight) => {
    const { body } = rateRequest(carrier(), ctx(unit), { countryCode: 'FR', postalCode: '75001' }, [lamp]);
    expect(body.base_options.items[0]).toEqual({ sku: 'L', product_id: '3', variant_id: '4', name: 'Lamp', quantity: 2, weight, discounted_price: { currency: 'EUR', amount: 49 }, declared_value: { currency: 'EUR', amount: 49 } });
    expect(body.base_options.destination).toEqual({ zip: '75001', country_iso2: 'FR' });
  });

  it('keys a request by everything it sends', () => {
    const a = rateRequest(carrier(), ctx('lb'), { countryCode: 'FR', postalCode: '75001' }, [lamp]);
    expect(rateRequest(carrier(), ctx('lb'), { countryCode: 'FR', postalCode: '75001' }, [lamp]).key).toBe(a.key);
    expect(rateRequest(carrier(), ctx('lb'), { countryCode: 'FR', postalCode: '75002' }, [lamp]).key).not.toBe(a.key);
    expect(rateRequest(carrier({ connectionOptions: { k: 'w' } }), ctx('lb'), { countryCode: 'FR', postalCode: '75001' }, [lamp]).key).not.toBe(a.key);
  });

  it('lets only enabled carriers of the matched zone quote', () => {
    const zone = countryZone(1, ['US']);
    expect(carriersServing([carrier({ id: 2 }), carrier({ id: 3, enabled: false }), carrier({ id: 4, zoneIds: [9] })], zone).map((c) => c.id)).toEqual([2]);
    expect(carriersServing([carrier()], undefined)).toEqual([]);
  });

  it('ranks carrier options beside the zone\'s methods, and hides the zone\'s fallbacks while a carrier quotes', () => {
    const zone = countryZone(1, ['US'], { methods: [method(1, { type: 'perorder', rate: 6000 }, { name: 'Economy', isFallback: true })] });
    const quoted = carrierOptions(zone, carrier(), { kind: 'quoted', rates: [{ code: 'G', displayName: 'Ground', cost: 900, transitTime: '' }] });
    expect(quoted[0]).toMatchObject({ id: carrierOptionId(1, 'acme', 'G'), type: 'shipping_acme', cost: 900 });
    expect(quoteShipping(config(zone), AUSTIN, [item({})], quoted).map((o) => o.description)).toEqual(['Ground']);
    const down = carrierOptions(zone, carrier(), { kind: 'failed', reason: 'timeout' });
    expect(quoteShipping(config(zone), AUSTIN, [item({})], down).map((o) => o.description)).toEqual(['Economy']);
    const backup = carrierOptions(zone, carrier({ backupRate: 1500 }), { kind: 'failed', reason: 'timeout' });
    expect(backup.map((o) => [o.description, o.cost])).toEqual([['Acme (backup rate)', 1500]]);
  });
});
