import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { DALLAS, PORTLAND } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';

interface Option { id: string; description: string }
interface Line { sku: string; discount_amount: number; coupon_amount: number; discounts: { id: string; discounted_amount: number }[] }

/**
 * Coupons and fees through the server-to-server API. Shipped to and billed in Portland (no tax
 * zone), so every amount here is the coupon's arithmetic alone; tax on discounted amounts is in
 * tax.test.ts and the property tests.
 */
describe.each(STORE_KINDS)('coupons and fees on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** `lamps` lamps (49), 2 mugs (14) and the e-book (9.99), all but the e-book shipped to `addresses` at their cheapest flat rate. */
  const checkoutWith = async (lamps: number, addresses: object[] = [PORTLAND]) => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: lamps }, { product_id: 4, quantity: 2 }, { product_id: 9, quantity: 1 }] })).json().data;
    const [lamp, mugs] = cart.line_items.physical_items;
    const split = addresses.length > 1;
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, split
      ? [{ address: addresses[0], line_items: [{ item_id: lamp.id, quantity: lamps }] }, { address: addresses[1], line_items: [{ item_id: mugs.id, quantity: 2 }] }]
      : [{ address: addresses[0], line_items: [{ item_id: lamp.id, quantity: lamps }, { item_id: mugs.id, quantity: 2 }] }],
    )).json().data;
    for (const c of created.consignments as { id: string; available_shipping_options: Option[] }[]) {
      const option = c.available_shipping_options.find((o) => /Flat Rate/.test(o.description))!;
      expect((await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${c.id}`, { shipping_option_id: option.id })).statusCode).toBe(200);
    }
    expect((await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, PORTLAND)).statusCode).toBe(200);
    return cart.id as string;
  };
  const apply = async (id: string, code: string) => {
    const response = await t.api('POST', `/v3/checkouts/${id}/coupons`, { coupon_code: code });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  };
  const line = (checkout: { cart: { line_items: { physical_items: Line[]; digital_items: Line[] } } }, sku: string) =>
    [...checkout.cart.line_items.physical_items, ...checkout.cart.line_items.digital_items].find((l) => l.sku === sku)!;
  /** Upstream's "Coupon Applied" example: coupons are not discounts; each line shows its share under the id "coupon". */
  const expectCouponOnly = (l: Line, amount: number) => {
    expect(l.discount_amount).toBe(0);
    expect(l.coupon_amount).toBe(amount);
    expect(l.discounts).toEqual(amount === 0 ? [] : [{ id: 'coupon', discounted_amount: amount }]);
  };

  it('per_item_discount takes its amount off each unit of the products it names, and nothing else', async () => {
    const id = await checkoutWith(1);
    const before = (await t.api('GET', `/v3/checkouts/${id}`)).json().data;
    const data = await apply(id, 'MUG2');
    expectCouponOnly(line(data, 'MUG-STONE'), 4);
    expectCouponOnly(line(data, 'LAMP-ORBIT'), 0);
    expect(data.cart.discount_amount).toBe(0);
    expect(data.coupons).toEqual([{ id: expect.any(Number), code: 'MUG2', coupon_type: 'per_item_discount', display_name: '$2 off each mug', discounted_amount: 4 }]);
    expect(data.cart.cart_amount_ex_tax).toBe(86.99 - 4);
    expect(data.subtotal_ex_tax).toBe(86.99);
    expect(data.grand_total).toBe(Number((before.grand_total - 4).toFixed(2)));
  });

  it('percentage_discount takes its percent off every line, rounded once per line', async () => {
    const data = await apply(await checkoutWith(1), 'save10');
    expectCouponOnly(line(data, 'LAMP-ORBIT'), 4.9);
    expectCouponOnly(line(data, 'MUG-STONE'), 2.8);
    expectCouponOnly(line(data, 'EBOOK-FIELD'), 1); // 0.999
    expect(data.coupons[0]).toMatchObject({ code: 'SAVE10', discounted_amount: 8.7 });
  });

  it('per_total_discount shares its amount in proportion to the lines, largest remainders first, once its minimum is met', async () => {
    const small = await checkoutWith(1); // 86.99 < 100
    const refused = await t.api('POST', `/v3/checkouts/${small}/coupons`, { coupon_code: 'TAKE15' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual({ coupon_code: 'minimum purchase not met' });

    // 135.99: 15 x 98/135.99 = 10.8096, x 28/135.99 = 3.0885, x 9.99/135.99 = 1.1019; the two cents left go to the lamps and the mugs.
    const data = await apply(await checkoutWith(2), 'TAKE15');
    expectCouponOnly(line(data, 'LAMP-ORBIT'), 10.81);
    expectCouponOnly(line(data, 'MUG-STONE'), 3.09);
    expectCouponOnly(line(data, 'EBOOK-FIELD'), 1.1);
    expect(data.coupons[0].discounted_amount).toBe(15);
    expect(data.cart.cart_amount_ex_tax).toBe(120.99);

    // The cart dropping below the minimum keeps the coupon applied, taking nothing off.
    const lamp = data.cart.line_items.physical_items[0].id;
    const shrunk = (await t.api('PUT', `/v3/carts/${data.id}/items/${lamp}`, { line_item: { quantity: 1 } })).json().data;
    expect(shrunk.coupons).toEqual([expect.objectContaining({ code: 'TAKE15', discounted_amount: 0 })]);
  });

  it('free_shipping makes each consignment\'s shipping free, and shipping_discount takes its amount off each one', async () => {
    const id = await checkoutWith(1, [PORTLAND, DALLAS]);
    const free = await apply(id, 'FREESHIP');
    // Flat Rate 9.99 to Portland, Texas Flat Rate 5.00 to Dallas (taxed there: 5.41 with tax).
    expect(free.consignments.map((c: { coupon_discounts: unknown[]; shipping_cost_ex_tax: number; shipping_cost_inc_tax: number }) => [c.coupon_discounts, c.shipping_cost_ex_tax, c.shipping_cost_inc_tax])).toEqual([
      [[{ code: 'FREESHIP', amount: 9.99 }], 0, 0],
      [[{ code: 'FREESHIP', amount: 5 }], 0, 0],
    ]);
    expect([free.shipping_cost_total_ex_tax, free.shipping_cost_total_inc_tax]).toEqual([14.99, 15.4]);
    expect(free.coupons[0].discounted_amount).toBe(14.99);
    expect(free.cart.line_items.physical_items.every((l: Line) => l.coupon_amount === 0)).toBe(true);

    await t.api('DELETE', `/v3/checkouts/${id}/coupons/FREESHIP`);
    const ship = await apply(id, 'SHIP5');
    expect(ship.consignments.map((c: { coupon_discounts: unknown[]; shipping_cost_ex_tax: number }) => [c.coupon_discounts, c.shipping_cost_ex_tax])).toEqual([
      [[{ code: 'SHIP5', amount: 5 }], 4.99],
      [[{ code: 'SHIP5', amount: 5 }], 0],
    ]);
    expect(ship.coupons[0].discounted_amount).toBe(10);
  });

  it('allows one coupon at a time, refuses unknown codes, and removes a coupon by code', async () => {
    const id = await checkoutWith(1);
    await apply(id, 'SAVE10');
    for (const code of ['SHIP5', 'NOPE']) {
      const refused = await t.api('POST', `/v3/checkouts/${id}/coupons`, { coupon_code: code });
      expect(refused.statusCode, code).toBe(422);
    }
    const removed = await t.api('DELETE', `/v3/checkouts/${id}/coupons/save10`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().data.coupons).toEqual([]);
    expect((await t.api('DELETE', `/v3/checkouts/${id}/coupons/SAVE10`)).statusCode).toBe(404);
  });

  it('manages coupons through the v2 API, with unique codes', async () => {
    const created = await t.api('POST', '/v2/coupons', { name: 'Five off', code: 'FIVE', type: 'per_total_discount', amount: '5.00' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'FIVE', type: 'per_total_discount', amount: '5.0000', enabled: true });
    const duplicate = await t.api('POST', '/v2/coupons', { name: 'Again', code: 'five', type: 'per_total_discount', amount: 1 });
    expect(duplicate.statusCode).toBe(422);
    expect(Array.isArray(duplicate.json())).toBe(true);
    expect((await t.api('DELETE', `/v2/coupons/${created.json().id}`)).statusCode).toBe(204);
  });

  it('adds, changes and deletes fees (at most five), counted in the grand total', async () => {
    const id = await checkoutWith(1);
    const base = (await t.api('GET', `/v3/checkouts/${id}`)).json().data.grand_total;
    const fee = { type: 'custom_fee', name: 'gift-wrap', display_name: 'Gift wrapping', cost: 4.5, source: 'wrapper-app' };
    const added = await t.api('POST', `/v3/checkouts/${id}/fees`, { fees: [fee, { ...fee, name: 'insurance', cost: 2 }] });
    expect(added.statusCode, added.body).toBe(200);
    const data = added.json().data;
    expect(data.fees[0]).toMatchObject({ type: 'custom_fee', name: 'gift-wrap', display_name: 'Gift wrapping', cost_ex_tax: 4.5, cost_inc_tax: 4.5, source: 'wrapper-app' });
    expect(data.fees[0]).not.toHaveProperty('tax_class_id');
    expect(data.grand_total).toBe(Number((base + 6.5).toFixed(2)));
    const changed = await t.api('PUT', `/v3/checkouts/${id}/fees`, { fees: [{ ...fee, id: data.fees[0].id, cost: 1 }] });
    expect(changed.json().data.grand_total).toBe(Number((base + 3).toFixed(2)));
    expect((await t.api('POST', `/v3/checkouts/${id}/fees`, { fees: [fee, fee, fee, fee] })).statusCode).toBe(422);
    const deleted = await t.api('DELETE', `/v3/checkouts/${id}/fees`, { ids: [data.fees[1].id] });
    expect(deleted.json().data.fees).toHaveLength(1);
  });

  it('takes a negative fee off the total, but never below zero: such a fee is refused and changes nothing', async () => {
    const id = await checkoutWith(1);
    const before = (await t.api('GET', `/v3/checkouts/${id}`)).json().data;
    const credit = { type: 'custom_fee', name: 'credit', display_name: 'Loyalty credit', cost: -10, source: 'loyalty-app' };
    const taken = await t.api('POST', `/v3/checkouts/${id}/fees`, { fees: [credit] });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().data.grand_total).toBe(Number((before.grand_total - 10).toFixed(2)));
    expect(taken.json().data.fees[0]).toMatchObject({ cost_ex_tax: -10, cost_inc_tax: -10 });

    const tooMuch = await t.api('POST', `/v3/checkouts/${id}/fees`, { fees: [{ ...credit, cost: -1000 }] });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().errors).toEqual({ fees: 'grand total would be negative' });
    const changedTooMuch = await t.api('PUT', `/v3/checkouts/${id}/fees`, { fees: [{ ...credit, id: taken.json().data.fees[0].id, cost: -1000 }] });
    expect(changedTooMuch.statusCode).toBe(422);
    const after = (await t.api('GET', `/v3/checkouts/${id}`)).json().data;
    expect([after.version, after.grand_total]).toEqual([taken.json().data.version, taken.json().data.grand_total]);
  });
});
