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

  it('refuses a product with options but no variant, naming the rule', async () => {
    const response = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 2, quantity: 1 }] });
    expect(response.statusCode).toBe(422);
    expect(response.json().title).toBe('This product has options; variant ID is required');
  });
});
