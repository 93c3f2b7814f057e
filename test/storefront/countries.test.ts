import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { Shopper } from './shopper.js';

interface Country { code: string; name: string; hasPostalCodes: boolean; requiresState: boolean; subdivisions: { code: string; name: string }[] }
interface Field { name: string; required: boolean; options?: { items: { value: string; label: string }[] } }

describe.each(STORE_KINDS)('countries and address fields for the checkout SDK on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const get = async (shopper: Shopper, path: string) => {
    const response = await shopper.request('GET', path);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return response.json();
  };

  it('answers loadBillingCountries with every country, its states and its address rules', async () => {
    const body = await get(new Shopper(t.app), '/internalapi/v1/store/countries');
    expect(body.meta).toEqual({});
    const countries = body.data as Country[];
    expect(countries).toHaveLength(249);
    const us = countries.find((c) => c.code === 'US')!;
    expect(Object.keys(us).sort()).toEqual(['code', 'hasPostalCodes', 'name', 'requiresState', 'subdivisions']);
    expect(us).toMatchObject({ name: 'United States', hasPostalCodes: true, requiresState: true });
    expect(us.subdivisions).toContainEqual({ code: 'TX', name: 'Texas' });
    expect(countries.find((c) => c.code === 'HK')).toMatchObject({ hasPostalCodes: false, requiresState: false, subdivisions: [] });
  });

  it('answers loadShippingCountries with where the store ships: whole countries, or only the states its state zones name', async () => {
    // The demo store has a global zone: every country.
    expect((await get(new Shopper(t.app), '/internalapi/v1/shipping/countries')).data).toHaveLength(249);

    const fixture = await readFixture(DEMO_FIXTURE);
    const zones = fixture.shipping_zones!.filter((z) => z.name === 'Texas' || z.name === 'Canada');
    await seed(t.app.consign, { ...fixture, store: { ...fixture.store, storefront_hosts: ['texas-and-canada.localhost'] }, shipping_zones: zones, pickup_locations: [], pickup_methods: [] });
    t.app.consign.storefronts.invalidate();
    const shopper = new Shopper(t.app, 'texas-and-canada.localhost');
    const countries = (await get(shopper, '/internalapi/v1/shipping/countries')).data as Country[];
    expect(countries.map((c) => c.code)).toEqual(['CA', 'US']);
    expect(countries[1]!.subdivisions).toEqual([{ code: 'TX', name: 'Texas' }]);
    expect(countries[0]!.subdivisions).toHaveLength(13);

    // The form fields offer the same countries.
    const fields = await get(shopper, '/api/storefront/form-fields');
    const country = (fields.shippingAddress as Field[]).find((f) => f.name === 'countryCode')!;
    expect(country.options!.items).toEqual([{ value: 'CA', label: 'Canada' }, { value: 'US', label: 'United States' }]);
  });

  it('marks in form-fields what an order needs, the country included, listing the countries the country endpoints list', async () => {
    const shopper = new Shopper(t.app);
    const fields = await get(shopper, '/api/storefront/form-fields');
    const billing = (await get(shopper, '/internalapi/v1/store/countries')).data as Country[];
    for (const form of ['shippingAddress', 'billingAddress'] as const) {
      const required = Object.fromEntries((fields[form] as Field[]).map((f) => [f.name, f.required]));
      expect(required, form).toEqual({
        firstName: true, lastName: true, company: false, phone: false, address1: true, address2: false, city: true,
        countryCode: true, stateOrProvince: true, postalCode: true,
      });
    }
    const country = (fields.billingAddress as Field[]).find((f) => f.name === 'countryCode')!;
    expect(country.options!.items.map((i) => i.value)).toEqual(billing.map((c) => c.code));
  });

  it('takes a billing address that is only an email, as continueAsGuest sends it', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const response = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/billing-address`, { email: 'guest@example.com' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().billingAddress).toMatchObject({ email: 'guest@example.com', countryCode: '', country: '' });
    expect(response.json().cart.email).toBe('guest@example.com');
    // A consignment address still needs its country.
    const consignment = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, [{ address: { email: 'guest@example.com' }, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }]);
    expect(consignment.statusCode).toBe(422);
    expect(consignment.json().title).toBe('Missing address.countryCode in request body');
  });
});
