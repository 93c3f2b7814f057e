import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN, PORTLAND } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';
const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const PICKUP_LIMIT = { status: 422, title: 'Pickup method is limited to 1 consignment.', type: ERROR_TYPE };

/** The demo fixture's locations and methods: Austin (1) stocks everything, Dallas (2) no desk frames and little else. */
const AUSTIN_POINT = { latitude: 30.2672, longitude: -97.7431 };
const DALLAS_POINT = { latitude: 32.7767, longitude: -96.797 };
const AUSTIN_IN_STORE = 1;
const AUSTIN_CURBSIDE = 2;
const DALLAS_IN_STORE = 3;

interface Method { id: number; location_id: number; display_name: string; collection_instructions: string; collection_time_description: string; date_created: string; date_modified: string }
interface Option { pickup_method: { id: number; location_id: number }; available_items: { variant_id: number; quantity: number }[] }

describe.each(STORE_KINDS)('pickup (server-to-server) on %s', (kind) => {
  let t: TestApp;
  /** Variant ids of the demo catalog by SKU. */
  const variants = new Map<string, { productId: number; variantId: number }>();
  beforeAll(async () => {
    t = await createTestApp(kind);
    const products = (await t.api('GET', '/v3/catalog/products?limit=250')).json().data;
    for (const p of products) for (const v of p.variants) variants.set(v.sku, { productId: p.id, variantId: v.id });
  });
  afterAll(async () => t.close());

  const variant = (sku: string) => variants.get(sku)!.variantId;
  const search = (body: unknown) => t.api('POST', '/v3/pickup/options', body);
  const near = (point: { latitude: number; longitude: number }, value: number, unit: 'KM' | 'MI', items: { variant_id: number; quantity: number }[] = []) =>
    ({ search_area: { radius: { value, unit }, coordinates: point }, items });
  const optionIds = (body: { results: { pickup_options: Option[] }[] }) => body.results.flatMap((r) => r.pickup_options.map((o) => o.pickup_method.id));

  /** A cart of `items` (SKU and quantity), with the ids of its lines in the same order. */
  const cartOf = async (...items: [string, number][]) => {
    const response = await t.api('POST', '/v3/carts', {
      line_items: items.map(([sku, quantity]) => ({ product_id: variants.get(sku)!.productId, variant_id: variant(sku), quantity })),
    });
    expect(response.statusCode, response.body).toBe(201);
    const cart = response.json().data;
    const lines = cart.line_items.physical_items as { id: string; sku: string; quantity: number }[];
    return { id: cart.id as string, lines: items.map(([sku]) => lines.find((l) => l.sku === sku)!) };
  };
  const allOf = (cart: { lines: { id: string; quantity: number }[] }) => cart.lines.map((l) => ({ item_id: l.id, quantity: l.quantity }));

  describe('pickup methods', () => {
    it('lists the fixture\'s methods in upstream\'s shape, with pagination', async () => {
      const response = await t.api('GET', '/v3/pickup/methods');
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.data.slice(0, 3).map((m: Method) => [m.id, m.location_id])).toEqual([[1, 1], [2, 1], [3, 2]]);
      expect(body.data[0]).toEqual({
        id: 1,
        location_id: 1,
        display_name: 'In-store pickup, Austin Downtown',
        collection_instructions: 'Bring your order number to the front desk.',
        collection_time_description: 'Ready in 2 hours',
        location_identity: 1,
        date_created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        date_modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      });
      expect(body.meta.pagination).toMatchObject({ current_page: 1, per_page: 50, total_pages: 1, links: { current: '?page=1&limit=50' } });
      expect(body.meta.pagination.count).toBe(body.data.length);
    });

    it('filters by id:in and dates, sorts, and pages with links that keep the filters', async () => {
      const byId = (await t.api('GET', '/v3/pickup/methods?id:in=3,1')).json();
      expect(byId.data.map((m: Method) => m.id)).toEqual([1, 3]);
      const paged = (await t.api('GET', '/v3/pickup/methods?id:in=1,2,3&limit=1&page=2')).json();
      expect(paged.data.map((m: Method) => m.id)).toEqual([2]);
      expect(paged.meta.pagination).toEqual({
        total: 3, count: 1, per_page: 1, current_page: 2, total_pages: 3,
        links: { previous: '?id:in=1,2,3&page=1&limit=1', current: '?id:in=1,2,3&page=2&limit=1', next: '?id:in=1,2,3&page=3&limit=1' },
      });
      const byName = (await t.api('GET', '/v3/pickup/methods?id:in=1,2,3&sort=name:asc')).json();
      expect(byName.data.map((m: Method) => m.display_name)).toEqual(['Curbside pickup, Austin Downtown', 'In-store pickup, Austin Downtown', 'In-store pickup, Dallas Uptown']);
      const desc = (await t.api('GET', '/v3/pickup/methods?id:in=1,2,3&sort=name:desc')).json();
      expect(desc.data.map((m: Method) => m.id)).toEqual([3, 1, 2]);

      const created = byId.data[0].date_created as string;
      expect((await t.api('GET', `/v3/pickup/methods?id:in=1&date_created=${created}`)).json().data).toHaveLength(1);
      expect((await t.api('GET', `/v3/pickup/methods?id:in=1&date_created=${created.slice(0, 10)}`)).json().data).toHaveLength(1);
      expect((await t.api('GET', `/v3/pickup/methods?id:in=1&date_created:min=${created}&date_created:max=${created}`)).json().data).toHaveLength(1);
      expect((await t.api('GET', '/v3/pickup/methods?date_created:min=2999-01-01T00:00:00Z')).json().data).toEqual([]);
      expect((await t.api('GET', '/v3/pickup/methods?date_modified:max=2000-01-01')).json().data).toEqual([]);
      expect((await t.api('GET', '/v3/pickup/methods?date_created=2000-01-01')).json().data).toEqual([]);
      expect((await t.api('GET', '/v3/pickup/methods?date_created=yesterday')).statusCode).toBe(422);
      expect((await t.api('GET', '/v3/pickup/methods?sort=id:asc')).statusCode).toBe(422);
      expect((await t.api('GET', '/v3/pickup/methods?limit=251')).statusCode).toBe(422);
    });

    it('creates, updates partially and deletes methods in batches', async () => {
      const created = await t.api('POST', '/v3/pickup/methods', [
        { location_id: 2, display_name: 'Locker, Dallas', collection_instructions: 'Use the code we text you.' },
        { location_identity: 1, display_name: 'Locker, Austin' },
      ]);
      expect(created.statusCode, created.body).toBe(200);
      const [dallas, austin] = created.json().data as Method[];
      expect(dallas).toMatchObject({ location_id: 2, display_name: 'Locker, Dallas', collection_instructions: 'Use the code we text you.', collection_time_description: '' });
      expect(austin).toMatchObject({ location_id: 1, display_name: 'Locker, Austin' });
      expect(created.json().meta).toEqual({});

      const updated = await t.api('PUT', '/v3/pickup/methods', [{ id: dallas!.id, collection_time_description: 'Within the hour' }, { id: austin!.id, location_id: 2 }]);
      expect(updated.statusCode, updated.body).toBe(200);
      expect(updated.json().data).toEqual([
        { ...dallas, collection_time_description: 'Within the hour', date_modified: expect.any(String) },
        { ...austin, location_id: 2, location_identity: 2, date_modified: expect.any(String) },
      ]);

      const deleted = await t.api('DELETE', `/v3/pickup/methods?id:in=${dallas!.id},${austin!.id},9999`);
      expect(deleted.statusCode).toBe(204);
      const left = (await t.api('GET', `/v3/pickup/methods?id:in=${dallas!.id},${austin!.id}`)).json();
      expect(left.data).toEqual([]);
      expect((await t.api('DELETE', '/v3/pickup/methods')).statusCode).toBe(422);
    });

    it('refuses oversized batches with 413, and bad elements with 422, changing nothing', async () => {
      const before = (await t.api('GET', '/v3/pickup/methods')).json().meta.pagination.total;
      const many = (n: number) => Array.from({ length: n }, (_, i) => ({ location_id: 1, display_name: `Batch ${i}` }));
      const tooMany = await t.api('POST', '/v3/pickup/methods', many(101));
      expect(tooMany.statusCode).toBe(413);
      expect(tooMany.json()).toMatchObject({ status: 413, type: ERROR_TYPE });
      const updates = await t.api('PUT', '/v3/pickup/methods', Array.from({ length: 11 }, () => ({ id: 1 })));
      expect(updates.statusCode).toBe(413);
      const unknownLocation = await t.api('POST', '/v3/pickup/methods', [{ location_id: 1, display_name: 'ok' }, { location_id: 99, display_name: 'bad' }]);
      expect(unknownLocation.statusCode).toBe(422);
      expect(unknownLocation.json().errors).toHaveProperty(['1.location_id']);
      expect((await t.api('POST', '/v3/pickup/methods', [{ display_name: 'nowhere' }])).json().errors).toHaveProperty(['0.location_id']);
      expect((await t.api('POST', '/v3/pickup/methods', [{ location_id: 1, display_name: 'x'.repeat(251) }])).statusCode).toBe(422);
      expect((await t.api('POST', '/v3/pickup/methods', [])).statusCode).toBe(422);
      const unknownMethod = await t.api('PUT', '/v3/pickup/methods', [{ id: 1, display_name: 'Renamed' }, { id: 9999, display_name: 'x' }]);
      expect(unknownMethod.statusCode).toBe(422);
      expect(unknownMethod.json().errors).toHaveProperty(['1.id']);
      expect((await t.api('GET', '/v3/pickup/methods?id:in=1')).json().data[0].display_name).toBe('In-store pickup, Austin Downtown');
      expect((await t.api('GET', '/v3/pickup/methods')).json().meta.pagination.total).toBe(before);
      // Exactly at the limits is fine.
      const hundred = await t.api('POST', '/v3/pickup/methods', many(100));
      expect(hundred.statusCode).toBe(200);
      const ids = (hundred.json().data as Method[]).map((m) => m.id);
      expect((await t.api('PUT', '/v3/pickup/methods', ids.slice(0, 10).map((id) => ({ id, display_name: `Renamed ${id}` })))).statusCode).toBe(200);
      expect((await t.api('DELETE', `/v3/pickup/methods?id:in=${ids.join(',')}`)).statusCode).toBe(204);
    });
  });

  describe('pickup options', () => {
    it('finds methods near a point, nearest location first, one result per location, without an envelope', async () => {
      const response = await search(near(AUSTIN_POINT, 50, 'KM', [{ variant_id: variant('LAMP-ORBIT'), quantity: 1 }]));
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.data).toBeUndefined();
      expect(body.results).toHaveLength(1);
      expect(body.results[0].pickup_options).toEqual([
        {
          pickup_method: {
            id: AUSTIN_IN_STORE,
            location_id: 1,
            display_name: 'In-store pickup, Austin Downtown',
            collection_instructions: 'Bring your order number to the front desk.',
            collection_time_description: 'Ready in 2 hours',
          },
          available_items: [{ variant_id: variant('LAMP-ORBIT'), quantity: 1 }],
        },
        expect.objectContaining({ pickup_method: expect.objectContaining({ id: AUSTIN_CURBSIDE, location_id: 1 }) }),
      ]);
      const fromDallas = (await search(near(DALLAS_POINT, 400, 'KM', [{ variant_id: variant('LAMP-ORBIT'), quantity: 1 }]))).json();
      expect(fromDallas.results.map((r: { pickup_options: Option[] }) => r.pickup_options[0]!.pickup_method.location_id)).toEqual([2, 1]);
      expect(optionIds(fromDallas)).toEqual([DALLAS_IN_STORE, AUSTIN_IN_STORE, AUSTIN_CURBSIDE]);
    });

    it('reads the radius in kilometres or miles (Dallas is about 295 km, 183 mi, from Austin)', async () => {
      expect(optionIds((await search(near(AUSTIN_POINT, 250, 'KM'))).json())).not.toContain(DALLAS_IN_STORE);
      expect(optionIds((await search(near(AUSTIN_POINT, 190, 'MI'))).json())).toContain(DALLAS_IN_STORE);
      expect(optionIds((await search(near(AUSTIN_POINT, 190, 'KM'))).json())).not.toContain(DALLAS_IN_STORE);
      expect((await search(near({ latitude: 51.5, longitude: -0.12 }, 100, 'KM'))).json()).toEqual({ results: [] });
    });

    it('offers a location only when it can supply every item in the quantity asked', async () => {
      const far = (items: { variant_id: number; quantity: number }[]) => search(near(DALLAS_POINT, 500, 'KM', items)).then((r) => optionIds(r.json()));
      expect(await far([{ variant_id: variant('DESK-FRAME'), quantity: 1 }])).toEqual([AUSTIN_IN_STORE, AUSTIN_CURBSIDE]);
      expect(await far([{ variant_id: variant('LAMP-ORBIT'), quantity: 1 }, { variant_id: variant('DESK-FRAME'), quantity: 1 }])).not.toContain(DALLAS_IN_STORE);
      expect(await far([{ variant_id: variant('LAMP-ORBIT'), quantity: 5 }])).toContain(DALLAS_IN_STORE);
      expect(await far([{ variant_id: variant('LAMP-ORBIT'), quantity: 6 }])).not.toContain(DALLAS_IN_STORE);
      expect(await far([{ variant_id: variant('TOTE-BLK'), quantity: 10 }])).toContain(DALLAS_IN_STORE);
    });

    it('returns at most ten options', async () => {
      const created = await t.api('POST', '/v3/pickup/methods', Array.from({ length: 12 }, (_, i) => ({ location_id: 1, display_name: `Window ${i}` })));
      const ids = (created.json().data as Method[]).map((m) => m.id);
      try {
        const found = (await search(near(AUSTIN_POINT, 10, 'KM'))).json();
        expect(optionIds(found)).toHaveLength(10);
        expect(found.results).toHaveLength(1);
      } finally {
        await t.api('DELETE', `/v3/pickup/methods?id:in=${ids.join(',')}`);
      }
    });

    it('refuses a search without coordinates or radius, with a bad unit, or for an unknown variant', async () => {
      expect((await search({ search_area: { radius: { value: 10, unit: 'KM' } }, items: [] })).statusCode).toBe(422);
      expect((await search({ search_area: { coordinates: AUSTIN_POINT }, items: [] })).statusCode).toBe(422);
      expect((await search(near(AUSTIN_POINT, 10, 'FT' as 'KM'))).statusCode).toBe(422);
      expect((await search(near(AUSTIN_POINT, 0, 'KM'))).statusCode).toBe(422);
      expect((await search({ search_area: { radius: { value: 10, unit: 'KM' }, coordinates: { latitude: 91, longitude: 0 } }, items: [] })).statusCode).toBe(422);
      const unknown = await search(near(AUSTIN_POINT, 10, 'KM', [{ variant_id: 99999, quantity: 1 }]));
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().errors).toHaveProperty(['items.0.variant_id']);
    });
  });

  describe('pickup consignments', () => {
    it('creates a pickup consignment: no address, the method selected, nothing to pay for shipping', async () => {
      const cart = await cartOf(['LAMP-ORBIT', 1], ['MUG-STONE', 2]);
      const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: DALLAS_IN_STORE }, version: 1 }]);
      expect(created.statusCode, created.body).toBe(200);
      const consignment = created.json().data.consignments[0];
      expect(consignment).not.toHaveProperty('address');
      expect(consignment).not.toHaveProperty('selected_shipping_option');
      expect(consignment).toMatchObject({ selected_pickup_option: { pickup_method_id: DALLAS_IN_STORE }, available_shipping_options: [], shipping_cost_ex_tax: 0, handling_cost_ex_tax: 0 });
      expect(consignment.line_item_ids).toEqual(cart.lines.map((l) => l.id));

      const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
      expect(checkout.consignments[0].selected_pickup_option).toEqual({ pickup_method_id: DALLAS_IN_STORE });
      expect(checkout.shipping_cost_total_ex_tax).toBe(0);
      expect(checkout.grand_total).toBe(checkout.subtotal_inc_tax);
    });

    it('refuses a second pickup consignment, and pickup beside shipping, in upstream\'s words; nothing changes', async () => {
      const cart = await cartOf(['LAMP-ORBIT', 1], ['MUG-STONE', 2]);
      const [lamp, mugs] = allOf(cart);
      const mixed = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [
        { line_items: [lamp], pickup_option: { pickup_method_id: AUSTIN_IN_STORE } },
        { address: AUSTIN, line_items: [mugs] },
      ]);
      expect(mixed.statusCode).toBe(422);
      expect(mixed.json()).toMatchObject(PICKUP_LIMIT);
      const two = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [
        { line_items: [lamp], pickup_option: { pickup_method_id: AUSTIN_IN_STORE } },
        { line_items: [mugs], pickup_option: { pickup_method_id: AUSTIN_CURBSIDE } },
      ]);
      expect(two.json()).toMatchObject(PICKUP_LIMIT);

      expect((await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [mugs] }])).statusCode).toBe(200);
      const later = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: [lamp], pickup_option: { pickup_method_id: AUSTIN_IN_STORE } }]);
      expect(later.json()).toMatchObject(PICKUP_LIMIT);
      const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
      expect(checkout.consignments).toHaveLength(1);
      expect(checkout.version).toBe(2);
      // Switching the one shipping consignment to pickup while another ships is refused too.
      const second = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: PORTLAND, line_items: [lamp] }]);
      const [austin] = second.json().data.consignments;
      const switched = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${austin.id}`, { pickup_option: { pickup_method_id: AUSTIN_IN_STORE } });
      expect(switched.json()).toMatchObject(PICKUP_LIMIT);
    });

    it('refuses an unknown method, a location that lacks an item, and an address with a pickup option', async () => {
      const cart = await cartOf(['LAMP-ORBIT', 1], ['DESK-FRAME', 1]);
      const unknown = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: 999 } }]);
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().errors).toHaveProperty(['0.pickup_option.pickup_method_id']);
      const lacking = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: DALLAS_IN_STORE } }]);
      expect(lacking.statusCode).toBe(422);
      expect(lacking.json().title).toMatch(/not every item/i);
      const both = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: allOf(cart), pickup_option: { pickup_method_id: AUSTIN_IN_STORE } }]);
      expect(both.statusCode).toBe(422);
      const neither = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart) }]);
      expect(neither.statusCode).toBe(422);
      const austin = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: AUSTIN_IN_STORE } }]);
      expect(austin.statusCode, austin.body).toBe(200);
    });

    it('switches shipping to pickup and back with PUT; each selection deselects the other; both at once is refused', async () => {
      const cart = await cartOf(['LAMP-ORBIT', 1]);
      const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address: AUSTIN, line_items: allOf(cart) }])).json().data;
      const consignment = created.consignments[0];
      const courier = consignment.available_shipping_options.find((o: { description: string }) => o.description === 'Same-day Courier');
      const url = `/v3/checkouts/${cart.id}/consignments/${consignment.id}`;
      const shipped = (await t.api('PUT', url, { shipping_option_id: courier.id })).json().data;
      expect(shipped.shipping_cost_total_ex_tax).toBe(12);

      const both = await t.api('PUT', url, { shipping_option_id: courier.id, pickup_option: { pickup_method_id: AUSTIN_IN_STORE } });
      expect(both.statusCode).toBe(422);
      expect((await t.api('PUT', url, { address: AUSTIN, pickup_option: { pickup_method_id: AUSTIN_IN_STORE } })).statusCode).toBe(422);
      expect((await t.api('PUT', url, { custom_shipping: { price: 1, description: 'x' }, pickup_option: { pickup_method_id: AUSTIN_IN_STORE } })).statusCode).toBe(422);

      const picked = await t.api('PUT', `${url}${INCLUDE}`, { pickup_option: { pickup_method_id: AUSTIN_IN_STORE }, line_items: allOf(cart) });
      expect(picked.statusCode, picked.body).toBe(200);
      const pickup = picked.json().data;
      expect(pickup.consignments[0]).not.toHaveProperty('selected_shipping_option');
      expect(pickup.consignments[0]).not.toHaveProperty('address');
      expect(pickup.consignments[0]).toMatchObject({ selected_pickup_option: { pickup_method_id: AUSTIN_IN_STORE } });
      // The options of the address it shipped to stay on offer: choosing one is the way back.
      expect(pickup.consignments[0].available_shipping_options).toEqual(consignment.available_shipping_options);
      expect(pickup.shipping_cost_total_ex_tax).toBe(0);
      // Taxed where the goods are handed over (the Austin store), as the Austin address without shipping was.
      expect(pickup.tax_total).toBe(created.tax_total);
      expect(pickup.grand_total).toBe(created.grand_total);
      expect(pickup.grand_total).toBeLessThan(shipped.grand_total);

      // Upstream: a shipping option sent to a pickup consignment deselects the pickup option.
      const back = await t.api('PUT', url, { shipping_option_id: courier.id });
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json().data.consignments[0]).toMatchObject({ selected_shipping_option: { id: courier.id, cost: 12 }, address: { city: 'Austin', postal_code: '78701' } });
      expect(back.json().data.consignments[0]).not.toHaveProperty('selected_pickup_option');
      expect(back.json().data.shipping_cost_total_ex_tax).toBe(12);

      // And the other way round; custom shipping goes back to the address too.
      const curbside = (await t.api('PUT', url, { pickup_option: { pickup_method_id: AUSTIN_CURBSIDE } })).json().data;
      expect(curbside.consignments[0]).toMatchObject({ selected_pickup_option: { pickup_method_id: AUSTIN_CURBSIDE } });
      expect(curbside.consignments[0]).not.toHaveProperty('selected_shipping_option');
      const van = (await t.api('PUT', url, { custom_shipping: { price: 5, description: 'Van' } })).json().data;
      expect(van.consignments[0]).toMatchObject({ selected_shipping_option: { id: 'custom', description: 'Van', cost: 5 }, address: { city: 'Austin' } });
      expect(van.consignments[0]).not.toHaveProperty('selected_pickup_option');

      await t.api('PUT', url, { pickup_option: { pickup_method_id: AUSTIN_IN_STORE } });
      const readdressed = (await t.api('PUT', `${url}${INCLUDE}`, { address: PORTLAND, line_items: allOf(cart) })).json().data.consignments[0];
      expect(readdressed).not.toHaveProperty('selected_pickup_option');
      expect(readdressed.address).toMatchObject({ city: 'Portland', country_code: 'US' });
      const flat = readdressed.available_shipping_options.find((o: { description: string }) => o.description === 'Flat Rate');
      const reshipped = (await t.api('PUT', url, { shipping_option_id: flat.id })).json().data;
      expect(reshipped.consignments[0]).toMatchObject({ selected_shipping_option: { id: flat.id, cost: 9.99 } });
    });

    it('refuses a shipping choice on a consignment created for pickup, which has no address to ship to', async () => {
      const cart = await cartOf(['LAMP-ORBIT', 1]);
      const created = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: AUSTIN_IN_STORE } }])).json().data;
      const consignment = created.consignments[0];
      expect(consignment.available_shipping_options).toEqual([]);
      const url = `/v3/checkouts/${cart.id}/consignments/${consignment.id}`;
      const option = await t.api('PUT', url, { shipping_option_id: 'f'.repeat(32) });
      expect(option.statusCode).toBe(422);
      expect(option.json()).toEqual({
        status: 422,
        title: 'This pickup consignment has no address to ship to, so no shipping options: give it an address first.',
        type: ERROR_TYPE,
        errors: { shipping_option_id: 'not one of the available shipping options' },
      });
      const custom = await t.api('PUT', url, { custom_shipping: { price: 5, description: 'Van' } });
      expect(custom.statusCode).toBe(422);
      expect(custom.json().errors).toEqual({ custom_shipping: 'needs an address' });
      expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data.version).toBe(created.version);
    });

    it('drops the pickup selection when the cart outgrows the location\'s stock or the method is deleted', async () => {
      const cart = await cartOf(['LAMP-ORBIT', 2]);
      await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ line_items: allOf(cart), pickup_option: { pickup_method_id: DALLAS_IN_STORE } }]);
      const grown = await t.api('PUT', `/v3/carts/${cart.id}/items/${cart.lines[0]!.id}`, { line_item: { quantity: 6 } });
      expect(grown.statusCode, grown.body).toBe(200);
      const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}${INCLUDE}`)).json().data;
      expect(checkout.consignments[0]).not.toHaveProperty('selected_pickup_option');
      // Created for pickup, it has no address to fall back on, so nothing to ship with either.
      expect(checkout.consignments[0]).not.toHaveProperty('address');
      expect(checkout.consignments[0].available_shipping_options).toEqual([]);

      // One that shipped before pickup goes back to shipping there, with nothing selected.
      const shipped = await cartOf(['LAMP-ORBIT', 2]);
      const consignment = (await t.api('POST', `/v3/checkouts/${shipped.id}/consignments`, [{ address: PORTLAND, line_items: allOf(shipped) }])).json().data.consignments[0];
      await t.api('PUT', `/v3/checkouts/${shipped.id}/consignments/${consignment.id}`, { pickup_option: { pickup_method_id: DALLAS_IN_STORE } });
      await t.api('PUT', `/v3/carts/${shipped.id}/items/${shipped.lines[0]!.id}`, { line_item: { quantity: 6 } });
      const fallen = (await t.api('GET', `/v3/checkouts/${shipped.id}${INCLUDE}`)).json().data.consignments[0];
      expect(fallen).not.toHaveProperty('selected_pickup_option');
      expect(fallen).not.toHaveProperty('selected_shipping_option');
      expect(fallen.address).toMatchObject({ city: 'Portland' });
      // Quoted for its six lamps ($294): past the US zone's free-shipping threshold.
      expect(fallen.available_shipping_options.map((o: { description: string }) => o.description)).toEqual(['Free Shipping']);

      const method = (await t.api('POST', '/v3/pickup/methods', [{ location_id: 1, display_name: 'Temporary' }])).json().data[0] as Method;
      const other = await cartOf(['MUG-STONE', 1]);
      await t.api('POST', `/v3/checkouts/${other.id}/consignments`, [{ line_items: allOf(other), pickup_option: { pickup_method_id: method.id } }]);
      expect((await t.api('DELETE', `/v3/pickup/methods?id:in=${method.id}`)).statusCode).toBe(204);
      const after = (await t.api('GET', `/v3/checkouts/${other.id}`)).json().data;
      expect(after.consignments[0]).not.toHaveProperty('selected_pickup_option');
    });
  });

  describe('access', () => {
    it('lets a read-only token list methods and search options, and nothing else', async () => {
      const token = await t.tokenWith(['store_fulfillment_methods_read_only']);
      expect((await t.api('GET', '/v3/pickup/methods', undefined, { token })).statusCode).toBe(200);
      expect((await t.api('POST', '/v3/pickup/options', near(AUSTIN_POINT, 10, 'KM'), { token })).statusCode).toBe(200);
      for (const [method, body] of [['POST', [{ location_id: 1, display_name: 'x' }]], ['PUT', [{ id: 1, display_name: 'x' }]], ['DELETE', undefined]] as const) {
        const response = await t.api(method, `/v3/pickup/methods${method === 'DELETE' ? '?id:in=1' : ''}`, body, { token });
        expect(response.statusCode, method).toBe(403);
        expect(response.json().title).toContain('store_fulfillment_methods_manage');
      }
      expect((await t.api('GET', '/v3/pickup/methods?id:in=1')).json().data[0].display_name).toBe('In-store pickup, Austin Downtown');
    });

    it('lets the manage scope write, and refuses tokens without a fulfillment scope', async () => {
      const manage = await t.tokenWith(['store_fulfillment_methods_manage']);
      expect((await t.api('PUT', '/v3/pickup/methods', [{ id: 1 }], { token: manage })).statusCode).toBe(200);
      expect((await t.api('GET', '/v3/pickup/methods', undefined, { token: manage })).statusCode).toBe(200);
      const checkoutsOnly = await t.tokenWith(['store_checkout', 'store_cart']);
      expect((await t.api('GET', '/v3/pickup/methods', undefined, { token: checkoutsOnly })).statusCode).toBe(403);
      expect((await t.api('POST', '/v3/pickup/options', near(AUSTIN_POINT, 10, 'KM'), { token: checkoutsOnly })).statusCode).toBe(403);
      expect((await t.api('GET', '/v3/pickup/methods', undefined, { token: null })).statusCode).toBe(401);
    });
  });
});
