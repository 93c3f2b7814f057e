import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteShipping } from '../../src/domain/shipping/index.js';
import type { StoreRecord } from '../../src/store/store.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

const ZONES = '/v2/shipping/zones';

/** `count` distinct five-digit postcodes, as a zip zone's locations. */
const zips = (count: number) => Array.from({ length: count }, (_, i) => ({ zip: String(10_000 + i).padStart(5, '0'), country_iso2: 'US' }));

describe.each(STORE_KINDS)('shipping configuration (Shipping v2) on %s', (kind) => {
  let t: TestApp;
  let record: StoreRecord;
  beforeAll(async () => {
    t = await createTestApp(kind);
    record = (await t.app.consign.accounts.findStore(t.hash))!;
  });
  afterAll(async () => t.close());

  const createZone = async (body: unknown) => {
    const response = await t.api('POST', ZONES, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const createMethod = async (zoneId: number, body: unknown) => {
    const response = await t.api('POST', `${ZONES}/${zoneId}/methods`, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const listZones = async () => (await t.api('GET', ZONES)).json();
  const listMethods = async (zoneId: number) => (await t.api('GET', `${ZONES}/${zoneId}/methods`)).json();

  describe('zones', () => {
    it('lists the fixture zones as a bare array, in upstream\'s response forms', async () => {
      const response = await t.api('GET', ZONES);
      expect(response.statusCode).toBe(200);
      const zones = response.json();
      expect(Array.isArray(zones)).toBe(true);
      const us = zones.find((z: { name: string }) => z.name === 'United States');
      expect(us).toMatchObject({
        type: 'country',
        locations: [{ id: expect.any(Number), country_iso2: 'US' }],
        free_shipping: { enabled: true, minimum_sub_total: '150.0000', exclude_fixed_shipping_products: true },
        handling_fees: { fixed_surcharge: '0', display_separately: false },
        enabled: true,
      });
      expect(zones.map((z: { id: number }) => z.id)).toEqual([...zones.map((z: { id: number }) => z.id)].sort((a, b) => a - b));
    });

    it('creates a zone of every type (201), with amounts sent as strings or numbers', async () => {
      const global = await createZone({ name: 'Rest of world', type: 'global', enabled: false });
      expect(global).toEqual({
        id: expect.any(Number),
        name: 'Rest of world',
        type: 'global',
        locations: [],
        free_shipping: { enabled: false, minimum_sub_total: '0.0000', exclude_fixed_shipping_products: false },
        handling_fees: { fixed_surcharge: '0', display_separately: false },
        enabled: false,
      });

      const country = await createZone({
        name: 'Mexico and Brazil',
        type: 'country',
        locations: [{ country_iso2: 'mx' }, { country_iso2: 'BR' }],
        free_shipping: { enabled: true, minimum_sub_total: 75.5, exclude_fixed_shipping_products: true },
        handling_fees: { percentage_surcharge: '5', display_separately: true },
      });
      expect(country).toMatchObject({
        type: 'country',
        locations: [{ id: expect.any(Number), country_iso2: 'MX' }, { id: expect.any(Number), country_iso2: 'BR' }],
        free_shipping: { enabled: true, minimum_sub_total: '75.5000', exclude_fixed_shipping_products: true },
        handling_fees: { percentage_surcharge: '5', display_separately: true },
        enabled: true,
      });

      const state = await createZone({
        name: 'South Carolina',
        type: 'state',
        locations: [{ country_iso2: 'US', state_iso2: 'sc' }],
        free_shipping: { enabled: true, minimum_sub_total: '100' },
        handling_fees: { fixed_surcharge: 2.5, display_separately: false },
      });
      expect(state).toMatchObject({
        locations: [{ country_iso2: 'US', state_iso2: 'SC' }],
        free_shipping: { enabled: true, minimum_sub_total: '100.0000', exclude_fixed_shipping_products: false },
        handling_fees: { fixed_surcharge: '2.5', display_separately: false },
      });

      const zip = await createZone({ name: 'Wellington', type: 'zip', locations: [{ zip: '60*', country_iso2: 'NZ' }, { zip: '7010', country_iso2: 'NZ' }] });
      expect(zip.locations).toEqual([
        { id: expect.any(Number), zip: '60*', country_iso2: 'NZ' },
        { id: expect.any(Number), zip: '7010', country_iso2: 'NZ' },
      ]);

      const read = await t.api('GET', `${ZONES}/${zip.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(zip);
      const ids = (await listZones()).map((z: { id: number }) => z.id);
      expect(ids).toEqual(expect.arrayContaining([global.id, country.id, state.id, zip.id]));
    });

    it('updates a zone as upstream does: name required, fields left out kept, free_shipping merged', async () => {
      const zone = await createZone({
        name: 'Ontario',
        type: 'state',
        locations: [{ country_iso2: 'CA', state_iso2: 'ON' }],
        free_shipping: { enabled: true, minimum_sub_total: '200', exclude_fixed_shipping_products: true },
        handling_fees: { fixed_surcharge: '4', display_separately: true },
      });
      const response = await t.api('PUT', `${ZONES}/${zone.id}`, { id: 999, name: 'Ontario (closed)', enabled: false, free_shipping: { minimum_sub_total: 250 } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        ...zone,
        name: 'Ontario (closed)',
        enabled: false,
        free_shipping: { enabled: true, minimum_sub_total: '250.0000', exclude_fixed_shipping_products: true },
      });

      const fees = await t.api('PUT', `${ZONES}/${zone.id}`, { name: 'Ontario', handling_fees: { percentage_surcharge: 10 } });
      expect(fees.json().handling_fees).toEqual({ percentage_surcharge: '10', display_separately: false });

      const retyped = await t.api('PUT', `${ZONES}/${zone.id}`, { name: 'Toronto', type: 'zip', locations: [{ zip: 'M5V*', country_iso2: 'CA' }] });
      expect(retyped.statusCode, retyped.body).toBe(200);
      expect(retyped.json()).toMatchObject({ type: 'zip', locations: [{ zip: 'M5V*', country_iso2: 'CA' }] });
      expect((await t.api('GET', `${ZONES}/${zone.id}`)).json()).toEqual(retyped.json());
    });

    it('deletes a zone (204) with its methods', async () => {
      const zone = await createZone({ name: 'Iceland', type: 'country', locations: [{ country_iso2: 'IS' }] });
      await createMethod(zone.id, { name: 'Flat', type: 'perorder', settings: { rate: 3 } });
      const response = await t.api('DELETE', `${ZONES}/${zone.id}`);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect((await t.api('GET', `${ZONES}/${zone.id}`)).statusCode).toBe(404);
      expect((await t.api('GET', `${ZONES}/${zone.id}/methods`)).statusCode).toBe(404);
      expect((await listZones()).some((z: { id: number }) => z.id === zone.id)).toBe(false);
    });

    it('accepts a zip zone of 40,000 postcodes, and round-trips it through PUT', async () => {
      const body = { name: 'Big zip zone', type: 'zip', locations: zips(40_000) };
      expect(JSON.stringify(body).length).toBeLessThan(2 * 1024 * 1024);
      const zone = await createZone(body);
      expect(zone.locations).toHaveLength(40_000);
      expect(zone.locations[39_999]).toMatchObject({ zip: '49999', country_iso2: 'US' });
      // What a client GETs it can PUT back, pretty-printed, ids included: more than 2 MiB.
      const pretty = JSON.stringify({ ...zone, name: 'Big zip zone, renamed' }, null, 4);
      expect(pretty.length).toBeGreaterThan(2 * 1024 * 1024);
      const updated = await t.api('PUT', `${ZONES}/${zone.id}`, pretty);
      expect(updated.statusCode, updated.body.slice(0, 500)).toBe(200);
      expect(updated.json().locations).toHaveLength(40_000);
      expect((await t.api('DELETE', `${ZONES}/${zone.id}`)).statusCode).toBe(204);
    });
  });

  describe('methods', () => {
    let zoneId: number;
    beforeAll(async () => {
      zoneId = (await createZone({ name: 'Method zone', type: 'country', locations: [{ country_iso2: 'DE' }] })).id;
    });

    it('creates a method of every type (200, as upstream) with all its settings', async () => {
      const perOrder = await createMethod(zoneId, {
        name: 'Per Order',
        type: 'perorder',
        settings: { rate: '8.50' },
        enabled: true,
        handling_fees: { fixed_surcharge: '3' },
        channel_ids: [1, 3],
        transit_time: '2-3 business days',
      });
      expect(perOrder).toEqual({
        id: expect.any(Number),
        name: 'Per Order',
        type: 'perorder',
        settings: { rate: 8.5 },
        enabled: true,
        handling_fees: { fixed_surcharge: '3', display_separately: false },
        is_fallback: false,
        channel_ids: [1, 3],
        transit_time: '2-3 business days',
      });

      const perItem = await createMethod(zoneId, { name: 'Per Item', type: 'peritem', settings: { rate: 2 }, handling_fees: { percentage_surcharge: 12.5, display_separately: true }, is_fallback: true });
      expect(perItem).toMatchObject({ settings: { rate: 2 }, handling_fees: { percentage_surcharge: '12.5', display_separately: true }, is_fallback: true, channel_ids: [1], transit_time: '' });

      const weight = await createMethod(zoneId, {
        name: 'Rate per Weight',
        type: 'weight',
        settings: { default_cost: 12, default_cost_type: 'fixed_amount', range: [{ lower_limit: 0, upper_limit: 20, shipping_cost: 8 }, { lower_limit: 20, upper_limit: 40.5, shipping_cost: '12.25' }] },
      });
      expect(weight.settings).toEqual({
        default_cost: 12,
        default_cost_type: 'fixed_amount',
        range: [{ lower_limit: 0, upper_limit: 20, shipping_cost: 8 }, { lower_limit: 20, upper_limit: 40.5, shipping_cost: 12.25 }],
      });

      const total = await createMethod(zoneId, {
        name: 'Per Total or Free',
        type: 'total',
        enabled: false,
        settings: { default_cost: 10, default_cost_type: 'percentage_of_total', range: [{ lower_limit: 0, upper_limit: 49.99, shipping_cost: 15 }, { lower_limit: 50, upper_limit: 100000, shipping_cost: 0 }] },
      });
      expect(total).toMatchObject({
        enabled: false,
        settings: { default_cost: 10, default_cost_type: 'percentage_of_total', range: [{ lower_limit: 0, upper_limit: 49.99, shipping_cost: 15 }, { lower_limit: 50, upper_limit: 100000, shipping_cost: 0 }] },
      });

      const noDefault = await createMethod(zoneId, { name: 'Weight, no default', type: 'weight', settings: { default_cost: null, range: [{ lower_limit: 0, upper_limit: 5, shipping_cost: 4 }] } });
      expect(noDefault.settings).toMatchObject({ default_cost: null, default_cost_type: 'fixed_amount' });

      const free = await createMethod(zoneId, { name: 'Free Shipping', type: 'freeshipping' });
      expect(free).toMatchObject({ type: 'freeshipping', settings: {}, enabled: true });

      const methods = await listMethods(zoneId);
      expect(methods.map((m: { id: number }) => m.id)).toEqual([perOrder.id, perItem.id, weight.id, total.id, noDefault.id, free.id]);
      expect(methods[0]).toEqual(perOrder);
      const one = await t.api('GET', `${ZONES}/${zoneId}/methods/${weight.id}`);
      expect(one.statusCode).toBe(200);
      expect(one.json()).toEqual(weight);
    });

    it('updates a method from a partial body: settings merge while the type stays', async () => {
      const method = await createMethod(zoneId, {
        name: 'Weight tiers',
        type: 'weight',
        settings: { default_cost: 9, default_cost_type: 'fixed_amount', range: [{ lower_limit: 0, upper_limit: 10, shipping_cost: 5 }] },
        handling_fees: { fixed_surcharge: 1 },
        channel_ids: [2],
        transit_time: '1 week',
      });
      const response = await t.api('PUT', `${ZONES}/${zoneId}/methods/${method.id}`, { settings: { default_cost: 11 }, handling_fees: { fixed_surcharge: '0' } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ ...method, settings: { ...method.settings, default_cost: 11 }, handling_fees: { fixed_surcharge: '0', display_separately: false } });

      const retyped = await t.api('PUT', `${ZONES}/${zoneId}/methods/${method.id}`, { type: 'perorder', settings: { rate: 11 }, enabled: false, is_fallback: true, transit_time: '' });
      expect(retyped.json()).toEqual({ ...method, type: 'perorder', settings: { rate: 11 }, enabled: false, is_fallback: true, transit_time: '', handling_fees: { fixed_surcharge: '0', display_separately: false } });
      expect((await t.api('GET', `${ZONES}/${zoneId}/methods/${method.id}`)).json()).toEqual(retyped.json());
    });

    it('deletes a method (204)', async () => {
      const method = await createMethod(zoneId, { name: 'Doomed', type: 'peritem', settings: { rate: 1 } });
      const response = await t.api('DELETE', `${ZONES}/${zoneId}/methods/${method.id}`);
      expect(response.statusCode).toBe(204);
      expect((await t.api('GET', `${ZONES}/${zoneId}/methods/${method.id}`)).statusCode).toBe(404);
      expect((await listMethods(zoneId)).some((m: { id: number }) => m.id === method.id)).toBe(false);
    });
  });

  describe('validation: 422 in v2\'s error shape, nothing saved', () => {
    const badZones: [string, unknown, string][] = [
      ['an unknown country code', { name: 'Nowhere', type: 'country', locations: [{ country_iso2: 'XX' }] }, 'locations.0.country_iso2'],
      ['a zip zone location without a zip', { name: 'No zip', type: 'zip', locations: [{ zip: '12345' }, { country_iso2: 'US' }] }, 'locations.1.zip'],
      ['a state zone location without a state', { name: 'No state', type: 'state', locations: [{ country_iso2: 'US' }] }, 'locations.0'],
      ['a country zone without locations', { name: 'Empty', type: 'country', locations: [] }, 'locations'],
      ['both surcharges', { name: 'Both', type: 'global', handling_fees: { fixed_surcharge: '2', percentage_surcharge: '5' } }, 'handling_fees'],
      ['a negative amount', { name: 'Negative', type: 'global', free_shipping: { minimum_sub_total: '-5' } }, 'free_shipping.minimum_sub_total'],
      ['an unknown type', { name: 'Bad', type: 'continent' }, 'type'],
      ['no name', { type: 'global' }, 'name'],
      ['40,001 postcodes', { name: 'Too big', type: 'zip', locations: zips(40_001) }, 'locations'],
    ];

    it.each(badZones)('refuses a zone with %s', async (_, body, field) => {
      const before = await listZones();
      const response = await t.api('POST', ZONES, body);
      expect(response.statusCode, response.body.slice(0, 500)).toBe(422);
      const [error] = response.json();
      expect(error).toMatchObject({ status: 422, message: expect.any(String) });
      expect(Object.keys(error.details ?? {})).toContain(field);
      expect(await listZones()).toEqual(before);
    });

    it('refuses a bad zone update, leaving the zone as it was', async () => {
      const zone = await createZone({ name: 'Stable', type: 'country', locations: [{ country_iso2: 'FR' }] });
      const bad: unknown[] = [
        { enabled: false }, // no name: upstream requires it on PUT
        { name: 'Stable', locations: [{ country_iso2: 'ZZ' }] },
        { name: 'Stable', type: 'zip' }, // a new type needs its locations
        { name: 'Stable', handling_fees: { fixed_surcharge: 1, percentage_surcharge: 1 } },
        { name: 'Stable', type: 'zip', locations: zips(40_001) },
      ];
      for (const body of bad) {
        const response = await t.api('PUT', `${ZONES}/${zone.id}`, body);
        expect(response.statusCode, JSON.stringify(body).slice(0, 200)).toBe(422);
        expect(response.json()[0].status).toBe(422);
      }
      expect((await t.api('GET', `${ZONES}/${zone.id}`)).json()).toEqual(zone);
    });

    const badMethods: [string, unknown, string][] = [
      ['a range whose upper limit is below its lower limit', { name: 'R', type: 'weight', settings: { range: [{ lower_limit: 10, upper_limit: 5, shipping_cost: 1 }] } }, 'settings.range.0'],
      ['a total range upside down', { name: 'R', type: 'total', settings: { default_cost: 1, range: [{ lower_limit: 0, upper_limit: 5, shipping_cost: 1 }, { lower_limit: 50, upper_limit: 49.99, shipping_cost: 0 }] } }, 'settings.range.1'],
      ['a weight method with neither ranges nor a default cost', { name: 'R', type: 'weight', settings: { default_cost: null } }, 'settings.range'],
      ['a perorder method without a rate', { name: 'R', type: 'perorder', settings: {} }, 'settings.rate'],
      ['a peritem method without settings', { name: 'R', type: 'peritem' }, 'settings.rate'],
      ['both surcharges', { name: 'R', type: 'perorder', settings: { rate: 1 }, handling_fees: { fixed_surcharge: 1, percentage_surcharge: 2 } }, 'handling_fees'],
      ['a negative rate', { name: 'R', type: 'perorder', settings: { rate: -1 } }, 'settings.rate'],
      ['a carrier type Consign does not connect to', { name: 'UPS', type: 'upsready', settings: {} }, 'type'],
      ['an unknown default_cost_type', { name: 'R', type: 'total', settings: { default_cost: 1, default_cost_type: 'per_kilo' } }, 'settings.default_cost_type'],
    ];

    it.each(badMethods)('refuses a method with %s', async (_, body, field) => {
      const zone = (await listZones())[0];
      const before = await listMethods(zone.id);
      const response = await t.api('POST', `${ZONES}/${zone.id}/methods`, body);
      expect(response.statusCode, response.body).toBe(422);
      const [error] = response.json();
      expect(error).toMatchObject({ status: 422, message: expect.any(String) });
      expect(Object.keys(error.details ?? {})).toContain(field);
      expect(await listMethods(zone.id)).toEqual(before);
    });

    it('refuses a bad method update, leaving the method as it was', async () => {
      const zone = (await listZones())[0];
      const method = await createMethod(zone.id, { name: 'Steady', type: 'total', settings: { default_cost: 5, range: [{ lower_limit: 0, upper_limit: 100, shipping_cost: 3 }] } });
      const bad: unknown[] = [
        { settings: { range: [{ lower_limit: 100, upper_limit: 0, shipping_cost: 3 }] } },
        { type: 'perorder' }, // a new type needs its settings
        { name: '' },
        { handling_fees: { fixed_surcharge: '1', percentage_surcharge: '1' } },
      ];
      for (const body of bad) {
        const response = await t.api('PUT', `${ZONES}/${zone.id}/methods/${method.id}`, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(422);
      }
      expect((await t.api('GET', `${ZONES}/${zone.id}/methods/${method.id}`)).json()).toEqual(method);
    });

    it('answers malformed JSON with 400 and a wrong method with 405, in v2\'s shape', async () => {
      const malformed = await t.api('POST', ZONES, '{"name": ');
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toEqual([{ status: 400, message: 'The request body is not valid JSON.' }]);
      const patch = await t.api('PATCH', `${ZONES}/1`, { name: 'x' });
      expect(patch.statusCode).toBe(405);
      expect(patch.headers.allow).toContain('PUT');
      expect(patch.json()).toEqual([{ status: 405, message: expect.any(String) }]);
    });
  });

  describe('not found', () => {
    it('answers an unknown zone or method with 404 in v2\'s shape', async () => {
      const [zone, other] = await listZones();
      const [method] = await listMethods(zone.id);
      const otherMethods = await listMethods(other.id);
      const missing: [string, string, unknown?][] = [
        ['GET', `${ZONES}/99999`],
        ['PUT', `${ZONES}/99999`, { name: 'x' }],
        ['DELETE', `${ZONES}/99999`],
        ['GET', `${ZONES}/99999/methods`],
        ['POST', `${ZONES}/99999/methods`, { name: 'x', type: 'perorder', settings: { rate: 1 } }],
        ['GET', `${ZONES}/${zone.id}/methods/99999`],
        ['PUT', `${ZONES}/${zone.id}/methods/99999`, { name: 'x' }],
        ['DELETE', `${ZONES}/${zone.id}/methods/99999`],
        // A method is found only under its own zone.
        ['GET', `${ZONES}/${other.id}/methods/${method.id}`],
        ['DELETE', `${ZONES}/${other.id}/methods/${method.id}`],
        ['GET', `${ZONES}/99999/methods/${method.id}`],
      ];
      for (const [verb, path, body] of missing) {
        const response = await t.api(verb, path, body);
        expect(response.statusCode, `${verb} ${path}`).toBe(404);
        expect(response.json()).toEqual([{ status: 404, message: expect.stringMatching(/not found/) }]);
      }
      expect((await t.api('GET', `${ZONES}/${zone.id}/methods/${method.id}`)).statusCode).toBe(200);
      expect(await listMethods(other.id)).toEqual(otherMethods);
    });

    it('refuses ids no zone can have without reaching the store', async () => {
      expect((await t.api('GET', `${ZONES}/99999999999`)).statusCode).toBe(422);
      expect((await t.api('DELETE', `${ZONES}/0`)).statusCode).toBe(422);
    });
  });

  describe('access', () => {
    it('lets a read-only token read but not write (403); other scopes get 403; no token 401', async () => {
      const readOnly = await t.tokenWith(['store_v2_information_read_only']);
      const [zone] = await listZones();
      const [method] = await listMethods(zone.id);
      for (const path of [ZONES, `${ZONES}/${zone.id}`, `${ZONES}/${zone.id}/methods`, `${ZONES}/${zone.id}/methods/${method.id}`]) {
        expect((await t.api('GET', path, undefined, { token: readOnly })).statusCode, path).toBe(200);
      }
      const before = await listZones();
      const writes: [string, string, unknown?][] = [
        ['POST', ZONES, { name: 'x', type: 'global' }],
        ['PUT', `${ZONES}/${zone.id}`, { name: 'x' }],
        ['DELETE', `${ZONES}/${zone.id}`],
        ['POST', `${ZONES}/${zone.id}/methods`, { name: 'x', type: 'perorder', settings: { rate: 1 } }],
        ['PUT', `${ZONES}/${zone.id}/methods/${method.id}`, { name: 'x' }],
        ['DELETE', `${ZONES}/${zone.id}/methods/${method.id}`],
      ];
      for (const [verb, path, body] of writes) {
        const response = await t.api(verb, path, body, { token: readOnly });
        expect(response.statusCode, `${verb} ${path}`).toBe(403);
        expect(response.json()).toEqual([{ status: 403, message: expect.stringContaining('store_v2_information') }]);
      }
      expect(await listZones()).toEqual(before);

      const cartsOnly = await t.tokenWith(['store_cart']);
      expect((await t.api('GET', ZONES, undefined, { token: cartsOnly })).statusCode).toBe(403);
      const writer = await t.tokenWith(['store_v2_information']);
      expect((await t.api('GET', ZONES, undefined, { token: writer })).statusCode).toBe(200);
      const anonymous = await t.api('GET', ZONES, undefined, { token: null });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toEqual([{ status: 401, message: expect.any(String) }]);
    });
  });

  describe('the cached configuration', () => {
    it('sees every change at once, and quotes from it', async () => {
      const zoneNames = async () => (await t.app.consign.configs.get(record)).shipping.zones.map((z) => z.name);
      expect(await zoneNames()).not.toContain('Cache probe'); // the configuration is now cached

      const zone = await createZone({ name: 'Cache probe', type: 'zip', locations: [{ zip: '980*', country_iso2: 'IS' }], handling_fees: { fixed_surcharge: '1.50' } });
      expect(await zoneNames()).toContain('Cache probe');

      const method = await createMethod(zone.id, { name: 'Courier', type: 'perorder', settings: { rate: '7.25' }, transit_time: 'Tomorrow' });
      let config = await t.app.consign.configs.get(record);
      const [quote] = quoteShipping(config.shipping, { countryCode: 'IS', postalCode: '98012' }, [{ itemId: 'a', quantity: 1, weight: 1, unitPrice: 1000, isFreeShipping: false }]);
      expect(quote).toMatchObject({ zoneId: zone.id, methodId: method.id, cost: 875, transitTime: 'Tomorrow' });

      await t.api('PUT', `${ZONES}/${zone.id}/methods/${method.id}`, { settings: { rate: 9 } });
      config = await t.app.consign.configs.get(record);
      expect(config.shipping.zones.find((z) => z.id === zone.id)!.methods[0]!.settings).toEqual({ type: 'perorder', rate: 900 });

      await t.api('PUT', `${ZONES}/${zone.id}`, { name: 'Cache probe', enabled: false });
      config = await t.app.consign.configs.get(record);
      expect(config.shipping.zones.find((z) => z.id === zone.id)!.enabled).toBe(false);

      await t.api('DELETE', `${ZONES}/${zone.id}/methods/${method.id}`);
      expect((await t.app.consign.configs.get(record)).shipping.zones.find((z) => z.id === zone.id)!.methods).toEqual([]);

      await t.api('DELETE', `${ZONES}/${zone.id}`);
      expect(await zoneNames()).not.toContain('Cache probe');
    });
  });
});
