import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, DALLAS, PORTLAND } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';
const TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
/** Upstream's cart conflict body, exactly (checkouts.v3.yml). */
const CONFLICT = { status: 409, title: 'The request cannot be processed due to a possible conflict. Please review the changes and try again.', type: TYPE };

/** Every way a consignment request is refused, with the exact body, and proof that nothing changed. */
describe.each(STORE_KINDS)('consignment refusals on %s', (kind) => {
  let t: TestApp;
  let ebook: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const products = (await t.api('GET', '/v3/catalog/products?limit=250')).json().data as { id: number; name: string }[];
    ebook = products.find((p) => p.name === 'Field Guide to Shipping (eBook)')!.id;
  });
  afterAll(async () => t.close());

  /** A cart of a lamp, two mugs, an eBook and a custom item; one consignment (Austin, the lamp) when `consign`. */
  const newCart = async () => {
    const response = await t.api('POST', '/v3/carts', {
      line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }, { product_id: ebook, quantity: 1 }],
      custom_items: [{ sku: 'ENGRAVE', name: 'Engraving', quantity: 1, list_price: 5 }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const cart = response.json().data;
    const [lamp, mugs] = cart.line_items.physical_items;
    const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address: AUSTIN, line_items: [{ item_id: lamp.id, quantity: 1 }] }])).json().data;
    return {
      id: cart.id as string,
      lamp: lamp.id as string,
      mugs: mugs.id as string,
      ebook: cart.line_items.digital_items[0].id as string,
      custom: cart.line_items.custom_items[0].id as string,
      consignment: created.consignments[0] as { id: string; available_shipping_options: { id: string }[] },
      version: created.version as number,
      url: `/v3/checkouts/${cart.id}/consignments/${created.consignments[0].id}`,
    };
  };
  const unchanged = async (cart: { id: string; version: number }) => {
    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    expect(checkout.version).toBe(cart.version);
    expect(checkout.consignments).toHaveLength(1);
  };
  const refusal = (title: string, errors: Record<string, string>) => ({ status: 422, title, type: TYPE, errors });

  it('refuses a digital item and a custom item in a consignment, naming the element', async () => {
    const cart = await newCart();
    for (const id of [cart.ebook, cart.custom]) {
      const post = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: DALLAS, line_items: [{ item_id: cart.mugs, quantity: 2 }, { item_id: id, quantity: 1 }] }]);
      expect(post.statusCode).toBe(422);
      expect(post.json()).toEqual(refusal(`Line item ${id} is not a physical item of this cart.`, { '0.line_items.1.item_id': 'not a physical item of this cart' }));
      const put = await t.api('PUT', cart.url, { line_items: [{ item_id: id, quantity: 1 }] });
      expect(put.json()).toEqual(refusal(`Line item ${id} is not a physical item of this cart.`, { 'line_items.0.item_id': 'not a physical item of this cart' }));
    }
    await unchanged(cart);
  });

  it('refuses two elements of one POST taking the same line, which would undo the first', async () => {
    const cart = await newCart();
    const whole = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [
      { address: DALLAS, line_items: [{ item_id: cart.mugs, quantity: 2 }] },
      { address: PORTLAND, line_items: [{ item_id: cart.mugs, quantity: 2 }] },
    ]);
    expect(whole.statusCode).toBe(422);
    expect(whole.json()).toEqual(refusal(`Line item ${cart.mugs} is already allocated to consignment 0 of this request.`, { '1.line_items.0.item_id': 'already allocated by element 0' }));
    const part = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [
      { address: DALLAS, line_items: [{ item_id: cart.mugs, quantity: 2 }] },
      { address: PORTLAND, line_items: [{ item_id: cart.mugs, quantity: 1 }] },
    ]);
    expect(part.json().errors).toEqual({ '1.line_items.0.item_id': 'already allocated by element 0' });
    await unchanged(cart);
    // Splitting a line between elements is still fine: each takes units the other left.
    const split = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [
      { address: DALLAS, line_items: [{ item_id: cart.mugs, quantity: 1 }] },
      { address: PORTLAND, line_items: [{ item_id: cart.mugs, quantity: 1 }] },
    ]);
    expect(split.statusCode, split.body).toBe(200);
    expect(split.json().data.consignments).toHaveLength(3);
  });

  it('answers schema errors in upstream\'s words, keeping the element in the errors key', async () => {
    const cart = await newCart();
    const missing = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: DALLAS }]);
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toEqual(refusal('Missing line_items in request body', { '0.line_items': "must have required property 'line_items'" }));
    const noEmail = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: { country_code: 'US' }, line_items: [] }]);
    expect(noEmail.json().title).toBe('Missing address.email in request body');
    expect(noEmail.json().errors).toHaveProperty(['0.address.email']);
    await unchanged(cart);
  });

  it('refuses an address with a shipping option, an option not offered, and a PUT with nothing to do', async () => {
    const cart = await newCart();
    const option = cart.consignment.available_shipping_options[0]!.id;
    const both = await t.api('PUT', cart.url, { address: DALLAS, shipping_option_id: option });
    expect(both.json()).toEqual(refusal(
      'You cannot update the address or line items and select a shipping option in the same request, because the shipping option may not be available for the new address or items.',
      { shipping_option_id: 'must be sent in a separate request' },
    ));
    const unknown = await t.api('PUT', cart.url, { shipping_option_id: 'f'.repeat(32) });
    expect(unknown.json()).toEqual(refusal(`The shipping option '${'f'.repeat(32)}' is not available for this consignment.`, { shipping_option_id: 'not one of the available shipping options' }));
    const nothing = await t.api('PUT', cart.url, { version: cart.version });
    expect(nothing.json()).toEqual(refusal('One of address, line_items, shipping_option_id or custom_shipping is required.', { address: 'required' }));
    const tooMany = await t.api('PUT', cart.url, { line_items: [{ item_id: cart.mugs, quantity: 3 }] });
    expect(tooMany.json()).toEqual(refusal(`Line item ${cart.mugs} has only 2 unit(s) in the cart.`, { 'line_items.0.quantity': 'at most 2' }));
    await unchanged(cart);
  });

  it('answers a stale version with upstream\'s exact 409 on POST, PUT and DELETE, changing nothing', async () => {
    const cart = await newCart();
    const stale = cart.version - 1;
    const responses = [
      await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: DALLAS, line_items: [{ item_id: cart.mugs, quantity: 2 }], version: stale }]),
      await t.api('PUT', cart.url, { address: DALLAS, version: stale }),
      await t.api('PUT', cart.url, { shipping_option_id: cart.consignment.available_shipping_options[0]!.id, version: stale }),
      await t.api('DELETE', cart.url, { version: stale }),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual(CONFLICT);
    }
    await unchanged(cart);
  });

  it('takes a DELETE body only as an object with a version, or none', async () => {
    const cart = await newCart();
    for (const body of ['3', '[3]', '"3"']) {
      const bare = await t.api('DELETE', cart.url, body);
      expect(bare.statusCode, body).toBe(422);
      expect(bare.json()).toEqual(refusal('The request body must be a JSON object such as {"version": 3}, or empty.', { body: 'must be an object' }));
    }
    const wrong = await t.api('DELETE', cart.url, { version: 'three' });
    expect(wrong.statusCode).toBe(422);
    await unchanged(cart);
    const deleted = await t.api('DELETE', cart.url, { version: cart.version });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json().data.consignments).toEqual([]);
  });

  it('reads include comma-separated or repeated', async () => {
    const cart = await newCart();
    for (const query of [
      '?include=consignments.available_shipping_options,cart.line_items.physical_items.options',
      '?include=cart.line_items.physical_items.options&include=consignments.available_shipping_options',
    ]) {
      const read = await t.api('GET', `/v3/checkouts/${cart.id}${query}`);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json().data.consignments[0].available_shipping_options.length).toBeGreaterThan(0);
      const put = await t.api('PUT', `${cart.url}${query}`, { address: AUSTIN });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json().data.consignments[0].available_shipping_options.length).toBeGreaterThan(0);
    }
    const without = (await t.api('GET', `/v3/checkouts/${cart.id}?include=cart.line_items.physical_items.options`)).json().data;
    expect(without.consignments[0]).not.toHaveProperty('available_shipping_options');
  });
});
