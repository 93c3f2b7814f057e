import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from '../storefront/shopper.js';

/**
 * The phone rule of every address a client sends (billing and consignment, both dialects):
 * upstream's intent (a phone number, with an optional extension) kept leniently, because
 * upstream's own examples and the checkout SDK send formatted numbers (docs/api.md).
 */
const ACCEPTED = ['', '555-555-5555', '(512) 555-0199', '+1 512 555 0199', '+44 20 7946 0958', '12125556895', '555.555.5555', '688546', '+1 (212) 555-0199 x123', '212-555-0199 ext. 12', '555-555-5555 #12', '+5185158x1{1-5}'];
const REFUSED = ['abc', 'call me', '555-CALL-NOW', '+', '---', 'x123', '1\n2', '<script>', '+1 555 0199 x1234567', '5'.repeat(51), '+5185158x1{1-6}', '+5185158x{1-5}', '0185158x1{1-5}'];

describe.each(STORE_KINDS)('address phone numbers on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const newCart = async () => (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data as { id: string; line_items: { physical_items: { id: string }[] } };

  it('server-to-server billing address: formatted numbers are kept as sent, anything else is 422 on `phone` and changes nothing', async () => {
    const cart = await newCart();
    for (const phone of ACCEPTED) {
      const response = await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...AUSTIN, phone });
      expect(response.statusCode, `${phone}: ${response.body}`).toBe(200);
      expect(response.json().data.billing_address.phone).toBe(phone);
    }
    const before = (await t.api('GET', `/v3/checkouts/${cart.id}`)).body;
    const { id } = JSON.parse(before).data.billing_address;
    for (const phone of REFUSED) {
      for (const [method, path] of [['POST', `/v3/checkouts/${cart.id}/billing-address`], ['PUT', `/v3/checkouts/${cart.id}/billing-address/${id}`]]) {
        const response = await t.api(method!, path!, { ...AUSTIN, phone });
        expect(response.statusCode, `${method} ${JSON.stringify(phone)}`).toBe(422);
        expect(Object.keys(response.json().errors)).toEqual(['phone']);
      }
    }
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).body).toBe(before);
  });

  it('server-to-server consignment address: the same rule, named by where the address sits', async () => {
    const cart = await newCart();
    const item = { item_id: cart.line_items.physical_items[0]!.id, quantity: 1 };
    const refused = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: { ...AUSTIN, phone: 'abc' }, line_items: [item] }]);
    expect(refused.statusCode).toBe(422);
    expect(Object.keys(refused.json().errors)).toEqual(['0.address.phone']);
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: { ...AUSTIN, phone: '(512) 555-0199' }, line_items: [item] }]);
    expect(created.statusCode, created.body).toBe(200);
    const consignment = created.json().data.consignments[0];
    expect(consignment.address.phone).toBe('(512) 555-0199');
    const update = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { address: { ...AUSTIN, phone: '555-CALL' } });
    expect(update.statusCode).toBe(422);
    expect(Object.keys(update.json().errors)).toEqual(['address.phone']);
  });

  it('storefront billing and consignment addresses: the same rule', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    for (const phone of REFUSED.slice(0, 3)) {
      // The storefront's errors are {status, title, type, detail}: the title names the field.
      const billing = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/billing-address`, { ...SF_AUSTIN, phone });
      expect(billing.statusCode, phone).toBe(422);
      expect(billing.json().title).toMatch(/^Invalid phone: /);
      const consignment = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, [{ address: { ...SF_AUSTIN, phone }, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }]);
      expect(consignment.statusCode, phone).toBe(422);
      expect(consignment.json().title).toMatch(/^Invalid address\.phone: /);
    }
    const accepted = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/billing-address`, { ...SF_AUSTIN, phone: '555-555-5555' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().billingAddress.phone).toBe('555-555-5555');
  });
});
