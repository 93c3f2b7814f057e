import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { DALLAS } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_DALLAS, Shopper } from '../storefront/shopper.js';

/**
 * Addresses are completed at the edge (docs/api.md, "Addresses"): a state given only by name gets
 * its code, so the demo store's Texas shipping zone and Texas tax zone (both keyed by `TX`) apply
 * to Dallas however the client spelled the state, in either dialect.
 */
describe.each(STORE_KINDS)('states given by name or code on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  interface Option { id: string; description: string }

  const { state_or_province_code: _code, ...DALLAS_BY_NAME } = DALLAS;

  it('server-to-server: Dallas by state name is in the Texas zone and taxed as Texas', async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 4, quantity: 2 }] })).json().data;
    const mugs = cart.line_items.physical_items[0].id;
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [
      { address: DALLAS_BY_NAME, line_items: [{ item_id: mugs, quantity: 2 }] },
    ]);
    expect(created.statusCode, created.body).toBe(200);
    const [consignment] = created.json().data.consignments;
    expect(consignment.address).toMatchObject({ state_or_province: 'Texas', state_or_province_code: 'TX' });
    const texas = (consignment.available_shipping_options as Option[]).find((o) => o.description === 'Texas Flat Rate');
    expect(texas).toBeDefined();
    const selected = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: texas!.id });
    expect(selected.statusCode, selected.body).toBe(200);
    const checkout = selected.json().data;
    expect(checkout.taxes.map((x: { name: string }) => x.name)).toEqual(['Texas State Tax', 'Local Tax']);
    // 8.25% of each 14.00 mug, taxed per unit (docs/tax.md): 2 x 15.16.
    expect(checkout.subtotal_inc_tax).toBe(30.32);

    // A code alone gets the state's name; the billing address is completed the same way.
    const billing = await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...DALLAS_BY_NAME, state_or_province: '', state_or_province_code: 'tx' });
    expect(billing.statusCode, billing.body).toBe(200);
    expect(billing.json().data.billing_address).toMatchObject({ state_or_province: 'Texas', state_or_province_code: 'TX' });
  });

  it('storefront: the same, spelled in camelCase and in lower case', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const { stateOrProvinceCode: _sfCode, ...address } = { ...SF_DALLAS, stateOrProvince: 'texas' };
    const created = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, [{ address, lineItems: [{ itemId: cart.mugs, quantity: 2 }] }]);
    expect(created.statusCode, created.body).toBe(200);
    const [consignment] = created.json().consignments;
    expect(consignment.address).toMatchObject({ stateOrProvince: 'texas', stateOrProvinceCode: 'TX' });
    const texas = (consignment.availableShippingOptions as Option[]).find((o) => o.description === 'Texas Flat Rate');
    expect(texas).toBeDefined();
    const selected = await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}/consignments/${consignment.id}`, { shippingOptionId: texas!.id });
    expect(selected.statusCode, selected.body).toBe(200);
    expect(selected.json().taxes.map((x: { name: string }) => x.name)).toEqual(['Texas State Tax', 'Local Tax']);
  });

  it('keeps a state it does not know as sent, matching no state zone', async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 4, quantity: 1 }] })).json().data;
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [
      { address: { ...DALLAS_BY_NAME, state_or_province: 'Atlantis' }, line_items: [{ item_id: cart.line_items.physical_items[0].id, quantity: 1 }] },
    ]);
    const [consignment] = created.json().data.consignments;
    expect(consignment.address).toMatchObject({ state_or_province: 'Atlantis', state_or_province_code: '' });
    expect((consignment.available_shipping_options as Option[]).map((o) => o.description)).not.toContain('Texas Flat Rate');
  });
});
