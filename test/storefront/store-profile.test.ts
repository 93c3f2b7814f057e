import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fixture, seed } from '../../src/api/seed.js';
import { checkDocument } from '../../src/api/validation.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { Shopper } from './shopper.js';

/**
 * The store profile the checkout SDK loads with its settings: checkout-js's confirmation says
 * "email us at {orderEmail}", so a store has an order email (and a phone), set by a fixture and by
 * `PUT /v3/storefront/settings` (docs/storefront.md).
 */
describe.each(STORE_KINDS)('the store profile of the checkout settings on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const profile = async () => (await new Shopper(t.app).request('GET', '/api/storefront/checkout-settings')).json().storeConfig.storeProfile;

  it('sends the demo store\'s order email and phone from its fixture', async () => {
    expect(await profile()).toMatchObject({ orderEmail: 'orders@consign.example', storePhoneNumber: '+1 512 555 0100', storeName: 'Consign Demo Store' });
  });

  it('changes them through the storefront settings, and refuses an email that is not one, changing nothing', async () => {
    const changed = await t.api('PUT', '/v3/storefront/settings', { order_email: 'help@shop.example', phone: '020 7946 0000' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().data).toMatchObject({ order_email: 'help@shop.example', phone: '020 7946 0000' });
    expect(await profile()).toMatchObject({ orderEmail: 'help@shop.example', storePhoneNumber: '020 7946 0000' });

    const refused = await t.api('PUT', '/v3/storefront/settings', { order_email: 'not an email', phone: '1' });
    expect(refused.statusCode).toBe(422);
    expect(await profile()).toMatchObject({ orderEmail: 'help@shop.example', storePhoneNumber: '020 7946 0000' });

    // Empty is none.
    expect((await t.api('PUT', '/v3/storefront/settings', { order_email: '' })).json().data.order_email).toBe('');
    expect((await profile()).orderEmail).toBe('');
  });

  it('takes them from any fixture, and refuses one whose order email is not an address', async () => {
    expect(() => checkDocument(Fixture, { store: { order_email: 'orders at shop' } }, 'fixture:')).toThrow(/order_email/);
    const fixture = checkDocument<Fixture>(Fixture, { store: { name: 'Third Shop', order_email: 'hello@third.example', phone: '+44 20 7946 0000' } }, 'fixture:');
    const record = await seed(t.app.consign, fixture);
    const settings = (await t.app.consign.configs.get(record)).settings;
    expect(settings).toMatchObject({ orderEmail: 'hello@third.example', phone: '+44 20 7946 0000' });
  });
});
