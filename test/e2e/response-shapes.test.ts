import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/api/seed.js';
import { AUSTIN, DALLAS } from '../helpers/addresses.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, SF_DALLAS, Shopper } from '../storefront/shopper.js';

/**
 * The fields upstream's schemas and examples show, in the form they show them (issue 13): links
 * that are URIs, no fields Consign would have to invent, one rule for both dialects where
 * upstream has one, and upstream's times and names. docs/api.md#response-shapes.
 */
const UPSTREAM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

describe.each(STORE_KINDS)('response shapes as upstream has them, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const ok = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const response = await t.api(method, path, body, { headers });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json();
  };
  const sf = async (shopper: Shopper, method: string, path: string, body?: unknown) => {
    const response = await shopper.request(method, path, body);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it("gives every demo product's line an absolute url and image_url on the store's storefront, and serves the image there", async () => {
    const products = (await ok('GET', '/v3/catalog/products?limit=250')).data as { id: number; type: string; variants: { id: number }[] }[];
    const lines = products.map((p) => ({ product_id: p.id, variant_id: p.variants[0]!.id, quantity: 1 }));
    // The demo store is the default store: a request to the service's own host links there.
    const cart = (await ok('POST', '/v3/carts', { line_items: lines }, { host: 'consign.test:3000' })).data;
    const items = [...cart.line_items.physical_items, ...cart.line_items.digital_items] as { product_id: number; url: string; image_url: string }[];
    expect(items).toHaveLength(products.length);
    const lamp = items.find((i) => i.product_id === 1)!;
    expect(lamp.url).toBe('http://consign.test:3000/orbit-desk-lamp/');
    expect(lamp.image_url).toBe('http://consign.test:3000/product_images/orbit-desk-lamp.svg');
    for (const item of items) {
      expect(item.url).toMatch(/^http:\/\/consign\.test:3000\/[a-z0-9-]+\/$/);
      expect(item.image_url).toMatch(/^http:\/\/consign\.test:3000\/product_images\/[a-z0-9-]+\.svg$/);
      expect(item.image_url).not.toContain('product-default');
      const image = await t.app.inject({ method: 'GET', url: new URL(item.image_url).pathname, headers: { host: 'consign.test:3000' } });
      expect(image.statusCode, item.image_url).toBe(200);
      expect(image.headers['content-type']).toBe('image/svg+xml');
      expect(image.body).toMatch(/^<svg /);
    }
    expect((await t.app.inject({ method: 'GET', url: '/product_images/..%2F..%2Fpackage.json' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/product_images/nothing.svg' })).statusCode).toBe(404);

    // The storefront dialect: the same links, on the host the shopper's browser is on.
    const shopper = new Shopper(t.app, 'consign.test:3000');
    const sfCart = await sf(shopper, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] });
    expect(sfCart.lineItems.physicalItems[0]).toMatchObject({ url: lamp.url, imageUrl: lamp.image_url });
    const checkout = await sf(shopper, 'GET', `/api/storefront/checkouts/${sfCart.id}`);
    expect(checkout.cart.lineItems.physicalItems[0]).toMatchObject({ url: lamp.url, imageUrl: lamp.image_url });
  });

  it('links a store with storefront hosts to its first one, and any other store to {store_hash}.localhost', async () => {
    const other = await seed(t.app.consign, { store: { hash: `links${kind}` }, products: [{ name: 'Plain Box', type: 'physical', sku: 'BOX', price: 5, weight: 1 }] });
    const token = await t.tokenWith(['store_cart', 'store_v2_information'], other.hash);
    const api = (method: string, path: string, body?: unknown) => t.api(method, `/stores/${other.hash}${path}`, body, { token, headers: { host: 'consign.test:3000' } });
    // Not the default store: the service's own host would select another store.
    const made = (await api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data;
    const [box] = made.line_items.physical_items;
    // A product without a URL or an image: upstream's product page path, and the default image.
    expect(box.url).toBe(`http://${other.hash}.localhost:3000/products.php?productId=1`);
    expect(box.image_url).toBe(`http://${other.hash}.localhost:3000/product_images/product-default.svg`);
    expect((await t.app.inject({ method: 'GET', url: '/product_images/product-default.svg' })).statusCode).toBe(200);

    expect((await api('PUT', '/v3/storefront/settings', { storefront_hosts: [`shop-${kind}.example.com`, `www-${kind}.example.com`] })).statusCode).toBe(200);
    const linked = (await api('GET', `/v3/carts/${made.id}`)).json().data.line_items.physical_items[0];
    expect(linked.url).toBe(`http://shop-${kind}.example.com:3000/products.php?productId=1`);
    expect(linked.image_url).toBe(`http://shop-${kind}.example.com:3000/product_images/product-default.svg`);
    // The storefront, reached at the store's own .localhost name, links to the same first host.
    const shopper = new Shopper(t.app, `${other.hash}.localhost:3000`);
    const sfCart = await sf(shopper, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] });
    expect(sfCart.lineItems.physicalItems[0]).toMatchObject({ url: linked.url, imageUrl: linked.image_url });
  });

  it('leaves out gift wrapping, parent ids and option ids, and a fee tax class that is not there, in both dialects alike', async () => {
    const products = (await ok('GET', '/v3/catalog/products?limit=250')).data as { id: number; sku: string; variants: { id: number }[] }[];
    const tote = products.find((p) => p.sku === 'TOTE')!;
    const cart = (await ok('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: tote.id, variant_id: tote.variants[1]!.id, quantity: 1 }] })).data;
    const fee = { type: 'custom_fee', name: 'Bag', display_name: 'Bag fee', cost: 1, source: 'test' };
    const classes = (await ok('GET', '/v3/tax/classes')).data as { id: number }[];
    await ok('POST', `/v3/checkouts/${cart.id}/fees`, { fees: [fee, { ...fee, name: 'Taxed', tax_class_id: classes[0]!.id }] });
    const checkout = (await ok('GET', `/v3/checkouts/${cart.id}`)).data;
    for (const line of [...cart.line_items.physical_items, ...checkout.cart.line_items.physical_items]) {
      expect(line).not.toHaveProperty('gift_wrapping');
      expect(line).not.toHaveProperty('parent_id');
    }
    const toteLine = checkout.cart.line_items.physical_items.find((i: { product_id: number }) => i.product_id === tote.id);
    expect(toteLine.options).toEqual([{ name: 'Color', value: 'Black' }]);
    expect(checkout.fees[0]).not.toHaveProperty('tax_class_id');
    expect(checkout.fees[1].tax_class_id).toBe(classes[0]!.id);

    const shopper = new Shopper(t.app);
    const sfCart = await sf(shopper, 'POST', '/api/storefront/carts', { lineItems: [{ productId: tote.id, variantId: tote.variants[1]!.id, quantity: 1 }] });
    const sfLine = sfCart.lineItems.physicalItems[0];
    expect(sfLine).not.toHaveProperty('giftWrapping');
    expect(sfLine).not.toHaveProperty('parentId');
    expect(sfLine.options).toEqual([{ name: 'Color', value: 'Black' }]);
  });

  it('sends a shipping consignment\'s address as address and shipping_address; a pickup consignment has neither', async () => {
    const cart = (await ok('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).data;
    const [lamp] = cart.line_items.physical_items;
    const shipped = (await ok('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: lamp.id, quantity: 1 }] }])).data.consignments[0];
    expect(shipped.shipping_address).toEqual(shipped.address);
    expect(shipped.address).toMatchObject({ city: 'Austin', postal_code: AUSTIN.postal_code });
    const moved = (await ok('PUT', `/v3/checkouts/${cart.id}/consignments/${shipped.id}`, { address: DALLAS })).data.consignments[0];
    expect(moved.shipping_address).toEqual(moved.address);
    expect(moved.shipping_address.city).toBe('Dallas');
    const other = (await ok('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).data;
    const item = other.line_items.physical_items[0];
    const picked = (await ok('POST', `/v3/checkouts/${other.id}/consignments`, [{ pickup_option: { pickup_method_id: 1 }, line_items: [{ item_id: item.id, quantity: 1 }] }])).data.consignments[0];
    expect(picked.selected_pickup_option).toEqual({ pickup_method_id: 1 });
    expect(picked).not.toHaveProperty('address');
    expect(picked).not.toHaveProperty('shipping_address');
  });

  it('says no option is selected by leaving it out server-to-server, and by null on the storefront, where the checkout SDK merges answers', async () => {
    const cart = (await ok('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).data;
    const include = '?include=consignments.available_shipping_options';
    const [made] = (await ok('POST', `/v3/checkouts/${cart.id}/consignments${include}`, [{ address: AUSTIN, line_items: [{ item_id: cart.line_items.physical_items[0].id, quantity: 1 }] }])).data.consignments;
    expect(made).not.toHaveProperty('selected_shipping_option');
    expect(made).not.toHaveProperty('selected_pickup_option');
    const chosen = (await ok('PUT', `/v3/checkouts/${cart.id}/consignments/${made.id}`, { shipping_option_id: made.available_shipping_options[0].id })).data.consignments[0];
    expect(chosen.selected_shipping_option.id).toBe(made.available_shipping_options[0].id);

    const shopper = new Shopper(t.app);
    const sfCart = await sf(shopper, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] });
    const path = `/api/storefront/checkouts/${sfCart.id}/consignments`;
    const [sfMade] = (await sf(shopper, 'POST', path, [{ address: SF_AUSTIN, lineItems: [{ itemId: sfCart.lineItems.physicalItems[0].id, quantity: 1 }] }])).consignments;
    expect(sfMade.selectedShippingOption).toBeNull();
    expect(sfMade.selectedPickupOption).toBeNull();
    const [sfChosen] = (await sf(shopper, 'PUT', `${path}/${sfMade.id}`, { shippingOptionId: sfMade.availableShippingOptions[0].id })).consignments;
    expect(sfChosen.selectedShippingOption.id).toBe(sfMade.availableShippingOptions[0].id);
    // A new address drops the selection: the key stays, null, so a client merging answers drops it too.
    const [sfMoved] = (await sf(shopper, 'PUT', `${path}/${sfMade.id}`, { address: SF_DALLAS })).consignments;
    expect(sfMoved.selectedShippingOption).toBeNull();
  });

  it("writes times as upstream does and names the currency as upstream does, in both dialects", async () => {
    const cart = (await ok('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).data;
    expect(cart.created_time).toMatch(UPSTREAM_TIME);
    expect(cart.updated_time).toMatch(UPSTREAM_TIME);
    expect(Math.abs(Date.parse(cart.created_time) - Date.now())).toBeLessThan(5_000);
    const checkout = (await ok('GET', `/v3/checkouts/${cart.id}`)).data;
    for (const time of [checkout.created_time, checkout.updated_time, checkout.cart.created_time, checkout.cart.updated_time]) expect(time).toMatch(UPSTREAM_TIME);
    expect(checkout.cart.currency).toEqual({ code: 'USD' });

    const shopper = new Shopper(t.app);
    const sfCart = await sf(shopper, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] });
    expect(sfCart.currency).toEqual({ code: 'USD', name: 'US Dollars', symbol: '$', decimalPlaces: 2 });
    expect(sfCart.createdTime).toMatch(UPSTREAM_TIME);
    const sfCheckout = await sf(shopper, 'GET', `/api/storefront/checkouts/${sfCart.id}`);
    for (const time of [sfCheckout.createdTime, sfCheckout.updatedTime, sfCheckout.cart.updatedTime]) expect(time).toMatch(UPSTREAM_TIME);
  });

  it('answers a storefront DELETE with the customer, payments and category names unless include says otherwise', async () => {
    const shopper = new Shopper(t.app);
    const cart = await sf(shopper, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }, { productId: 4, quantity: 1 }] });
    const [lamp, mug] = cart.lineItems.physicalItems;
    const checkout = `/api/storefront/checkouts/${cart.id}`;
    const [consignment] = (await sf(shopper, 'POST', `${checkout}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: lamp.id, quantity: 1 }] }])).consignments;
    const full = (answer: Record<string, unknown> & { cart: { lineItems: { physicalItems: Record<string, unknown>[] } } }) => {
      expect(answer.customer).toMatchObject({ id: 0, isGuest: true });
      expect(answer.payments).toEqual([]);
      for (const line of answer.cart.lineItems.physicalItems) expect(line.categoryNames).toEqual([]);
    };
    // A GET without include has none of them; each DELETE has all three.
    const read = await sf(shopper, 'GET', checkout);
    expect(read).not.toHaveProperty('customer');
    expect(read).not.toHaveProperty('payments');
    expect(read.cart.lineItems.physicalItems[0]).not.toHaveProperty('categoryNames');
    full(await sf(shopper, 'DELETE', `${checkout}/consignments/${consignment.id}`));
    await sf(shopper, 'POST', `${checkout}/coupons`, { couponCode: 'SAVE10' });
    full(await sf(shopper, 'DELETE', `${checkout}/coupons/SAVE10`));
    full(await sf(shopper, 'DELETE', `${checkout}/carts/${cart.id}/items/${mug.id}`));
    // The last item: the cart is gone, and the answer still has all three.
    const emptied = await sf(shopper, 'DELETE', `${checkout}/carts/${cart.id}/items/${lamp.id}`);
    full(emptied);
    expect(emptied.cart.lineItems.physicalItems).toEqual([]);

    // An explicit include is followed exactly.
    const other = new Shopper(t.app);
    const second = await sf(other, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }, { productId: 4, quantity: 1 }] });
    const narrow = await sf(other, 'DELETE', `/api/storefront/checkouts/${second.id}/carts/${second.id}/items/${second.lineItems.physicalItems[1].id}?include=payments`);
    expect(narrow.payments).toEqual([]);
    expect(narrow).not.toHaveProperty('customer');
    expect(narrow.cart.lineItems.physicalItems[0]).not.toHaveProperty('categoryNames');
  });

  it('refuses more than 100 consignments in one POST, and more than 250 lines in one consignment, in both dialects', async () => {
    const cart = (await ok('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).data;
    const line = { item_id: cart.line_items.physical_items[0].id, quantity: 1 };
    const path = `/v3/checkouts/${cart.id}/consignments`;
    const tooMany = await t.api('POST', path, Array.from({ length: 101 }, () => ({ address: AUSTIN, line_items: [line] })));
    expect(tooMany.statusCode, tooMany.body).toBe(422);
    expect(tooMany.json().errors).toEqual({ body: 'must NOT have more than 100 items' });
    const tooLong = await t.api('POST', path, [{ address: AUSTIN, line_items: Array.from({ length: 251 }, () => line) }]);
    expect(tooLong.statusCode, tooLong.body).toBe(422);
    expect(tooLong.json().errors).toEqual({ '0.line_items': 'must NOT have more than 250 items' });
    expect((await ok('GET', `/v3/checkouts/${cart.id}`)).data.consignments).toEqual([]);

    const shopper = new Shopper(t.app);
    const sfCart = await sf(shopper, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] });
    const sfLine = { itemId: sfCart.lineItems.physicalItems[0].id, quantity: 1 };
    const sfPath = `/api/storefront/checkouts/${sfCart.id}/consignments`;
    const sfTooMany = await shopper.request('POST', sfPath, Array.from({ length: 101 }, () => ({ address: SF_AUSTIN, lineItems: [sfLine] })));
    expect(sfTooMany.statusCode).toBe(422);
    expect(sfTooMany.json().detail).toContain('must NOT have more than 100 items');
    const sfTooLong = await shopper.request('POST', sfPath, [{ address: SF_AUSTIN, lineItems: Array.from({ length: 251 }, () => sfLine) }]);
    expect(sfTooLong.statusCode).toBe(422);
    expect(sfTooLong.json().detail).toContain('must NOT have more than 250 items');
  });
});
