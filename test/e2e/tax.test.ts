import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, PORTLAND, TORONTO } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';
const BILLING = { ...PORTLAND, phone: '5035550100' };

interface Option { id: string; description: string }
interface Consignment { id: string; available_shipping_options: Option[]; shipping_cost_ex_tax: number; shipping_cost_inc_tax: number; handling_cost_inc_tax: number }
interface Zone { id: number; name: string; locations: unknown[]; rates: { name: string; class_rates: { tax_class_id: number; rate: number }[] }[] }

/** Tax through the API, on the demo store: Texas 6.25% state + 2% local, Canada 5% GST, Oregon untaxed. */
describe.each(STORE_KINDS)('tax on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const ok = async (method: string, path: string, body?: unknown) => {
    const response = await t.api(method, path, body);
    expect(response.statusCode, `${method} ${path}: ${response.body}`).toBeLessThan(300);
    return response.statusCode === 204 ? undefined : response.json();
  };
  const texas = async () => ((await ok('GET', '/v3/tax/zones')).data as Zone[]).find((z) => z.name === 'Texas sales tax')!;
  /** Shipped to `address` with the option named `description`; billed in Portland unless told. */
  const shipped = async (lineItems: object[], address: object, description: string, billing: object = BILLING) => {
    const cart = (await ok('POST', '/v3/carts', { line_items: lineItems })).data;
    const items = cart.line_items.physical_items.map((i: { id: string; quantity: number }) => ({ item_id: i.id, quantity: i.quantity }));
    const [consignment] = (await ok('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address, line_items: items }])).data.consignments as Consignment[];
    const option = consignment!.available_shipping_options.find((o) => o.description === description)!;
    await ok('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment!.id}`, { shipping_option_id: option.id });
    await ok('POST', `/v3/checkouts/${cart.id}/billing-address`, billing);
    return cart.id as string;
  };
  const checkout = async (id: string) => (await ok('GET', `/v3/checkouts/${id}`)).data;

  it('taxes each consignment at its own address, items and shipping, with a taxes[] breakdown', async () => {
    const cart = (await ok('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }, { product_id: 9, quantity: 1 }] })).data;
    const [lamp, mugs] = cart.line_items.physical_items;
    const created = (await ok('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: AUSTIN, line_items: [{ item_id: lamp.id, quantity: 1 }] },
      { address: PORTLAND, line_items: [{ item_id: mugs.id, quantity: 2 }] },
    ])).data.consignments as Consignment[];
    for (const [c, description] of [[created[0]!, 'Same-day Courier'], [created[1]!, 'Flat Rate']] as const) {
      await ok('PUT', `/v3/checkouts/${cart.id}/consignments/${c.id}`, { shipping_option_id: c.available_shipping_options.find((o) => o.description === description)!.id });
    }
    const data = await checkout(cart.id);
    const [austin, portland] = data.consignments;
    expect([austin.shipping_cost_ex_tax, austin.shipping_cost_inc_tax, portland.shipping_cost_inc_tax]).toEqual([12, 12.99, 9.99]);
    // With no billing address yet, the e-book (9.99) is taxed at the first consignment's address (Texas).
    expect(data.taxes).toEqual([{ name: 'Texas State Tax', amount: 4.43 }, { name: 'Local Tax', amount: 1.42 }]);
    expect(data.tax_total).toBe(5.85);
    expect(data.grand_total).toBe(Number((49 + 28 + 9.99 + 12 + 9.99 + 5.85).toFixed(2)));
    // A billing address in Oregon moves the e-book's tax there (no tax zone): only Austin's remains.
    await ok('POST', `/v3/checkouts/${cart.id}/billing-address`, BILLING);
    expect((await checkout(cart.id)).tax_total).toBe(5.03);
  });

  it('taxes handling with shipping, at the consignment\'s address', async () => {
    const id = await shipped([{ product_id: 4, quantity: 2 }], TORONTO, 'Canada Flat Rate');
    const [toronto] = (await checkout(id)).consignments as Consignment[];
    // 14.99 + 5% = 15.74; the zone's 3.00 handling + 5% = 3.15; the mugs 28 + 1.40.
    expect([toronto!.shipping_cost_inc_tax, toronto!.handling_cost_inc_tax]).toEqual([15.74, 3.15]);
    expect((await checkout(id)).taxes).toEqual([{ name: 'GST', amount: 2.3 }]);
  });

  it('manages tax classes; a product, shipping and fees are taxed by the class they name', async () => {
    expect((await ok('GET', '/v3/tax/classes')).data).toEqual([{ id: 0, name: 'Default Tax Class' }]);
    const books = (await ok('POST', '/v3/tax/classes', { name: 'Books' })).data;
    expect(books).toEqual({ id: expect.any(Number), name: 'Books' });
    expect((await ok('PUT', `/v3/tax/classes/${books.id}`, { name: 'Printed matter' })).data).toEqual({ id: books.id, name: 'Printed matter' });
    expect((await ok('GET', '/v3/tax/classes')).data).toEqual([{ id: 0, name: 'Default Tax Class' }, { id: books.id, name: 'Printed matter' }]);

    // Texas taxes the new class at 1% (state only).
    const zone = await texas();
    const rates = zone.rates.map((r, i) => (i === 0 ? { ...r, class_rates: [...r.class_rates, { tax_class_id: books.id, rate: 1 }] } : r));
    await ok('PUT', `/v3/tax/zones/${zone.id}`, { name: zone.name, locations: zone.locations, rates });
    await ok('PUT', '/v3/catalog/products/8', { tax_class_id: books.id });

    // The notebook (12.50) is in the class: 1% = 0.13; the lamp (49) is not: 4.04.
    const id = await shipped([{ product_id: 8, quantity: 1 }, { product_id: 1, quantity: 1 }], AUSTIN, 'Same-day Courier');
    const plain = await checkout(id);
    expect(plain.taxes).toEqual([{ name: 'Texas State Tax', amount: 3.94 }, { name: 'Local Tax', amount: 1.22 }]); // 0.13 + 3.06 + 0.75; 0.98 + 0.24

    // Shipping (and handling) taxed by the shipping class: the courier's 12.00 at 1% is 12.12.
    await ok('PUT', '/v3/tax/settings', { shipping_tax_class_id: books.id });
    const byClass = await checkout(id);
    expect([byClass.consignments[0].shipping_cost_inc_tax, byClass.shipping_cost_total_inc_tax]).toEqual([12.12, 12.12]);
    expect(byClass.tax_total).toBe(4.29); // 0.13 + 4.04 + 0.12

    // Fees, billed in Austin: by their own class, or by the store's fee class when they name none.
    await ok('POST', `/v3/checkouts/${id}/billing-address`, AUSTIN);
    const fee = { type: 'custom_fee', name: 'wrap', display_name: 'Gift wrap', cost: 10, source: 'wrapper' };
    const fees = (await ok('POST', `/v3/checkouts/${id}/fees`, { fees: [{ ...fee, tax_class_id: books.id }, fee] })).data.fees;
    expect(fees.map((f: { cost_inc_tax: number; tax_class_id: number | null }) => [f.cost_inc_tax, f.tax_class_id])).toEqual([[10.1, books.id], [10.83, undefined]]);
    await ok('PUT', '/v3/tax/settings', { fee_tax_class_id: books.id });
    expect((await checkout(id)).fees.map((f: { cost_inc_tax: number }) => f.cost_inc_tax)).toEqual([10.1, 10.1]);
    expect((await ok('GET', '/v3/tax/settings')).data).toEqual({ tax_entered_with_prices: false, show_prices_including_tax: false, shipping_tax_class_id: books.id, fee_tax_class_id: books.id });
    expect((await t.api('PUT', '/v3/tax/settings', { fee_tax_class_id: 999 })).json().errors).toEqual({ fee_tax_class_id: 'unknown tax class' });

    // A class still named somewhere cannot be deleted (409, saying where); nothing changes.
    const inUse = await t.api('DELETE', `/v3/tax/classes/${books.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().title).toBe(`Tax class ${books.id} is in use by the shipping_tax_class_id setting, the fee_tax_class_id setting, tax zone ${zone.id}, product(s) 8; change those first.`);
    expect((await checkout(id)).consignments[0].shipping_cost_inc_tax).toBe(12.12);
    await ok('PUT', '/v3/tax/settings', { shipping_tax_class_id: 0, fee_tax_class_id: 0 });
    await ok('PUT', `/v3/tax/zones/${zone.id}`, { name: zone.name, locations: zone.locations, rates: zone.rates });
    expect((await t.api('DELETE', `/v3/tax/classes/${books.id}`)).json().title).toBe(`Tax class ${books.id} is in use by product(s) 8; change those first.`);
    await ok('PUT', '/v3/catalog/products/8', { tax_class_id: 0 });
    expect((await t.api('DELETE', `/v3/tax/classes/${books.id}`)).statusCode).toBe(204);
    expect((await t.api('DELETE', `/v3/tax/classes/${books.id}`)).statusCode).toBe(404);
    expect((await t.api('PUT', '/v3/tax/settings', { shipping_tax_class_id: books.id })).statusCode).toBe(422);
  });

  it('refuses a rate naming a class twice, or a class that does not exist', async () => {
    const locations = [{ country_code: 'US', subdivision_codes: ['OR'] }];
    const twice = await t.api('POST', '/v3/tax/zones', { name: 'Twice', locations, rates: [{ name: 'X', class_rates: [{ tax_class_id: 0, rate: 5 }, { tax_class_id: 0, rate: 7 }] }] });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().errors).toEqual({ 'rates.0.class_rates.1.tax_class_id': 'listed more than once' });
    const unknown = await t.api('POST', '/v3/tax/zones', { name: 'Bad', locations, rates: [{ name: 'X', class_rates: [{ tax_class_id: 77, rate: 5 }] }] });
    expect(unknown.statusCode).toBe(422);
    expect(((await ok('GET', '/v3/tax/zones')).data as Zone[]).map((z) => z.name)).not.toContain('Twice');
  });

  it('splits prices entered with tax instead of raising them', async () => {
    const zone = (await ok('POST', '/v3/tax/zones', { name: 'Oregon', locations: [{ country_code: 'US', subdivision_codes: ['OR'] }], rates: [{ name: 'Oregon Tax', class_rates: [{ tax_class_id: 0, rate: 10 }] }] })).data;
    try {
      const cart = (await ok('POST', '/v3/carts', { line_items: [{ product_id: 4, quantity: 2 }] })).data;
      await ok('POST', `/v3/checkouts/${cart.id}/billing-address`, BILLING);
      const exclusive = await checkout(cart.id);
      expect([exclusive.subtotal_ex_tax, exclusive.subtotal_inc_tax, exclusive.tax_total]).toEqual([28, 30.8, 2.8]);
      await ok('PUT', '/v3/tax/settings', { tax_entered_with_prices: true });
      // One mug of 14.00 is 12.73 + 1.27; two are twice that, exactly.
      const inclusive = await checkout(cart.id);
      expect([inclusive.subtotal_ex_tax, inclusive.subtotal_inc_tax, inclusive.tax_total, inclusive.grand_total]).toEqual([25.46, 28, 2.54, 28]);
      expect(inclusive.cart.tax_included).toBe(true);
    } finally {
      await ok('PUT', '/v3/tax/settings', { tax_entered_with_prices: false });
      await ok('DELETE', `/v3/tax/zones/${zone.id}`);
    }
  });

  it('never lets a class be deleted while a setting or a zone is made to name it at the same time', async () => {
    const locations = [{ country_code: 'US', subdivision_codes: ['WA'] }];
    for (let round = 0; round < 10; round++) {
      const taxClass = (await ok('POST', '/v3/tax/classes', { name: `Race ${round}` })).data as { id: number };
      const field = round % 2 === 0 ? 'shipping_tax_class_id' : 'fee_tax_class_id';
      const answers = await Promise.all([
        t.api('DELETE', `/v3/tax/classes/${taxClass.id}`),
        t.api('PUT', '/v3/tax/settings', { [field]: taxClass.id }),
        t.api('POST', '/v3/tax/zones', { name: `Race ${round}`, locations, rates: [{ name: 'R', class_rates: [{ tax_class_id: taxClass.id, rate: 1 }] }] }),
      ]);
      for (const answer of answers) expect([200, 204, 409, 422], answer.body).toContain(answer.statusCode);

      // Whichever won, nothing names a class that is gone.
      const classes = ((await ok('GET', '/v3/tax/classes')).data as { id: number }[]).map((c) => c.id);
      const settings = (await ok('GET', '/v3/tax/settings')).data;
      const zones = (await ok('GET', '/v3/tax/zones')).data as (Zone & { id: number })[];
      expect(classes).toContain(settings.shipping_tax_class_id);
      expect(classes).toContain(settings.fee_tax_class_id);
      for (const zone of zones) for (const rate of zone.rates) for (const c of rate.class_rates) expect(classes).toContain(c.tax_class_id);

      await ok('PUT', '/v3/tax/settings', { shipping_tax_class_id: 0, fee_tax_class_id: 0 });
      for (const zone of zones.filter((z) => z.name === `Race ${round}`)) await ok('DELETE', `/v3/tax/zones/${zone.id}`);
      if (classes.includes(taxClass.id)) await ok('DELETE', `/v3/tax/classes/${taxClass.id}`);
    }
  });
});
