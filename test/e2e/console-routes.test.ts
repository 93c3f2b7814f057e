import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DALLAS } from '../helpers/addresses.js';
import { type TestApp, catalogVariants, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { snapshotTables } from '../helpers/tables.js';

/**
 * Issue 16, item 1: the management routes the console reads (Consign extensions, docs/console.md):
 * a store's live checkouts in brief, and the explain view for an address and items typed in,
 * answered by the same code as a saved consignment's explanation. The demo store's three tricky
 * cases: a state zone, a weight tier, free shipping over a threshold.
 */
describe.each(STORE_KINDS)('the console\'s management routes on %s', (kind) => {
  let t: TestApp;
  let clock = Date.now();
  let variants: Awaited<ReturnType<typeof catalogVariants>>;
  beforeAll(async () => {
    t = await createTestApp(kind, { now: () => clock });
    variants = await catalogVariants(t);
  });
  afterAll(async () => t.close());

  const item = (sku: string, quantity: number) => ({ product_id: variants.get(sku)!.productId, variant_id: variants.get(sku)!.variantId, quantity });
  const explain = (address: object, items: object[]) => t.api('POST', '/v3/consign/shipping/explain', { address, line_items: items });
  type Explained = { zones: { name: string; verdict: string; detail: string; methods: { name: string; verdict: { offered: boolean; cost?: number; reason?: string } }[] }[]; options: { description: string; cost: number }[] };
  const verdicts = (data: Explained) => Object.fromEntries(data.zones.map((z) => [z.name, [z.verdict, z.methods.map((m) => [m.name, m.verdict.offered ? m.verdict.cost : m.verdict.reason])]]));
  const DENVER = { country_code: 'US', state_or_province_code: 'CO', postal_code: '80202', city: 'Denver' };

  it('explains a state zone: Texas serves Dallas, the United States zone is outranked', async () => {
    const answer = await explain({ country_code: 'US', state_or_province_code: 'TX', postal_code: '75201' }, [item('LAMP-ORBIT', 1)]);
    expect(answer.statusCode, answer.body).toBe(200);
    const data = answer.json().data as Explained;
    expect(verdicts(data)).toMatchObject({
      'Austin metro': ['not_matched', [['Same-day Courier', 'zone_not_matched'], ['Ground by Weight', 'zone_not_matched']]],
      Texas: ['serves', [['Texas Flat Rate', 5], ['Ground by Weight', 6.99]]],
      'United States': ['outranked', [['Ground by Weight', 'zone_outranked'], ['Flat Rate', 'zone_outranked'], ['Express per Item', 'zone_outranked']]],
    });
    expect(data.options.map((o) => [o.description, o.cost])).toEqual([['Texas Flat Rate', 5], ['Ground by Weight', 6.99]]);
  });

  it('explains a weight tier: two 8 lb skillets fall in the 5 to 20 lb range', async () => {
    const data = (await explain({ country_code: 'US', state_or_province_code: 'TX', postal_code: '75201' }, [item('SKILLET-12', 2)])).json().data as Explained;
    expect(verdicts(data).Texas).toEqual(['serves', [['Texas Flat Rate', 5], ['Ground by Weight', 11.99]]]);
    const one = (await explain({ country_code: 'US', state_or_province_code: 'TX', postal_code: '75201' }, [item('SKILLET-12', 1)])).json().data as Explained;
    expect(verdicts(one).Texas).toEqual(['serves', [['Texas Flat Rate', 5], ['Ground by Weight', 11.99]]]);
    const light = (await explain({ country_code: 'US', state_or_province_code: 'TX', postal_code: '75201' }, [item('MUG-STONE', 1)])).json().data as Explained;
    expect(verdicts(light).Texas).toEqual(['serves', [['Texas Flat Rate', 5], ['Ground by Weight', 6.99]]]);
  });

  it('explains free shipping over $150: it replaces every method, and below the threshold it does not', async () => {
    const over = (await explain(DENVER, [item('SHOE-TRAIL-10', 1), item('TOTE-NAT', 1)])).json().data as Explained;
    const us = over.zones.find((z) => z.name === 'United States')!;
    expect(us.verdict).toBe('serves');
    expect(us.detail).toContain('free shipping applies');
    expect(us.methods.map((m) => m.verdict.reason)).toEqual(['replaced_by_free_shipping', 'replaced_by_free_shipping', 'replaced_by_free_shipping']);
    expect(over.options.map((o) => [o.description, o.cost])).toEqual([['Free Shipping', 0]]);
    const under = (await explain(DENVER, [item('SHOE-TRAIL-10', 1)])).json().data as Explained;
    expect(under.zones.find((z) => z.name === 'United States')!.detail).toContain('not reached');
    expect(under.options.map((o) => o.description)).toEqual(['Express per Item', 'Ground by Weight', 'Flat Rate']);
  });

  it('answers exactly what a saved checkout\'s consignment with the same address and items is told', async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [item('SKILLET-12', 2), item('LAMP-ORBIT', 1)] })).json().data;
    const lines = cart.line_items.physical_items.map((l: { id: string; quantity: number }) => ({ item_id: l.id, quantity: l.quantity }));
    const consigned = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: DALLAS, line_items: lines }])).json().data;
    const consignmentId = consigned.consignments[0].id;
    const saved = (await t.api('GET', `/v3/checkouts/${cart.id}/consignments/${consignmentId}/shipping-options/explain`)).json().data;
    const typed = (await explain({ country_code: 'US', state_or_province_code: 'TX', postal_code: DALLAS.postal_code, city: 'Dallas' }, [item('SKILLET-12', 2), item('LAMP-ORBIT', 1)])).json().data;
    expect({ ...typed, consignment_id: consignmentId }).toEqual(saved);
  });

  it('refuses what cannot be explained, with the field at fault, and saves nothing', async () => {
    const before = await snapshotTables(t.testStore.store);
    const unknown = await explain(DENVER, [{ product_id: 99999, quantity: 1 }]);
    expect(unknown.statusCode).toBeGreaterThanOrEqual(400);
    expect(unknown.statusCode).toBeLessThan(500);
    const noVariant = await explain(DENVER, [{ product_id: variants.get('TOTE-NAT')!.productId, quantity: 1 }]);
    expect(noVariant.statusCode).toBe(422);
    expect(noVariant.json().errors).toEqual({ 'line_items.0.variant_id': 'required' });
    const noItems = await explain(DENVER, []);
    expect(noItems.statusCode).toBe(422);
    const digital = await explain(DENVER, [item('LAMP-ORBIT', 1), item('EBOOK-FIELD', 1)]);
    expect(digital.statusCode).toBe(422);
    expect(digital.json().errors).toEqual({ 'line_items.1.product_id': 'digital' });
    const badCountry = await explain({ country_code: 'ZZ' }, [item('LAMP-ORBIT', 1)]);
    expect(badCountry.statusCode).toBe(422);
    expect(Object.keys(badCountry.json().errors)).toEqual(['address.country_code']);
    // Explaining a good one saves nothing either: the checkout it is built on lives in memory.
    expect((await explain(DENVER, [item('LAMP-ORBIT', 1)])).statusCode).toBe(200);
    expect(await snapshotTables(t.testStore.store)).toEqual(before);
  });

  it('lists live checkouts in brief, the most recently changed first, this store\'s only', async () => {
    const make = async (items: object[]) => (await t.api('POST', '/v3/carts', { line_items: items })).json().data.id as string;
    clock += 60_000;
    const first = await make([item('LAMP-ORBIT', 1)]);
    clock += 1_000;
    const second = await make([item('MUG-STONE', 2), item('NOTE-HC', 1)]);
    clock += 1_000;
    // A change makes the first the most recent again.
    const added = await t.api('POST', `/v3/carts/${first}/items`, { line_items: [item('BEANS-ESP-1KG', 1)] });
    expect(added.statusCode).toBe(201);
    const lamp = added.json().data.line_items.physical_items[0].id;
    await t.api('POST', `/v3/checkouts/${first}/consignments`, [{ address: DALLAS, line_items: [{ item_id: lamp, quantity: 1 }] }]);
    const other = await t.app.consign.accounts.createStore({ hash: `other${kind}` });
    const otherToken = await t.tokenWith(['store_cart'], other.hash);
    await t.app.inject({ method: 'POST', url: `/stores/${other.hash}/v3/carts`, headers: { 'x-auth-token': otherToken, 'content-type': 'application/json' }, payload: '{"line_items":[{"product_id":1,"quantity":1}]}' });

    const listed = await t.api('GET', '/v3/consign/checkouts?limit=2');
    expect(listed.statusCode, listed.body).toBe(200);
    const data = listed.json().data;
    expect(data.map((c: { id: string }) => c.id)).toEqual([first, second]);
    const full = (await t.api('GET', `/v3/checkouts/${first}`)).json().data;
    expect(data[0]).toEqual({
      id: first,
      created_time: full.created_time,
      updated_time: full.updated_time,
      customer_id: 0,
      email: '',
      line_count: 2,
      consignment_count: 1,
      grand_total: full.grand_total,
      currency_code: 'USD',
      order_id: null,
    });
    expect(data[1]).toMatchObject({ id: second, line_count: 2, consignment_count: 0, grand_total: 40.5 });
    // Expired carts are not live.
    clock += 31 * 24 * 60 * 60 * 1000;
    expect((await t.api('GET', '/v3/consign/checkouts')).json().data).toEqual([]);
  });

  it('refuses a limit out of range and a token without a checkouts scope', async () => {
    expect((await t.api('GET', '/v3/consign/checkouts?limit=0')).statusCode).toBe(422);
    expect((await t.api('GET', '/v3/consign/checkouts?limit=251')).statusCode).toBe(422);
    const cartsOnly = await t.tokenWith(['store_cart']);
    expect((await t.api('GET', '/v3/consign/checkouts', undefined, { token: cartsOnly })).statusCode).toBe(403);
    expect((await t.api('POST', '/v3/consign/shipping/explain', { address: { country_code: 'US' }, line_items: [{ product_id: 1, quantity: 1 }] }, { token: cartsOnly })).statusCode).toBe(403);
  });
});
