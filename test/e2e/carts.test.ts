import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

describe.each(STORE_KINDS)('carts (server-to-server) on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const createCart = async (body: unknown = { line_items: [{ product_id: 1, quantity: 2 }] }) => {
    const response = await t.api('POST', '/v3/carts', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().data;
  };

  it('creates a cart with a random UUID, priced in decimals from integer cents', async () => {
    const cart = await createCart({ line_items: [{ product_id: 1, quantity: 3 }] });
    expect(cart.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cart.version).toBe(1);
    expect(cart.currency).toEqual({ code: 'USD' });
    const [item] = cart.line_items.physical_items;
    expect(item).toMatchObject({ product_id: 1, quantity: 3, list_price: 49, extended_sale_price: 147 });
    expect(cart.cart_amount).toBe(147);
  });

  it('reads, adds items (201), updates and deletes items, and increments version each time', async () => {
    const cart = await createCart();
    const added = await t.api('POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 4, quantity: 1 }], custom_items: [{ sku: 'CUSTOM', name: 'Engraving', quantity: 1, list_price: 5.5 }] });
    expect(added.statusCode).toBe(201);
    expect(added.json().data.version).toBe(2);
    expect(added.json().data.line_items.custom_items[0]).toMatchObject({ name: 'Engraving', list_price: 5.5 });
    const mug = added.json().data.line_items.physical_items.find((i: { product_id: number }) => i.product_id === 4);
    const updated = await t.api('PUT', `/v3/carts/${cart.id}/items/${mug.id}`, { line_item: { quantity: 5 }, version: 2 });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().data.line_items.physical_items.find((i: { id: string }) => i.id === mug.id).quantity).toBe(5);
    expect(updated.json().data.version).toBe(3);
    const removed = await t.api('DELETE', `/v3/carts/${cart.id}/items/${mug.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().data.line_items.physical_items).toHaveLength(1);
    const read = await t.api('GET', `/v3/carts/${cart.id}`);
    expect(read.json().data.version).toBe(4);
  });

  it('deletes the cart when its last item is deleted (204)', async () => {
    const cart = await createCart();
    const response = await t.api('DELETE', `/v3/carts/${cart.id}/items/${cart.line_items.physical_items[0].id}`);
    expect(response.statusCode).toBe(204);
    expect((await t.api('GET', `/v3/carts/${cart.id}`)).statusCode).toBe(404);
  });

  it('answers a stale version with 409 and upstream\'s body, changing nothing', async () => {
    const cart = await createCart();
    const response = await t.api('POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 4, quantity: 1 }], version: 7 });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      status: 409,
      title: 'The request cannot be processed due to a possible conflict. Please review the changes and try again.',
      type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
    });
    expect((await t.api('GET', `/v3/carts/${cart.id}`)).json().data.version).toBe(1);
  });

  it('accepts the store\'s currency in any case, and answers another with 400, as upstream does for a non-transactional currency', async () => {
    expect((await createCart({ line_items: [{ product_id: 1, quantity: 1 }], currency: { code: 'usd' } })).currency).toEqual({ code: 'USD' });
    const response = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }], currency: { code: 'EUR' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, title: 'The currency EUR is not a transactional currency of this store.', errors: { 'currency.code': 'must be USD' } });
  });

  it('refuses a product with options but no variant, naming the rule', async () => {
    const response = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 2, quantity: 1 }] });
    expect(response.statusCode).toBe(422);
    expect(response.json().title).toBe('This product has options; variant ID is required');
  });
  const TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
  const CONFLICT = { status: 409, title: 'The request cannot be processed due to a possible conflict. Please review the changes and try again.', type: TYPE };
  const GIFT = {
    name: 'Birthday gift',
    theme: 'Birthday',
    amount: 25,
    quantity: 2,
    sender: { name: 'Sam', email: 'sam@example.com' },
    recipient: { name: 'Rae', email: 'rae@example.com' },
    message: 'Happy birthday!',
  };
  const getCart = async (id: string) => (await t.api('GET', `/v3/carts/${id}`)).json().data;

  it('creates a cart of custom items and gift certificates only, and totals them', async () => {
    const cart = await createCart({
      custom_items: [{ sku: 'ENGRAVE', name: 'Engraving', quantity: 3, list_price: 4.25, image_url: 'https://example.com/e.png' }],
      gift_certificates: [GIFT],
    });
    expect(cart.line_items.physical_items).toEqual([]);
    expect(cart.line_items.digital_items).toEqual([]);
    const [custom] = cart.line_items.custom_items;
    expect(custom).toMatchObject({ sku: 'ENGRAVE', name: 'Engraving', quantity: 3, list_price: 4.25, extended_list_price: 12.75, image_url: 'https://example.com/e.png' });
    expect(custom.id).toEqual(expect.any(String));
    const [gift] = cart.line_items.gift_certificates;
    expect(gift).toMatchObject({ ...GIFT, amount: 25 });
    expect(gift.id).toEqual(expect.any(String));
    // Upstream names the flag `taxable` on a gift certificate, in the cart and in the checkout alike.
    expect(gift.taxable).toBe(false);
    expect(gift).not.toHaveProperty('is_taxable');
    const [inCheckout] = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.cart.line_items.gift_certificates;
    expect(inCheckout).toMatchObject({ id: gift.id, taxable: false });
    expect(inCheckout).not.toHaveProperty('is_taxable');
    expect(cart.base_amount).toBe(12.75 + 50);
    expect(cart.cart_amount).toBe(12.75 + 50);
  });

  it('adds custom items and gift certificates to a cart (201); a custom item cannot be updated (upstream), a gift certificate only in quantity; both delete like any line', async () => {
    const cart = await createCart();
    const added = await t.api('POST', `/v3/carts/${cart.id}/items`, { custom_items: [{ sku: 'WRAP', name: 'Gift wrap', quantity: 1, list_price: 3 }], gift_certificates: [GIFT], version: 1 });
    expect(added.statusCode, added.body).toBe(201);
    const data = added.json().data;
    expect(data.version).toBe(2);
    const custom = data.line_items.custom_items[0];
    const gift = data.line_items.gift_certificates[0];
    for (const line_item of [{ quantity: 4, list_price: 2.5 }, { quantity: 4 }]) {
      const refused = await t.api('PUT', `/v3/carts/${cart.id}/items/${custom.id}`, { line_item });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({ title: 'Custom items cannot be updated via the API. Add a new custom item and delete the outdated one.', errors: { line_item: 'custom items cannot be updated' } });
    }
    const giftPrice = await t.api('PUT', `/v3/carts/${cart.id}/items/${gift.id}`, { line_item: { quantity: 1, list_price: 10 } });
    expect(giftPrice.statusCode).toBe(422);
    expect(giftPrice.json().errors).toEqual({ 'line_item.list_price': 'not accepted for a gift certificate' });
    expect(await getCart(cart.id)).toEqual(data);
    const giftQuantity = await t.api('PUT', `/v3/carts/${cart.id}/items/${gift.id}`, { line_item: { quantity: 3 } });
    expect(giftQuantity.statusCode, giftQuantity.body).toBe(200);
    expect(giftQuantity.json().data.line_items.gift_certificates[0]).toMatchObject({ id: gift.id, quantity: 3, amount: 25 });
    const removed = await t.api('DELETE', `/v3/carts/${cart.id}/items/${gift.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().data.line_items.gift_certificates).toEqual([]);
    expect(removed.json().data.version).toBe(4);
  });

  it('PUT of a line item may name its own product and variant, never others (remove the line and add the other instead)', async () => {
    const product = (await t.api('GET', '/v3/catalog/products/2')).json().data;
    const [natural, black] = product.variants;
    const cart = await createCart({ line_items: [{ product_id: 2, variant_id: natural.id, quantity: 1 }] });
    const line = cart.line_items.physical_items[0];
    const put = (line_item: object) => t.api('PUT', `/v3/carts/${cart.id}/items/${line.id}`, { line_item: { quantity: 2, ...line_item } });
    const cases: [object, Record<string, string>][] = [
      [{ product_id: 1 }, { 'line_item.product_id': 'does not match the line item' }],
      [{ product_id: 2, variant_id: black.id }, { 'line_item.variant_id': 'does not match the line item' }],
      [{ variant_id: 999999 }, { 'line_item.variant_id': 'does not match the line item' }],
    ];
    for (const [fields, errors] of cases) {
      const response = await put(fields);
      expect(response.statusCode, JSON.stringify(fields)).toBe(422);
      expect(response.json().errors).toEqual(errors);
    }
    expect(await getCart(cart.id)).toEqual(cart);
    const same = await put({ product_id: 2, variant_id: natural.id });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json().data.line_items.physical_items[0]).toMatchObject({ id: line.id, variant_id: natural.id, quantity: 2 });
  });

  it('PUT /carts/{id} sets customer_id and answers 201; a stale version is 409 and changes nothing', async () => {
    const cart = await createCart();
    const response = await t.api('PUT', `/v3/carts/${cart.id}`, { customer_id: 42, version: 1 });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().data).toMatchObject({ id: cart.id, customer_id: 42, version: 2 });
    const before = await getCart(cart.id);
    const stale = await t.api('PUT', `/v3/carts/${cart.id}`, { customer_id: 7, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual(CONFLICT);
    expect(await getCart(cart.id)).toEqual(before);
  });

  it('DELETE /carts/{id} answers 204 with no body; the cart and its checkout are then gone', async () => {
    const cart = await createCart();
    const response = await t.api('DELETE', `/v3/carts/${cart.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await t.api('GET', `/v3/carts/${cart.id}`)).statusCode).toBe(404);
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).statusCode).toBe(404);
    expect((await t.api('DELETE', `/v3/carts/${cart.id}`)).statusCode).toBe(404);
    expect((await t.api('POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 1, quantity: 1 }] })).statusCode).toBe(404);
  });

  it('a list_price override prices the line at that price, on create, add and update', async () => {
    const cart = await createCart({ line_items: [{ product_id: 1, quantity: 2, list_price: 10 }] });
    const [item] = cart.line_items.physical_items;
    expect(item).toMatchObject({ list_price: 10, sale_price: 10, original_price: 49, extended_list_price: 20, extended_sale_price: 20 });
    expect(cart.cart_amount).toBe(20);
    const updated = (await t.api('PUT', `/v3/carts/${cart.id}/items/${item.id}`, { line_item: { quantity: 3, list_price: 12.5 } })).json().data;
    expect(updated.line_items.physical_items[0]).toMatchObject({ quantity: 3, list_price: 12.5, sale_price: 12.5, original_price: 49, extended_sale_price: 37.5 });
    const plain = await createCart({ line_items: [{ product_id: 6, quantity: 1 }] });
    const line = plain.line_items.physical_items[0];
    expect(line).toMatchObject({ list_price: 89, sale_price: 74, original_price: 89 });
    const overridden = (await t.api('PUT', `/v3/carts/${plain.id}/items/${line.id}`, { line_item: { quantity: 1, list_price: 60 } })).json().data;
    expect(overridden.line_items.physical_items[0]).toMatchObject({ list_price: 60, sale_price: 60, original_price: 89 });
  });

  it('adding a variant already in the cart raises that line\'s quantity; other variants and overrides get lines of their own', async () => {
    const cart = await createCart({ line_items: [{ product_id: 1, quantity: 1 }, { product_id: 1, quantity: 2 }] });
    expect(cart.line_items.physical_items).toHaveLength(1);
    expect(cart.line_items.physical_items[0].quantity).toBe(3);
    const lamp = cart.line_items.physical_items[0];
    const product = (await t.api('GET', '/v3/catalog/products/2')).json().data;
    const [natural, black] = product.variants;
    const added = (await t.api('POST', `/v3/carts/${cart.id}/items`, {
      line_items: [
        { product_id: 1, quantity: 1 },
        { product_id: 2, variant_id: natural.id, quantity: 1 },
        { product_id: 2, variant_id: black.id, quantity: 1 },
        { product_id: 2, variant_id: black.id, quantity: 1 },
        { product_id: 1, quantity: 1, list_price: 5 },
      ],
    })).json().data;
    const lines = added.line_items.physical_items;
    expect(lines.map((l: { variant_id: number; quantity: number; list_price: number }) => [l.variant_id, l.quantity, l.list_price])).toEqual([
      [lamp.variant_id, 4, 49],
      [natural.id, 1, 28],
      [black.id, 2, 28],
      [lamp.variant_id, 1, 5],
    ]);
    expect(lines[0].id).toBe(lamp.id);
    expect(lines[2].options).toEqual([{ name: 'Color', value: 'Black' }]);
  });

  it('a digital product is a digital item', async () => {
    const cart = await createCart({ line_items: [{ product_id: 9, quantity: 1 }] });
    expect(cart.line_items.physical_items).toEqual([]);
    expect(cart.line_items.digital_items[0]).toMatchObject({ product_id: 9, list_price: 9.99, is_require_shipping: false });
  });

  it('answers a stale version with 409 on PUT and DELETE of an item too, changing nothing', async () => {
    const cart = await createCart({ line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 1 }] });
    const itemId = cart.line_items.physical_items[0].id;
    const before = await getCart(cart.id);
    const put = await t.api('PUT', `/v3/carts/${cart.id}/items/${itemId}`, { line_item: { quantity: 9 }, version: 5 });
    expect(put.statusCode).toBe(409);
    expect(put.json()).toEqual(CONFLICT);
    const del = await t.api('DELETE', `/v3/carts/${cart.id}/items/${itemId}`, { version: 5 });
    expect(del.statusCode).toBe(409);
    expect(del.json()).toEqual(CONFLICT);
    expect(await getCart(cart.id)).toEqual(before);
    const ok = await t.api('DELETE', `/v3/carts/${cart.id}/items/${itemId}`, { version: 1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data.version).toBe(2);
  });

  it('every change moves updated_time and version; a read moves neither', async () => {
    const cart = await createCart();
    expect(cart.created_time).toBe(cart.updated_time);
    const read = await getCart(cart.id);
    expect(read).toEqual(cart);
    // Times are to the second, as upstream writes them: the change comes in the next second.
    await new Promise((r) => setTimeout(r, 1_005 - (Date.now() % 1_000)));
    const changed = (await t.api('PUT', `/v3/carts/${cart.id}`, { customer_id: 3 })).json().data;
    expect(changed.version).toBe(2);
    expect(changed.created_time).toBe(cart.created_time);
    expect(Date.parse(changed.updated_time)).toBeGreaterThan(Date.parse(cart.updated_time));
  });

  it('refuses with 422 a change that would take any amount past 9,999,999,999,999.99 (exact in minor units and in decimals), changing nothing', async () => {
    const line = { product_id: 1, quantity: 99_999, list_price: 99_999_999.99 };
    // 11 such lines come to 109,998,899,989,000.11, whose cents no longer add up exactly.
    const tooMuch = await t.api('POST', '/v3/carts', { line_items: Array.from({ length: 11 }, () => line) });
    expect(tooMuch.statusCode, tooMuch.body).toBe(422);
    expect(tooMuch.json()).toMatchObject({
      title: 'This change would take an amount of the cart past 9999999999999.99 USD, the most Consign holds exactly.',
      errors: { amount: 'must stay at most 9999999999999.99' },
    });

    // One line is below the limit, and its amounts are exact to the cent.
    const cart = await createCart({ line_items: [line] });
    const expected = '9999899999000.01';
    const raw = (await t.api('GET', `/v3/carts/${cart.id}`)).body;
    expect(raw).toContain(`"cart_amount":${expected}`);
    expect(raw).toContain(`"extended_sale_price":${expected}`);
    const before = await getCart(cart.id);
    for (const [method, path, body] of [
      ['POST', `/v3/carts/${cart.id}/items`, { line_items: [line] }],
      ['POST', `/v3/carts/${cart.id}/items`, { custom_items: [{ sku: 'BIG', name: 'Big', quantity: 1000, list_price: 100_000_000 }] }],
      ['PUT', `/v3/carts/${cart.id}/items/${cart.line_items.physical_items[0].id}`, { line_item: { quantity: 100_000, list_price: 100_000_000 } }],
    ] as const) {
      const response = await t.api(method, path, body);
      expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(422);
      expect(Object.keys(response.json().errors)).toEqual(['amount']);
    }
    expect(await getCart(cart.id)).toEqual(before);
  });
});
