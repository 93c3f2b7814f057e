import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsign } from '../../src/api/app.js';
import { type Fixture, readFixture, seed } from '../../src/api/seed.js';
import { DEMO_FIXTURE } from '../helpers/app.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/** A fixture that passes the format check but is refused part-way: its pickup method names no location. */
const BROKEN: Fixture = {
  store: { name: 'Broken' },
  products: [{ name: 'Thing', type: 'physical', sku: 'THING', price: 1, weight: 1 }],
  shipping_zones: [{ name: 'Everywhere', type: 'global', methods: [{ name: 'Flat', type: 'perorder', settings: { rate: 5 } }] }],
  pickup_locations: [{ name: 'Shop', address: { address1: '1 Main St', city: 'Austin', country_code: 'US' }, coordinates: { latitude: 30.27, longitude: -97.74 } }],
  pickup_methods: [{ location: 'NOPE', display_name: 'Pick up' }],
};

/** Refused only once its products are written: two of them share a SKU. */
const DUPLICATE_SKUS: Fixture = {
  tax_classes: [{ name: 'Food' }],
  products: [
    { name: 'One', type: 'physical', sku: 'SAME', price: 1, weight: 1 },
    { name: 'Two', type: 'physical', sku: 'SAME', price: 2, weight: 1 },
  ],
};

/** A fixture is loaded whole or not at all: a refused one leaves no store and no configuration. */
describe.each(STORE_KINDS)('seeding a fixture on %s', (kind) => {
  let testStore: TestStore;
  beforeEach(async () => {
    testStore = await openTestStore(kind);
  });
  afterEach(async () => testStore.destroy());

  it('a refused fixture creates no store', async () => {
    const consign = createConsign(testStore.store);
    await expect(seed(consign, BROKEN)).rejects.toThrow("pickup_methods.0.location: no pickup location has code or name 'NOPE'");
    await expect(seed(consign, DUPLICATE_SKUS)).rejects.toThrow("The SKU 'SAME' is already in use");
    expect(await testStore.store.listStores()).toEqual([]);
  });

  it('a refused fixture adds nothing to an existing store, and the store still takes a good one', async () => {
    const consign = createConsign(testStore.store);
    const record = await seed(consign, await readFixture(DEMO_FIXTURE));
    const before = await testStore.store.loadConfig(record.id);
    await expect(seed(consign, BROKEN, record)).rejects.toThrow('NOPE');
    await expect(seed(consign, DUPLICATE_SKUS, record)).rejects.toThrow("The SKU 'SAME' is already in use");
    // The demo fixture's SKUs are the store's already.
    await expect(seed(consign, await readFixture(DEMO_FIXTURE), record)).rejects.toThrow("The SKU 'LAMP-ORBIT' is already in use");
    expect(await testStore.store.loadConfig(record.id)).toEqual(before);
    await seed(consign, { products: [{ name: 'New', type: 'digital', sku: 'NEW', price: 1, weight: 0 }] }, record);
    const after = await testStore.store.loadConfig(record.id);
    expect(after.items.filter((i) => i.kind === 'product')).toHaveLength(before.items.filter((i) => i.kind === 'product').length + 1);
  });

  it('sets the hosted checkout\'s scripts from checkout_settings, and refuses one a page could not load', async () => {
    const consign = createConsign(testStore.store);
    const record = await seed(consign, { store: { name: 'Dev' }, checkout_settings: { custom_checkout_script_url: 'http://127.0.0.1:8080/auto-loader-dev.js', order_confirmation_use_custom_checkout_script: true } });
    expect((await consign.configs.get(record)).settings.checkoutScripts).toMatchObject({
      customCheckoutScriptUrl: 'http://127.0.0.1:8080/auto-loader-dev.js',
      orderConfirmationUseCustomCheckoutScript: true,
    });
    await expect(seed(consign, { store: { name: 'Bad' }, checkout_settings: { custom_checkout_script_url: 'webdav:dist/auto-loader.js' } })).rejects.toThrow('checkout script URL');
    expect((await testStore.store.listStores()).map((s) => s.id)).toEqual([record.id]);
  });
});
