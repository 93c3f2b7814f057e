import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { PORTLAND, TORONTO } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';
/** Destinations only the demo store's global zone serves, so that a test can give one a zone of its own. */
const abroad = (country_code: string, city: string, postal_code: string) =>
  ({ ...TORONTO, address1: '1 Main St', city, state_or_province: '', state_or_province_code: '', country_code, postal_code });
const AUCKLAND = abroad('NZ', 'Auckland', '1010');
const SYDNEY = abroad('AU', 'Sydney', '2000');
const TOKYO = abroad('JP', 'Tokyo', '100-0001');

interface Option { id: string; description: string; cost: number }
interface Consignment { id: string; available_shipping_options?: Option[]; selected_shipping_option?: Option }

/**
 * When a consignment is quoted again: when anything its options depend on changes (a line's price,
 * the store's shipping configuration), and never otherwise; and what that does to the selection.
 */
describe.each(STORE_KINDS)('re-quoting consignments on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** A cart of one lamp ($49), in one consignment to `address`; the option described `choose` selected. */
  const lampTo = async (address: object, choose?: string) => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data;
    const lamp = cart.line_items.physical_items[0].id as string;
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address, line_items: [{ item_id: lamp, quantity: 1 }] }])).json().data;
    const consignment = created.consignments[0] as Consignment;
    const url = `/v3/checkouts/${cart.id}/consignments/${consignment.id}`;
    if (choose) {
      const option = consignment.available_shipping_options!.find((o) => o.description === choose)!;
      expect((await t.api('PUT', url, { shipping_option_id: option.id })).statusCode).toBe(200);
    }
    return { id: cart.id as string, lamp, url };
  };
  const checkout = async (id: string) => (await t.api('GET', `/v3/checkouts/${id}${INCLUDE}`)).json().data;
  const costs = (c: Consignment) => c.available_shipping_options!.map((o) => [o.description, o.cost]);

  /** A zone of the address's country with two per-order methods, so that changing it disturbs no other test. */
  const zoneFor = async (address: { country_code: string }) => {
    const zone = await t.api('POST', '/v2/shipping/zones', { name: address.country_code, type: 'country', locations: [{ country_iso2: address.country_code }] });
    expect(zone.statusCode, zone.body).toBe(201);
    const zoneId = zone.json().id as number;
    const method = async (name: string, rate: number) => (await t.api('POST', `/v2/shipping/zones/${zoneId}/methods`, { name, type: 'perorder', settings: { rate } })).json().id as number;
    return { zoneId, courier: await method('Courier', 20), post: await method('Post', 11) };
  };

  it('re-quotes when a line\'s price changes, keeping the selection at its new cost (total ranges and handling)', async () => {
    const cart = await lampTo(TORONTO, 'Canada by Order Total');
    const before = await checkout(cart.id);
    // $49 is in the 0-50 range: $12, plus the method's 5% handling.
    expect(before.consignments[0].selected_shipping_option.cost).toBe(12.6);

    const repriced = await t.api('PUT', `/v3/carts/${cart.id}/items/${cart.lamp}`, { line_item: { quantity: 1, list_price: 120 } });
    expect(repriced.statusCode, repriced.body).toBe(200);
    const after = await checkout(cart.id);
    expect(after.subtotal_ex_tax).toBe(120);
    expect(costs(after.consignments[0])).toEqual([['Canada Flat Rate', 14.99], ['Canada by Order Total', 18.9]]);
    expect(after.consignments[0].selected_shipping_option).toMatchObject({ description: 'Canada by Order Total', cost: 18.9 });
    expect(after.shipping_cost_total_ex_tax).toBe(18.9);
    expect(after.version).toBe(before.version + 1);

    // Past the last range, the percentage default applies: 10% of $250, plus 5% handling.
    await t.api('PUT', `/v3/carts/${cart.id}/items/${cart.lamp}`, { line_item: { quantity: 1, list_price: 250 } });
    expect((await checkout(cart.id)).consignments[0].selected_shipping_option.cost).toBe(26.25);
  });

  it('re-quotes when a price change crosses the free-shipping threshold, clearing a method no longer offered', async () => {
    const cart = await lampTo(PORTLAND, 'Flat Rate');
    await t.api('PUT', `/v3/carts/${cart.id}/items/${cart.lamp}`, { line_item: { quantity: 1, list_price: 160 } });
    const after = await checkout(cart.id);
    expect(costs(after.consignments[0])).toEqual([['Free Shipping', 0]]);
    expect(after.consignments[0].selected_shipping_option).toBeUndefined();
    expect(after.shipping_cost_total_ex_tax).toBe(0);
  });

  it('keeps custom shipping, and every quote, through configuration changes that are not about shipping', async () => {
    const cart = await lampTo(TORONTO);
    const custom = await t.api('PUT', cart.url, { custom_shipping: { price: 7.5, description: 'Merchant van' } });
    expect(custom.statusCode, custom.body).toBe(200);
    const before = await checkout(cart.id);
    expect(before.consignments[0].selected_shipping_option).toMatchObject({ id: 'custom', type: 'custom', description: 'Merchant van', cost: 7.5 });

    const coupon = await t.api('POST', '/v2/coupons', { name: 'Ten off', code: `TEN-${kind}`, type: 'per_total_discount', amount: 10 });
    expect(coupon.statusCode, coupon.body).toBe(201);
    const after = await checkout(cart.id);
    expect(after.consignments[0]).toEqual(before.consignments[0]);
    expect(after.shipping_cost_total_ex_tax).toBe(7.5);
    expect(after.version).toBe(before.version);
  });

  it('quotes once after a shipping change that alters nothing here, not again on every read', async () => {
    const cart = await lampTo(PORTLAND, 'Flat Rate');
    const before = await checkout(cart.id);
    // A zone for a country no checkout here ships to: this consignment is quoted again, the same.
    await zoneFor(abroad('IS', 'Reykjavik', '101'));
    const record = (await t.app.consign.accounts.findStore(t.hash))!;
    const first = await t.app.consign.checkouts.get(record, cart.id, 'checkout');
    const second = await t.app.consign.checkouts.get(record, cart.id, 'checkout');
    expect(second.checkout.consignments[0]).toBe(first.checkout.consignments[0]);
    const after = await checkout(cart.id);
    expect(after.consignments[0]).toEqual(before.consignments[0]);
    expect(after.version).toBe(before.version);
  });

  it('keeps custom shipping through a shipping configuration change and a price change', async () => {
    const cart = await lampTo(AUCKLAND);
    const zone = await zoneFor(AUCKLAND);
    const requoted = await checkout(cart.id);
    expect(costs(requoted.consignments[0])).toEqual([['Post', 11], ['Courier', 20]]);
    await t.api('PUT', cart.url, { custom_shipping: { price: 7.5, description: 'Merchant van' } });
    await t.api('PUT', `/v2/shipping/zones/${zone.zoneId}/methods/${zone.post}`, { settings: { rate: 9 } });
    await t.api('PUT', `/v3/carts/${cart.id}/items/${cart.lamp}`, { line_item: { quantity: 1, list_price: 60 } });
    const after = await checkout(cart.id);
    expect(costs(after.consignments[0])).toEqual([['Post', 9], ['Courier', 20]]);
    expect(after.consignments[0].selected_shipping_option).toMatchObject({ id: 'custom', cost: 7.5 });
    // A new address, though, is a new destination: custom shipping was priced for the old one.
    const moved = (await t.api('PUT', `${cart.url}${INCLUDE}`, { address: abroad('NZ', 'Wellington', '6011') })).json().data;
    expect(moved.consignments[0].selected_shipping_option).toBeUndefined();
  });

  it('saves a re-quote a shipping change caused when it is first seen: the selection stays cleared, and version says so', async () => {
    const cart = await lampTo(SYDNEY);
    const zone = await zoneFor(SYDNEY);
    const offered = await checkout(cart.id);
    const courier = offered.consignments[0].available_shipping_options.find((o: Option) => o.description === 'Courier');
    await t.api('PUT', cart.url, { shipping_option_id: courier.id });
    const selected = await checkout(cart.id);
    expect(selected.consignments[0].selected_shipping_option.id).toBe(courier.id);

    expect((await t.api('PUT', `/v2/shipping/zones/${zone.zoneId}/methods/${zone.courier}`, { enabled: false })).statusCode).toBe(200);
    const disabled = await checkout(cart.id);
    expect(costs(disabled.consignments[0])).toEqual([['Post', 11]]);
    expect(disabled.consignments[0].selected_shipping_option).toBeUndefined();
    expect(disabled.version).toBe(selected.version + 1);
    // Reading again changes nothing more.
    expect((await checkout(cart.id)).version).toBe(disabled.version);
    // A client still holding the version it had before the re-quote has not seen it: 409.
    const stale = await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'hi', version: selected.version });
    expect(stale.statusCode).toBe(409);

    // Enabling the method again offers it again, but selects nothing by itself.
    await t.api('PUT', `/v2/shipping/zones/${zone.zoneId}/methods/${zone.courier}`, { enabled: true });
    const enabled = await checkout(cart.id);
    expect(costs(enabled.consignments[0])).toEqual([['Post', 11], ['Courier', 20]]);
    expect(enabled.consignments[0].selected_shipping_option).toBeUndefined();
    expect(enabled.version).toBe(disabled.version + 1);
    const written = (await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'hi', version: enabled.version })).json().data;
    expect(written.consignments[0].selected_shipping_option).toBeUndefined();
    expect(written.version).toBe(enabled.version + 1);
  });

  it('applies a shipping change the same way when the next request is a write: the re-quote, then the write', async () => {
    const cart = await lampTo(TOKYO);
    const zone = await zoneFor(TOKYO);
    const offered = await checkout(cart.id);
    const post = offered.consignments[0].available_shipping_options.find((o: Option) => o.description === 'Post');
    const selected = (await t.api('PUT', cart.url, { shipping_option_id: post.id })).json().data;
    await t.api('PUT', `/v2/shipping/zones/${zone.zoneId}/methods/${zone.post}`, { settings: { rate: 13 } });
    const written = (await t.api('PUT', `/v3/checkouts/${cart.id}${INCLUDE}`, { customer_message: 'hi' })).json().data;
    expect(written.consignments[0].selected_shipping_option).toMatchObject({ id: post.id, cost: 13 });
    expect(written.shipping_cost_total_ex_tax).toBe(13);
    expect(written.version).toBe(selected.version + 2);
    expect(await checkout(cart.id)).toEqual(written);
  });
});
