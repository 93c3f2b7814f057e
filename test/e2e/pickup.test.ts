import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, catalogVariants, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

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
  let variants: Map<string, { productId: number; variantId: number }>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    variants = await catalogVariants(t);
  });
  afterAll(async () => t.close());

  const variant = (sku: string) => variants.get(sku)!.variantId;
  const search = (body: unknown) => t.api('POST', '/v3/pickup/options', body);
  const near = (point: { latitude: number; longitude: number }, value: number, unit: 'KM' | 'MI', items: { variant_id: number; quantity: number }[] = []) =>
    ({ search_area: { radius: { value, unit }, coordinates: point }, items });
  const optionIds = (body: { results: { pickup_options: Option[] }[] }) => body.results.flatMap((r) => r.pickup_options.map((o) => o.pickup_method.id));


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
