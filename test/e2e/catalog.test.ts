import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

const TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
/** The demo fixture holds 13 products. */
const DEMO_PRODUCTS = 13;

const SHIRT = {
  name: 'Field Shirt',
  type: 'physical',
  sku: 'SHIRT',
  price: 40,
  weight: 0.5,
  width: 10,
  height: 2,
  depth: 12,
  custom_url: { url: '/field-shirt/' },
  variants: [
    { sku: 'SHIRT-S', option_values: [{ option_display_name: 'Size', label: 'S' }] },
    { sku: 'SHIRT-XL', price: 44, sale_price: 42, weight: 0.7, option_values: [{ option_display_name: 'Size', label: 'XL' }] },
  ],
};

/** The shirt with SKUs of its own (SKUs are unique in a store). */
const shirt = (tag: string) => ({ ...SHIRT, sku: `SHIRT-${tag}`, variants: SHIRT.variants.map((v) => ({ ...v, sku: `${v.sku}-${tag}` })) });

describe.each(STORE_KINDS)('catalog (server-to-server) on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const createProduct = async (body: object) => {
    const response = await t.api('POST', '/v3/catalog/products', body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  };

  it('GET /products lists products with variants nested, in pages described by meta.pagination', async () => {
    const all = await t.api('GET', '/v3/catalog/products');
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(body.data.length).toBeGreaterThanOrEqual(DEMO_PRODUCTS);
    const total = body.data.length;
    expect(body.meta.pagination).toEqual({
      total,
      count: total,
      per_page: 50,
      current_page: 1,
      total_pages: 1,
      links: { current: '?page=1&limit=50' },
    });
    const tote = body.data.find((p: { sku: string }) => p.sku === 'TOTE');
    expect(tote.variants.map((v: { sku: string }) => v.sku)).toEqual(['TOTE-NAT', 'TOTE-BLK']);
    expect(tote.variants[0]).toMatchObject({ product_id: tote.id, price: null, calculated_price: 28, option_values: [{ option_display_name: 'Color', label: 'Natural' }] });

    const page2 = (await t.api('GET', '/v3/catalog/products?limit=5&page=2')).json();
    expect(page2.data.map((p: { id: number }) => p.id)).toEqual(body.data.slice(5, 10).map((p: { id: number }) => p.id));
    expect(page2.meta.pagination).toEqual({
      total,
      count: 5,
      per_page: 5,
      current_page: 2,
      total_pages: Math.ceil(total / 5),
      links: { previous: '?page=1&limit=5', current: '?page=2&limit=5', next: '?page=3&limit=5' },
    });
    const last = (await t.api('GET', `/v3/catalog/products?limit=5&page=${Math.ceil(total / 5)}`)).json();
    expect(last.meta.pagination.count).toBe(total - 5 * (Math.ceil(total / 5) - 1));
    expect(last.meta.pagination.links).not.toHaveProperty('next');
    const beyond = (await t.api('GET', '/v3/catalog/products?limit=5&page=99')).json();
    expect(beyond.data).toEqual([]);
    expect(beyond.meta.pagination).toMatchObject({ total, count: 0, current_page: 99 });
  });

  it('GET /products?id:in=... filters by a comma-separated list of ids', async () => {
    const response = await t.api('GET', '/v3/catalog/products?id:in=2,4,999');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data.map((p: { id: number }) => p.id)).toEqual([2, 4]);
    expect(response.json().meta.pagination.total).toBe(2);
  });

  it('refuses pagination it cannot honour with 422', async () => {
    for (const query of ['page=0', 'limit=0', 'limit=251', 'page=abc', 'id:in=1,x']) {
      const response = await t.api('GET', `/v3/catalog/products?${query}`);
      expect(response.statusCode, query).toBe(422);
      expect(response.json()).toMatchObject({ status: 422, type: TYPE });
    }
  });

  it('POST creates a product with its variants nested (200, as upstream), and GET reads it back', async () => {
    const product = await createProduct(SHIRT);
    expect(product).toMatchObject({
      name: 'Field Shirt',
      type: 'physical',
      sku: 'SHIRT',
      price: 40,
      sale_price: 0,
      weight: 0.5,
      custom_url: { url: '/field-shirt/', is_customized: true },
    });
    expect(product.id).toBeGreaterThan(DEMO_PRODUCTS);
    expect(product.variants).toHaveLength(2);
    const [small, large] = product.variants;
    expect(small).toMatchObject({ product_id: product.id, sku: 'SHIRT-S', price: null, calculated_price: 40, weight: null, calculated_weight: 0.5 });
    expect(large).toMatchObject({ product_id: product.id, sku: 'SHIRT-XL', price: 44, sale_price: 42, calculated_price: 42, weight: 0.7, calculated_weight: 0.7 });
    const read = await t.api('GET', `/v3/catalog/products/${product.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ data: product, meta: {} });
  });

  it('a product created without variants gets one base variant, and can be bought without a variant id', async () => {
    const product = await createProduct({ name: 'Plain Mug', type: 'physical', price: 9.5, weight: 1 });
    expect(product.variants).toHaveLength(1);
    expect(product.variants[0]).toMatchObject({ product_id: product.id, price: null, option_values: [] });
    const cart = await t.api('POST', '/v3/carts', { line_items: [{ product_id: product.id, quantity: 2 }] });
    expect(cart.statusCode, cart.body).toBe(201);
    expect(cart.json().data.line_items.physical_items[0]).toMatchObject({ variant_id: product.variants[0].id, list_price: 9.5 });
  });

  it('PUT changes only the fields sent; variants, when sent, replace the product\'s (kept by id)', async () => {
    const product = await createProduct(shirt('PUT'));
    const renamed = await t.api('PUT', `/v3/catalog/products/${product.id}`, { name: 'Field Shirt II', price: 45.25 });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().data).toEqual({ ...product, name: 'Field Shirt II', price: 45.25, variants: product.variants.map((v: { price: number | null; calculated_price: number }) => ({ ...v, calculated_price: v.price === null ? 45.25 : v.calculated_price })) });

    const [small] = product.variants;
    const replaced = await t.api('PUT', `/v3/catalog/products/${product.id}`, {
      variants: [{ id: small.id, sku: 'SHIRT-S2', price: 39, option_values: small.option_values }, { sku: 'SHIRT-M', option_values: [{ option_display_name: 'Size', label: 'M' }] }],
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const variants = replaced.json().data.variants;
    expect(variants.map((v: { sku: string }) => v.sku)).toEqual(['SHIRT-S2', 'SHIRT-M']);
    expect(variants[0]).toMatchObject({ id: small.id, price: 39 });
    expect(variants[1].id).not.toBe(product.variants[1].id);
    expect((await t.api('GET', `/v3/catalog/products/${product.id}`)).json().data.variants).toEqual(variants);
  });

  it('DELETE removes a product (204); it is then 404 everywhere, and cannot be added to a cart', async () => {
    const product = await createProduct({ name: 'Doomed', type: 'digital', price: 1, weight: 0 });
    const deleted = await t.api('DELETE', `/v3/catalog/products/${product.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    for (const [method, body] of [['GET', undefined], ['PUT', { price: 2 }], ['DELETE', undefined]] as const) {
      const response = await t.api(method, `/v3/catalog/products/${product.id}`, body);
      expect(response.statusCode, method).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, type: TYPE, title: `Product with id ${product.id} was not found.` });
    }
    const cart = await t.api('POST', '/v3/carts', { line_items: [{ product_id: product.id, quantity: 1 }] });
    expect(cart.statusCode).toBe(422);
    expect(cart.json().errors).toEqual({ 'line_items.0.product_id': 'not found' });
  });

  it('refuses invalid products with 422 and a per-field errors map, creating or changing nothing', async () => {
    const product = await createProduct(shirt('INVALID'));
    const before = (await t.api('GET', '/v3/catalog/products?limit=250')).json();
    const cases: [string, string, unknown, string][] = [
      ['POST', '/v3/catalog/products', { type: 'physical', price: 1, weight: 1 }, 'name'],
      ['POST', '/v3/catalog/products', { name: '', type: 'physical', price: 1, weight: 1 }, 'name'],
      ['POST', '/v3/catalog/products', { name: 'X', type: 'physical', weight: 1 }, 'price'],
      ['POST', '/v3/catalog/products', { name: 'X', type: 'physical', price: 1 }, 'weight'],
      ['POST', '/v3/catalog/products', { name: 'X', type: 'physical', price: -1, weight: 1 }, 'price'],
      ['POST', '/v3/catalog/products', { name: 'X', type: 'physical', price: '1.00', weight: 1 }, 'price'],
      ['POST', '/v3/catalog/products', { name: 'X', type: 'bundle', price: 1, weight: 1 }, 'type'],
      ['POST', '/v3/catalog/products', { name: 'X', type: 'physical', price: 1, weight: 1, variants: {} }, 'variants'],
      ['POST', '/v3/catalog/products', { name: 'X', type: 'physical', price: 1, weight: 1, variants: [{ price: -5 }] }, 'variants.0.price'],
      ['POST', '/v3/catalog/products', { name: 'X', type: 'physical', price: 1, weight: 1, variants: [{ option_values: [{ label: 'S' }] }] }, 'variants.0.option_values.0.option_display_name'],
      ['PUT', `/v3/catalog/products/${product.id}`, { price: null }, 'price'],
      ['PUT', `/v3/catalog/products/${product.id}`, { weight: 'heavy' }, 'weight'],
      ['PUT', `/v3/catalog/products/${product.id}`, { name: 'x'.repeat(251) }, 'name'],
      ['PUT', `/v3/catalog/products/${product.id}`, { is_free_shipping: 'yes' }, 'is_free_shipping'],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await t.api(method, path, body);
      const label = `${method} ${JSON.stringify(body)}: ${response.body}`;
      expect(response.statusCode, label).toBe(422);
      expect(response.json(), label).toMatchObject({ status: 422, type: TYPE });
      expect(Object.keys(response.json().errors), label).toContain(field);
    }
    expect((await t.api('GET', '/v3/catalog/products?limit=250')).json()).toEqual(before);
  });

  it('a price change never changes an item already in a cart; an item added afterwards gets the new price', async () => {
    const product = await createProduct({ name: 'Lantern', type: 'physical', price: 30, weight: 2 });
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: product.id, quantity: 2 }] })).json().data;
    expect(cart.line_items.physical_items[0]).toMatchObject({ list_price: 30, extended_sale_price: 60 });

    expect((await t.api('PUT', `/v3/catalog/products/${product.id}`, { price: 35, sale_price: 33 })).statusCode).toBe(200);
    const unchanged = (await t.api('GET', `/v3/carts/${cart.id}`)).json().data;
    expect(unchanged.line_items.physical_items).toEqual(cart.line_items.physical_items);
    expect(unchanged.cart_amount).toBe(60);
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.subtotal_ex_tax).toBe(60);

    // Changing the quantity of the old line keeps its old price, too.
    const itemId = cart.line_items.physical_items[0].id;
    const more = (await t.api('PUT', `/v3/carts/${cart.id}/items/${itemId}`, { line_item: { quantity: 3 } })).json().data;
    expect(more.line_items.physical_items[0]).toMatchObject({ id: itemId, list_price: 30, sale_price: 30, extended_sale_price: 90 });

    const added = (await t.api('POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: product.id, quantity: 1 }] })).json().data;
    const lines = added.line_items.physical_items;
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ id: itemId, list_price: 30, quantity: 3 });
    expect(lines[1]).toMatchObject({ list_price: 35, sale_price: 33, original_price: 35, quantity: 1 });
    expect(added.cart_amount).toBe(90 + 33);
  });

  it('a variant price change or a deleted product leaves carts as they were', async () => {
    const product = await createProduct(shirt('CART'));
    const large = product.variants[1];
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: product.id, variant_id: large.id, quantity: 1 }] })).json().data;
    expect(cart.line_items.physical_items[0]).toMatchObject({ variant_id: large.id, list_price: 44, sale_price: 42 });
    await t.api('PUT', `/v3/catalog/products/${product.id}`, { variants: [{ ...large, price: 50, sale_price: null }] });
    expect((await t.api('GET', `/v3/carts/${cart.id}`)).json().data.line_items).toEqual(cart.line_items);
    expect((await t.api('DELETE', `/v3/catalog/products/${product.id}`)).statusCode).toBe(204);
    const after = await t.api('GET', `/v3/carts/${cart.id}`);
    expect(after.statusCode).toBe(200);
    expect(after.json().data.line_items).toEqual(cart.line_items);
  });

  it('PUT refuses a variant id that is not one of the product\'s (unknown, or another product\'s) with 422, changing nothing', async () => {
    const product = await createProduct(shirt('IDS'));
    const tote = (await t.api('GET', '/v3/catalog/products/2')).json().data;
    const before = (await t.api('GET', '/v3/catalog/products?limit=250')).json();
    for (const id of [999_999, tote.variants[0].id]) {
      const response = await t.api('PUT', `/v3/catalog/products/${product.id}`, { variants: [product.variants[0], { id, sku: `NEW-${id}` }] });
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json()).toMatchObject({ status: 422, type: TYPE, errors: { 'variants.1.id': 'no variant of this product has this id' } });
    }
    expect((await t.api('GET', '/v3/catalog/products?limit=250')).json()).toEqual(before);
  });

  it('SKUs are unique in a store: a product or variant repeating one is 409 (upstream\'s status for a duplicate SKU), changing nothing', async () => {
    const product = await createProduct(shirt('UNIQUE'));
    const before = (await t.api('GET', '/v3/catalog/products?limit=250')).json();
    const plain = { name: 'Copycat', type: 'physical', price: 1, weight: 1 };
    const cases: [string, string, object, string][] = [
      ['POST', '/v3/catalog/products', { ...plain, sku: 'LAMP-ORBIT' }, 'sku'],
      ['POST', '/v3/catalog/products', { ...plain, sku: 'TOTE-NAT' }, 'sku'],
      ['POST', '/v3/catalog/products', { ...plain, sku: 'COPY', variants: [{ sku: 'COPY-1' }, { sku: 'SHOE-TRAIL-8' }] }, 'variants.1.sku'],
      ['POST', '/v3/catalog/products', { ...plain, sku: 'COPY', variants: [{ sku: 'COPY-1' }, { sku: 'COPY-1' }] }, 'variants.1.sku'],
      ['PUT', `/v3/catalog/products/${product.id}`, { sku: 'MUG-STONE' }, 'sku'],
      ['PUT', `/v3/catalog/products/${product.id}`, { variants: [{ ...product.variants[0], sku: 'BOTTLE-500' }] }, 'variants.0.sku'],
      ['PUT', `/v3/catalog/products/${product.id}`, { variants: [product.variants[0], { ...product.variants[1], sku: product.variants[0].sku }] }, 'variants.1.sku'],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await t.api(method, path, body);
      const label = `${method} ${JSON.stringify(body)}`;
      expect(response.statusCode, `${label}: ${response.body}`).toBe(409);
      expect(response.json(), label).toMatchObject({ status: 409, type: TYPE, errors: { [field]: 'already in use' } });
      expect(response.json().title).toMatch(/^The SKU '.+' is already in use; SKUs are unique in a store\.$/);
    }
    expect((await t.api('GET', '/v3/catalog/products?limit=250')).json()).toEqual(before);

    // A product keeps its own SKUs when changed, shares one with its own base variant, and any
    // number of products may have none.
    expect((await t.api('PUT', `/v3/catalog/products/${product.id}`, { sku: product.sku, variants: product.variants, price: 41 })).statusCode).toBe(200);
    expect((await createProduct({ ...plain, sku: 'SOLO' })).variants[0].sku).toBe('SOLO');
    await createProduct(plain);
    await createProduct(plain);
  });

  it('two products created at once with one SKU: exactly one is created', async () => {
    const body = { name: 'Racer', type: 'physical', price: 1, weight: 1, sku: 'RACE-1' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.api('POST', '/v3/catalog/products', body)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const all = (await t.api('GET', '/v3/catalog/products?limit=250')).json().data;
    expect(all.filter((p: { sku: string }) => p.sku === 'RACE-1')).toHaveLength(1);
  });
});
