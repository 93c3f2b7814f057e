import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, DALLAS, PORTLAND, TORONTO } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';

interface Option { id: string; description: string; cost: number }
interface Consignment { id: string; line_item_ids: string[]; available_shipping_options?: Option[]; selected_shipping_option?: Option; shipping_cost_ex_tax: number }

/** What happens to selected options when consignments change: the rules of issue 4, item 4. */
describe.each(STORE_KINDS)('consignment selections on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** A cart of a lamp (3.2 lb, $49), two mugs (1 lb, $14 each) and a notebook (0.8 lb, $12.50). */
  const newCart = async () => {
    const response = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }, { product_id: 8, quantity: 1 }] });
    expect(response.statusCode, response.body).toBe(201);
    const cart = response.json().data;
    const [lamp, mugs, notebook] = cart.line_items.physical_items as { id: string; name: string }[];
    expect(notebook!.name).toBe('Hardcover Notebook');
    return { id: cart.id as string, lamp: lamp!.id, mugs: mugs!.id, notebook: notebook!.id };
  };
  const item = (id: string, quantity = 1) => ({ item_id: id, quantity });
  const consignmentsOf = async (id: string) => (await t.api('GET', `/v3/checkouts/${id}${INCLUDE}`)).json().data.consignments as Consignment[];
  /** Selects the option described `description` on a consignment, and returns it. */
  const select = async (cartId: string, consignment: Consignment, description: string) => {
    const option = consignment.available_shipping_options!.find((o) => o.description === description)!;
    const response = await t.api('PUT', `/v3/checkouts/${cartId}/consignments/${consignment.id}`, { shipping_option_id: option.id });
    expect(response.statusCode, response.body).toBe(200);
    return option;
  };

  it('keeps the selection at its new cost when the consignment\'s items change', async () => {
    const cart = await newCart();
    const [portland] = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address: PORTLAND, line_items: [item(cart.lamp), item(cart.mugs, 2)] }])).json().data.consignments;
    // 5.2 lb: the 5-20 lb tier.
    const ground = await select(cart.id, portland, 'Ground by Weight');
    expect(ground.cost).toBe(12.99);
    const changed = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${portland.id}`, { line_items: [item(cart.lamp)] });
    expect(changed.statusCode, changed.body).toBe(200);
    // 3.2 lb: the 0-5 lb tier, same option.
    expect(changed.json().data.consignments[0]).toMatchObject({ selected_shipping_option: { id: ground.id, cost: 7.99 }, shipping_cost_ex_tax: 7.99 });
    expect(changed.json().data.shipping_cost_total_ex_tax).toBe(7.99);
  });

  it('selects custom shipping with the price and description given, and counts it in the totals', async () => {
    const cart = await newCart();
    const [toronto] = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: TORONTO, line_items: [item(cart.lamp)] }])).json().data.consignments;
    const custom = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${toronto.id}`, { custom_shipping: { price: 7.5, description: 'Merchant van' } });
    expect(custom.statusCode, custom.body).toBe(200);
    const checkout = custom.json().data;
    expect(checkout.consignments[0].selected_shipping_option).toEqual({
      id: 'custom', type: 'custom', description: 'Merchant van', image_url: '', cost: 7.5, transit_time: '', additional_description: '',
    });
    expect(checkout.consignments[0]).toMatchObject({ shipping_cost_ex_tax: 7.5, handling_cost_ex_tax: 0 });
    expect(checkout.shipping_cost_total_ex_tax).toBe(7.5);
    // Items $49 + $14×2 + $12.50, shipping $7.50, and tax.
    expect(checkout.grand_total).toBeCloseTo(49 + 28 + 12.5 + 7.5 + checkout.tax_total, 9);
  });

  it('moves an item between consignments with a line_items PUT, re-quoting the one it left', async () => {
    const cart = await newCart();
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: PORTLAND, line_items: [item(cart.lamp), item(cart.notebook)] },
      { address: DALLAS, line_items: [item(cart.mugs, 2)] },
    ])).json().data;
    const [portland, dallas] = created.consignments as Consignment[];
    const ground = await select(cart.id, portland!, 'Ground by Weight');
    expect(ground.cost).toBe(7.99);

    const moved = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${dallas!.id}${INCLUDE}`, { line_items: [item(cart.mugs, 2), item(cart.lamp)] });
    expect(moved.statusCode, moved.body).toBe(200);
    const [left, took] = moved.json().data.consignments as Consignment[];
    expect(left!.line_item_ids).toEqual([cart.notebook]);
    expect(took!.line_item_ids).toEqual([cart.mugs, cart.lamp]);
    // The notebook alone still takes the same option, quoted anew.
    expect(left!.selected_shipping_option).toMatchObject({ id: ground.id, cost: 7.99 });
    expect(left!.available_shipping_options!.find((o) => o.description === 'Flat Rate')).toBeDefined();

    // Taking a consignment's last item removes that consignment.
    const emptied = (await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${dallas!.id}`, { line_items: [item(cart.mugs, 2), item(cart.lamp), item(cart.notebook)] })).json().data;
    expect(emptied.consignments.map((c: Consignment) => c.id)).toEqual([dallas!.id]);
  });

  it('leaves another consignment exactly as it was when one gets a new address, new items, or a selection', async () => {
    const cart = await newCart();
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: AUSTIN, line_items: [item(cart.lamp), item(cart.notebook)] },
      { address: PORTLAND, line_items: [item(cart.mugs, 2)] },
    ])).json().data;
    const [austin, portland] = created.consignments as Consignment[];
    await select(cart.id, austin!, 'Same-day Courier');
    await select(cart.id, portland!, 'Flat Rate');
    const before = await consignmentsOf(cart.id);
    const url = (c: Consignment) => `/v3/checkouts/${cart.id}/consignments/${c.id}`;
    const other = async (id: string) => (await consignmentsOf(cart.id)).find((c) => c.id === id);

    // Still in Austin's courier zone, so the Austin consignment keeps its choice too.
    expect((await t.api('PUT', url(austin!), { address: { ...AUSTIN, postal_code: '78610' } })).statusCode).toBe(200);
    expect(await other(portland!.id)).toEqual(before[1]);
    expect((await t.api('PUT', url(austin!), { line_items: [item(cart.lamp)] })).statusCode).toBe(200);
    expect(await other(portland!.id)).toEqual(before[1]);
    expect((await t.api('PUT', url(portland!), { line_items: [item(cart.mugs, 1)] })).statusCode).toBe(200);
    const austinNow = (await consignmentsOf(cart.id)).find((c) => c.id === austin!.id)!;
    expect((await t.api('PUT', url(portland!), { address: TORONTO })).statusCode).toBe(200);
    expect(await other(austin!.id)).toEqual(austinNow);
    expect(austinNow.selected_shipping_option).toBeDefined();
    const toronto = (await consignmentsOf(cart.id)).find((c) => c.id === portland!.id)!;
    await select(cart.id, toronto, 'Canada Flat Rate');
    expect(await other(austin!.id)).toEqual(austinNow);
  });
});
