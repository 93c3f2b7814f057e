import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, DALLAS, PORTLAND, TORONTO } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';

interface Option { id: string; description: string; cost: number; type: string }
interface Consignment { id: string; line_item_ids: string[]; available_shipping_options?: Option[]; selected_shipping_option?: Option; shipping_cost_ex_tax: number; handling_cost_ex_tax: number }

describe.each(STORE_KINDS)('consignments (server-to-server) on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** A cart with a lamp (product 1) and two mugs (product 4). */
  const cartWithTwoItems = async () => {
    const response = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }] });
    expect(response.statusCode, response.body).toBe(201);
    const cart = response.json().data;
    const [lamp, mugs] = cart.line_items.physical_items;
    return { id: cart.id as string, lamp: lamp.id as string, mugs: mugs.id as string };
  };

  it('runs the documented flow: two consignments to two addresses, an option chosen on each, totals follow', async () => {
    const cart = await cartWithTwoItems();
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] },
      { address: PORTLAND, line_items: [{ item_id: cart.mugs, quantity: 2 }] },
    ]);
    expect(created.statusCode, created.body).toBe(200);
    const [austin, portland] = created.json().data.consignments as Consignment[];
    expect(austin!.line_item_ids).toEqual([cart.lamp]);
    expect(portland!.line_item_ids).toEqual([cart.mugs]);
    // Different destinations, different options: Austin is in the courier zip zone, Portland only in the US zone.
    expect(austin!.available_shipping_options!.map((o) => o.description)).toContain('Same-day Courier');
    expect(portland!.available_shipping_options!.map((o) => o.description)).not.toContain('Same-day Courier');
    expect(austin!.selected_shipping_option).toBeUndefined();

    const courier = austin!.available_shipping_options!.find((o) => o.description === 'Same-day Courier')!;
    const flat = portland!.available_shipping_options!.find((o) => o.description === 'Flat Rate')!;
    const first = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${austin!.id}`, { shipping_option_id: courier.id });
    expect(first.statusCode, first.body).toBe(200);
    const second = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${portland!.id}${INCLUDE}`, { shipping_option_id: flat.id });
    expect(second.statusCode, second.body).toBe(200);

    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    const [a, p] = checkout.consignments as Consignment[];
    expect(a!.selected_shipping_option).toMatchObject({ id: courier.id, cost: 12 });
    expect(p!.selected_shipping_option).toMatchObject({ id: flat.id, cost: 9.99 });
    expect(a!.available_shipping_options).toBeUndefined();
    expect(checkout.shipping_cost_total_ex_tax).toBe(21.99);
    expect(checkout.subtotal_ex_tax).toBe(49 + 28);
    // Austin is in Texas: 6.25% + 2% on the lamp (4.04) and the courier (0.99); Portland has no tax zone.
    expect(checkout.tax_total).toBe(5.03);
    expect(checkout.grand_total).toBe(104.02);
    expect(checkout.version).toBe(4);
  });

  it('splits a line when only part of its quantity goes to a consignment, and never over-allocates', async () => {
    const cart = await cartWithTwoItems();
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [
      { address: AUSTIN, line_items: [{ item_id: cart.mugs, quantity: 1 }] },
      { address: DALLAS, line_items: [{ item_id: cart.mugs, quantity: 1 }] },
    ]);
    expect(created.statusCode, created.body).toBe(200);
    const data = created.json().data;
    const mugLines = data.cart.line_items.physical_items.filter((i: { product_id: number }) => i.product_id === 4);
    expect(mugLines.map((l: { quantity: number }) => l.quantity)).toEqual([1, 1]);
    const [first, second] = data.consignments as Consignment[];
    expect(first!.line_item_ids).toHaveLength(1);
    expect(second!.line_item_ids).toEqual([cart.mugs]);
    expect(first!.line_item_ids[0]).not.toBe(cart.mugs);

    const tooMany = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 2 }] }]);
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().errors).toHaveProperty(['0.line_items.0.quantity']);
  });

  it('moves an item from one consignment to another, re-pricing both and keeping a still-offered selection', async () => {
    const cart = await cartWithTwoItems();
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: PORTLAND, line_items: [{ item_id: cart.lamp, quantity: 1 }, { item_id: cart.mugs, quantity: 2 }] },
    ])).json().data;
    const consignment = created.consignments[0] as Consignment;
    const flat = consignment.available_shipping_options!.find((o) => o.description === 'Flat Rate')!;
    await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: flat.id });
    const moved = await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address: DALLAS, line_items: [{ item_id: cart.mugs, quantity: 2 }] }]);
    const [portland, dallas] = moved.json().data.consignments as Consignment[];
    expect(portland!.line_item_ids).toEqual([cart.lamp]);
    expect(dallas!.line_item_ids).toEqual([cart.mugs]);
    expect(portland!.selected_shipping_option?.id).toBe(flat.id);
  });

  it('never touches another consignment\'s selection when one changes', async () => {
    const cart = await cartWithTwoItems();
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] },
      { address: PORTLAND, line_items: [{ item_id: cart.mugs, quantity: 2 }] },
    ])).json().data;
    const [austin, portland] = created.consignments as Consignment[];
    const option = portland!.available_shipping_options![0]!;
    await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${portland!.id}`, { shipping_option_id: option.id });
    const changed = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${austin!.id}${INCLUDE}`, { address: TORONTO });
    expect(changed.statusCode, changed.body).toBe(200);
    const [toronto, still] = changed.json().data.consignments as Consignment[];
    expect(toronto!.available_shipping_options!.map((o) => o.description)).toContain('Canada Flat Rate');
    expect(still!.selected_shipping_option?.id).toBe(option.id);
  });

  it('clears a selection that the new address no longer offers', async () => {
    const cart = await cartWithTwoItems();
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] }])).json().data;
    const consignment = created.consignments[0] as Consignment;
    const courier = consignment.available_shipping_options!.find((o) => o.description === 'Same-day Courier')!;
    await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: courier.id });
    const moved = (await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { address: PORTLAND })).json().data;
    expect(moved.consignments[0].selected_shipping_option).toBeUndefined();
    expect(moved.shipping_cost_total_ex_tax).toBe(0);
  });

  it('refuses an address and a shipping option in one PUT, an unavailable option, and non-physical items', async () => {
    const cart = await cartWithTwoItems();
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] }])).json().data;
    const consignment = created.consignments[0] as Consignment;
    const both = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { address: DALLAS, shipping_option_id: consignment.available_shipping_options![0]!.id });
    expect(both.statusCode).toBe(422);
    const unavailable = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: 'f'.repeat(32) });
    expect(unavailable.statusCode).toBe(422);
    const unknownItem = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: 'nope', quantity: 1 }] }]);
    expect(unknownItem.statusCode).toBe(422);
    const after = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    expect(after.version).toBe(created.version);
  });

  it('removes a deleted cart item from its consignment, and the emptied consignment with it', async () => {
    const cart = await cartWithTwoItems();
    await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [
      { address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] },
      { address: DALLAS, line_items: [{ item_id: cart.mugs, quantity: 2 }] },
    ]);
    const removed = await t.api('DELETE', `/v3/carts/${cart.id}/items/${cart.lamp}`);
    expect(removed.statusCode).toBe(200);
    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    expect(checkout.consignments).toHaveLength(1);
    expect(checkout.consignments[0].line_item_ids).toEqual([cart.mugs]);
  });

  it('deletes a consignment, honouring version in the body (409 when stale)', async () => {
    const cart = await cartWithTwoItems();
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] }])).json().data;
    const id = created.consignments[0].id;
    const stale = await t.api('DELETE', `/v3/checkouts/${cart.id}/consignments/${id}`, { version: 1 });
    expect(stale.statusCode).toBe(409);
    const deleted = await t.api('DELETE', `/v3/checkouts/${cart.id}/consignments/${id}`, { version: created.version });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().data.consignments).toEqual([]);
    expect((await t.api('DELETE', `/v3/checkouts/${cart.id}/consignments/${id}`)).statusCode).toBe(404);
  });

  it('accepts the deprecated shipping_address and shows separate handling per consignment', async () => {
    const cart = await cartWithTwoItems();
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ shipping_address: TORONTO, line_items: [{ item_id: cart.lamp, quantity: 1 }] }]);
    expect(created.statusCode, created.body).toBe(200);
    const consignment = created.json().data.consignments[0] as Consignment;
    const flat = consignment.available_shipping_options!.find((o) => o.description === 'Canada Flat Rate')!;
    const selected = (await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: flat.id })).json().data;
    expect(selected.consignments[0]).toMatchObject({ shipping_cost_ex_tax: 14.99, handling_cost_ex_tax: 3 });
    expect(selected.handling_cost_total_ex_tax).toBe(3);
    // Canada's 5% GST on items (3.85), shipping (0.75) and handling (0.15).
    expect(selected.tax_total).toBe(4.75);
    expect(selected.grand_total).toBe(99.74);
  });
});
