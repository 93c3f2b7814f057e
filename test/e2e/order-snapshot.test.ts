import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, DALLAS, TORONTO } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';
const cents = (amount: number | string) => Math.round(Number(amount) * 100);

interface Option { id: string; description: string; cost: number }
interface CheckoutConsignment {
  id: string;
  address: { city: string };
  available_shipping_options: Option[];
  selected_shipping_option: Option;
  coupon_discounts: { code: string; amount: number }[];
  shipping_cost_ex_tax: number;
  shipping_cost_inc_tax: number;
  handling_cost_ex_tax: number;
  handling_cost_inc_tax: number;
  line_item_ids: string[];
}
interface CheckoutLine { id: string; name: string; sku: string; quantity: number; sale_price: number; extended_sale_price: number; coupon_amount: number }

/**
 * The scenario end to end: two shipping consignments (Austin by courier, Toronto at the
 * flat rate with handling) plus a digital item, a shipping coupon and tax; then an order whose
 * snapshot matches the checkout field by field, and that nothing done afterwards alters.
 */
describe.each(STORE_KINDS)('an order placed from a split checkout with a shipping coupon, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const v2 = async (path: string) => {
    const response = await t.api('GET', `/v2/orders/${path}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('keeps every figure of the checkout, and later changes to tax, coupons, pickup, catalog and shipping alter nothing', async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }, { product_id: 9, quantity: 1 }] })).json().data;
    const [lamp, mugs] = cart.line_items.physical_items;
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: AUSTIN, line_items: [{ item_id: lamp.id, quantity: 1 }] },
      { address: TORONTO, line_items: [{ item_id: mugs.id, quantity: 2 }] },
    ])).json().data.consignments as CheckoutConsignment[];
    for (const [consignment, description] of [[created[0]!, 'Same-day Courier'], [created[1]!, 'Canada Flat Rate']] as const) {
      const option = consignment.available_shipping_options.find((o) => o.description === description)!;
      expect((await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: option.id })).statusCode).toBe(200);
    }
    // Billed in Dallas: the e-book is taxed in Texas too.
    expect((await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...DALLAS, phone: '2145550100' })).statusCode).toBe(200);
    expect((await t.api('POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'SHIP5' })).statusCode).toBe(200);
    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;

    // The checkout itself, worked out by hand (docs/tax.md): Texas 6.25% + 2%, Canada 5% GST.
    const [austin, toronto] = checkout.consignments as CheckoutConsignment[];
    expect(checkout.subtotal_ex_tax).toBe(86.99);
    expect(checkout.subtotal_inc_tax).toBe(93.25); // 53.04 + 2 x 14.70 + 10.81
    expect([checkout.shipping_cost_total_ex_tax, checkout.shipping_cost_total_inc_tax]).toEqual([26.99, 28.73]); // before the coupon
    expect([austin!.shipping_cost_ex_tax, austin!.shipping_cost_inc_tax, austin!.coupon_discounts]).toEqual([7, 7.58, [{ code: 'SHIP5', amount: 5 }]]);
    expect([toronto!.shipping_cost_ex_tax, toronto!.shipping_cost_inc_tax, toronto!.coupon_discounts]).toEqual([9.99, 10.49, [{ code: 'SHIP5', amount: 5 }]]);
    expect([checkout.handling_cost_total_ex_tax, checkout.handling_cost_total_inc_tax]).toEqual([3, 3.15]);
    expect(checkout.taxes).toEqual([{ name: 'Texas State Tax', amount: 4.12 }, { name: 'Local Tax', amount: 1.32 }, { name: 'GST', amount: 2.05 }]);
    expect(checkout.tax_total).toBe(7.49);
    expect(checkout.grand_total).toBe(114.47); // 93.25 + 7.58 + 10.49 + 3.15
    expect(checkout.coupons).toEqual([expect.objectContaining({ code: 'SHIP5', coupon_type: 'shipping_discount', discounted_amount: 10 })]);

    const placed = await t.api('POST', `/v3/checkouts/${cart.id}/orders`);
    expect(placed.statusCode, placed.body).toBe(200);
    const id = placed.json().data.id as number;
    const read = async () => ({
      order: await v2(`${id}?include=consignments,fees`),
      products: await v2(`${id}/products`),
      addresses: await v2(`${id}/shipping_addresses`),
      coupons: await v2(`${id}/coupons`),
      taxes: await v2(`${id}/taxes`),
      fees: await v2(`${id}/fees`),
    });
    const snapshot = await read();
    const { order, products, addresses, coupons, taxes } = snapshot;
    // A repeated include is read as one list, as on the checkout routes.
    expect(await v2(`${id}?include=consignments&include=fees`)).toEqual(order);

    // Totals: v2's *_tax fields add up to total_tax, and its inc figures to total_inc_tax.
    expect(order).toMatchObject({
      id,
      status_id: 0,
      status: 'Incomplete',
      cart_id: cart.id,
      is_tax_inclusive_pricing: false,
      subtotal_ex_tax: '86.9900',
      subtotal_inc_tax: '93.2500',
      subtotal_tax: '6.2600',
      base_shipping_cost: '26.9900',
      shipping_cost_ex_tax: '16.9900',
      shipping_cost_inc_tax: '18.0700',
      shipping_cost_tax: '1.0800',
      base_handling_cost: '3.0000',
      handling_cost_inc_tax: '3.1500',
      handling_cost_tax: '0.1500',
      total_ex_tax: '106.9800',
      total_inc_tax: '114.4700',
      total_tax: '7.4900',
      discount_amount: '0.0000',
      coupon_discount: '0.0000',
      shipping_address_count: 2,
      items_total: 4,
    });
    expect(cents(order.subtotal_tax) + cents(order.shipping_cost_tax) + cents(order.handling_cost_tax)).toBe(cents(order.total_tax));
    expect(cents(order.subtotal_inc_tax) + cents(order.shipping_cost_inc_tax) + cents(order.handling_cost_inc_tax) - cents(order.coupon_discount)).toBe(cents(order.total_inc_tax));
    expect(cents(order.total_inc_tax)).toBe(cents(checkout.grand_total));
    expect(cents(order.total_tax)).toBe(cents(checkout.tax_total));
    expect(cents(order.base_shipping_cost)).toBe(cents(checkout.shipping_cost_total_ex_tax));
    expect(order.fees).toEqual([]);

    // Per line: the checkout's prices, ex and inc; unit times quantity is the line, exactly.
    const lines = [...checkout.cart.line_items.physical_items, ...checkout.cart.line_items.digital_items] as CheckoutLine[];
    expect(products.map((p: { sku: string }) => p.sku)).toEqual(lines.map((l) => l.sku));
    for (const [i, line] of lines.entries()) {
      const p = products[i];
      expect([cents(p.price_ex_tax), cents(p.total_ex_tax), p.quantity]).toEqual([cents(line.sale_price), cents(line.extended_sale_price), line.quantity]);
      expect(cents(p.price_inc_tax) * p.quantity).toBe(cents(p.total_inc_tax));
      expect(cents(p.price_tax)).toBe(cents(p.price_inc_tax) - cents(p.price_ex_tax));
      expect(cents(p.discounted_total_inc_tax)).toBe(cents(p.total_inc_tax)); // no item coupon here
      expect(p.applied_discounts).toEqual([]);
    }
    expect(products.map((p: { price_inc_tax: string; total_inc_tax: string }) => [p.price_inc_tax, p.total_inc_tax])).toEqual([
      ['53.0400', '53.0400'],
      ['14.7000', '29.4000'],
      ['10.8100', '10.8100'],
    ]);
    expect(cents(order.subtotal_tax)).toBe(products.reduce((s: number, p: { total_tax: string }) => s + cents(p.total_tax), 0));

    // Per consignment: before the coupon, the coupon, and what is charged, as the checkout shows them.
    for (const [i, c] of checkout.consignments.entries() as IterableIterator<[number, CheckoutConsignment]>) {
      const a = addresses[i];
      expect(a.city).toBe(c.address.city);
      expect(a.shipping_method).toBe(c.selected_shipping_option.description);
      expect(cents(a.base_cost)).toBe(cents(c.selected_shipping_option.cost));
      expect([cents(a.cost_ex_tax), cents(a.cost_inc_tax)]).toEqual([cents(c.shipping_cost_ex_tax), cents(c.shipping_cost_inc_tax)]);
      expect(cents(a.base_cost) - cents(a.cost_ex_tax)).toBe(c.coupon_discounts.reduce((s, d) => s + cents(d.amount), 0));
      expect([cents(a.handling_cost_ex_tax), cents(a.handling_cost_inc_tax)]).toEqual([cents(c.handling_cost_ex_tax), cents(c.handling_cost_inc_tax)]);
      const carried = products.filter((p: { order_address_id: number }) => p.order_address_id === a.id).map((p: { sku: string }) => p.sku);
      expect(carried).toEqual(lines.filter((l) => c.line_item_ids.includes(l.id)).map((l) => l.sku));
      expect(order.consignments.shipping[i]).toMatchObject({ id: a.id, cost_inc_tax: c.shipping_cost_inc_tax, base_cost: c.selected_shipping_option.cost });
    }

    // Coupons and taxes.
    expect(coupons).toEqual([{ id: 1, coupon_id: checkout.coupons[0].id, order_id: id, code: 'SHIP5', amount: 5, type: 3, discount: 10 }]);
    const byName = new Map<string, number>();
    for (const tax of taxes) byName.set(tax.name, (byName.get(tax.name) ?? 0) + cents(tax.line_amount));
    expect([...byName].map(([name, amount]) => ({ name, amount: amount / 100 }))).toEqual(checkout.taxes);
    expect(taxes.filter((x: { line_item_type: string }) => x.line_item_type === 'shipping').reduce((s: number, x: { line_amount: string }) => s + cents(x.line_amount), 0)).toBe(cents(order.shipping_cost_tax));

    // Afterwards: tax, coupons, pickup, catalog and shipping all change; the order does not.
    const zones = (await t.api('GET', '/v3/tax/zones')).json().data;
    const texas = zones.find((z: { name: string }) => z.name === 'Texas sales tax');
    expect((await t.api('PUT', `/v3/tax/zones/${texas.id}`, { name: texas.name, locations: texas.locations, rates: [{ name: 'Texas State Tax', class_rates: [{ tax_class_id: 0, rate: 10 }] }] })).statusCode).toBe(200);
    expect((await t.api('PUT', '/v3/tax/settings', { tax_entered_with_prices: true })).statusCode).toBe(200);
    expect((await t.api('DELETE', `/v3/checkouts/${cart.id}/coupons/SHIP5`)).statusCode).toBe(200);
    const ship5 = (await t.api('GET', '/v2/coupons')).json().find((c: { code: string }) => c.code === 'SHIP5');
    expect((await t.api('DELETE', `/v2/coupons/${ship5.id}`)).statusCode).toBe(204);
    expect((await t.api('PUT', '/v3/pickup/methods', [{ id: 1, display_name: 'Renamed pickup' }])).statusCode).toBe(200);
    expect((await t.api('PUT', '/v3/catalog/products/1', { price: 99 })).statusCode).toBe(200);
    const shippingZones = (await t.api('GET', '/v2/shipping/zones')).json();
    const austinZone = shippingZones.find((z: { name: string }) => z.name === 'Austin metro');
    const methods = (await t.api('GET', `/v2/shipping/zones/${austinZone.id}/methods`)).json();
    expect((await t.api('PUT', `/v2/shipping/zones/${austinZone.id}/methods/${methods[0].id}`, { settings: { rate: 50 } })).statusCode).toBe(200);
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.grand_total).not.toBe(checkout.grand_total);
    expect(await read()).toEqual(snapshot);
    await t.api('PUT', '/v3/tax/settings', { tax_entered_with_prices: false });
  });
});
