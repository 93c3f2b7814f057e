import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { injectUnchecked } from '../helpers/checked-responses.js';
import { STORE_KINDS } from '../helpers/stores.js';

/** A door a store call can be held at until the test opens it. */
class Gate {
  armed = false;
  #entered!: () => void;
  readonly entered = new Promise<void>((resolve) => (this.#entered = resolve));
  #open!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.#open = resolve));
  /** Called by the store wrapper: holds the first call that comes while armed. */
  async pass(): Promise<void> {
    if (!this.armed) return;
    this.armed = false;
    this.#entered();
    await this.opened;
  }
  open(): void {
    this.#open();
  }
}

/**
 * The store with test hooks: configuration writes held at `beforeChange`, configuration loads held
 * (after reading) at `afterLoad`, and a cart's hand-off link made to fail once.
 */
class Hooks {
  beforeChange = new Gate();
  afterLoad = new Gate();
  failHandoff = false;

  wrap = (store: Store): Store =>
    new Proxy(store, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const call = (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
        switch (property) {
          case 'changeConfig':
            return async (...args: unknown[]) => {
              await this.beforeChange.pass();
              return call(...args);
            };
          case 'loadConfig':
          case 'loadConfigChanges':
            return async (...args: unknown[]) => {
              const loaded = await call(...args);
              await this.afterLoad.pass();
              return loaded;
            };
          case 'insertCartHandoff':
            return async (...args: unknown[]) => {
              if (this.failHandoff) {
                this.failHandoff = false;
                throw new Error('the hand-off link could not be saved');
              }
              return call(...args);
            };
          default:
            return call;
        }
      },
    });
}

const PRODUCT = { name: 'Gated', type: 'physical', price: 12, weight: 1 };

describe.each(STORE_KINDS)('configuration writes on %s', (kind) => {
  let t: TestApp;
  let db: Kysely<Database>;
  const hooks = new Hooks();
  beforeAll(async () => {
    t = await createTestApp(kind, {}, hooks.wrap);
    db = (t.testStore.store as unknown as { db: Kysely<Database> }).db;
  });
  afterAll(async () => t.close());

  const count = async (table: 'carts') => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0]!.n);

  it('N concurrent partial PUTs of one product, each of another field, keep every field', async () => {
    const created = await t.api('POST', '/v3/catalog/products', { ...PRODUCT, sku: 'PARTIAL-1' });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().data.id as number;
    const changes: Record<string, unknown>[] = [
      { name: 'Renamed' },
      { price: 31 },
      { sale_price: 29 },
      { weight: 2.5 },
      { width: 3 },
      { height: 4 },
      { depth: 5 },
      { is_free_shipping: true },
      { fixed_cost_shipping_price: 7 },
      { image_url: 'https://example.com/p.png' },
    ];
    const answers = await Promise.all(changes.map((body) => t.api('PUT', `/v3/catalog/products/${id}`, body)));
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
    const stored = (await t.api('GET', `/v3/catalog/products/${id}`)).json().data;
    expect(stored).toMatchObject(Object.assign({}, ...changes));
  });

  it('concurrent partial PUTs of a shipping zone and its method keep every field', async () => {
    const zone = (await t.api('GET', '/v2/shipping/zones')).json()[0];
    const method = (await t.api('GET', `/v2/shipping/zones/${zone.id}/methods`)).json()[0];
    const answers = await Promise.all([
      // Upstream requires `name` on a zone PUT.
      t.api('PUT', `/v2/shipping/zones/${zone.id}`, { name: 'Zone renamed' }),
      t.api('PUT', `/v2/shipping/zones/${zone.id}`, { name: 'Zone renamed', free_shipping: { enabled: true, minimum_sub_total: '75.0000' } }),
      t.api('PUT', `/v2/shipping/zones/${zone.id}`, { name: 'Zone renamed', handling_fees: { fixed_surcharge: '2.2500' } }),
      t.api('PUT', `/v2/shipping/zones/${zone.id}/methods/${method.id}`, { name: 'Method renamed' }),
      t.api('PUT', `/v2/shipping/zones/${zone.id}/methods/${method.id}`, { handling_fees: { fixed_surcharge: '1.5000' } }),
    ]);
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
    const stored = (await t.api('GET', `/v2/shipping/zones/${zone.id}`)).json();
    expect(stored.name).toBe('Zone renamed');
    expect(stored.free_shipping).toMatchObject({ enabled: true, minimum_sub_total: '75.0000' });
    expect(Number(stored.handling_fees.fixed_surcharge)).toBe(2.25);
    const storedMethod = (await t.api('GET', `/v2/shipping/zones/${zone.id}/methods/${method.id}`)).json();
    expect(storedMethod.name).toBe('Method renamed');
    expect(Number(storedMethod.handling_fees.fixed_surcharge)).toBe(1.5);
  });

  it('10 concurrent coupon creates with one code (any case): one 201, nine 422, one coupon', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.api('POST', '/v2/coupons', { name: `Race ${i}`, code: i % 2 ? 'RACE10' : 'race10', type: 'per_total_discount', amount: 1 })),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(422)]);
    for (const refused of answers.filter((a) => a.statusCode === 422)) {
      expect(refused.json()).toEqual([expect.objectContaining({ status: 422, message: expect.stringMatching(/^The coupon code 'race10' is already in use\.$/i) })]);
    }
    const coupons = (await t.api('GET', '/v2/coupons')).json() as { code: string }[];
    expect(coupons.filter((c) => c.code.toLowerCase() === 'race10')).toHaveLength(1);
  });

  it('10 concurrent product creates with one SKU: one 200, nine 409, one product', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => t.api('POST', '/v3/catalog/products', { ...PRODUCT, name: `Same SKU ${i}`, sku: 'ONE-SKU' })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, ...Array(9).fill(409)]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) expect(refused.json().errors).toEqual({ sku: 'already in use' });
    const products = (await t.api('GET', '/v3/catalog/products?limit=250')).json().data as { sku: string }[];
    expect(products.filter((p) => p.sku === 'ONE-SKU')).toHaveLength(1);
  });

  it('the database itself refuses a second claim of a SKU or a coupon code', async () => {
    const storeId = (await t.app.consign.accounts.findStore(t.hash))!.id;
    const claim = (value: string, ownerId: number) =>
      sql`INSERT INTO config_unique_keys (store_id, name, value, owner_kind, owner_id) VALUES (${storeId}, 'sku', ${value}, 'product', ${ownerId})`.execute(db);
    await claim('DIRECT-1', 9001);
    await expect(claim('DIRECT-1', 9002)).rejects.toThrow(/unique|UNIQUE|duplicate/);
    // The fixture's coupon codes were claimed when the store was seeded, lower-cased.
    const codes = await sql<{ value: string }>`SELECT value FROM config_unique_keys WHERE store_id = ${storeId} AND name = 'coupon_code' ORDER BY value`.execute(db);
    expect(codes.rows.map((r) => r.value)).toEqual(expect.arrayContaining(['save10', 'freeship']));
  });

  it('a product created while an older configuration load is in flight answers from what it wrote, not 500', async () => {
    await t.api('GET', '/v3/catalog/products/1');
    // The create reads its configuration, then is held before its transaction.
    hooks.beforeChange = new Gate();
    hooks.beforeChange.armed = true;
    const creating = t.api('POST', '/v3/catalog/products', { ...PRODUCT, name: 'Raced', sku: 'RACED-1' });
    await hooks.beforeChange.entered;
    // Another write commits, and a read starts loading that configuration; the load is held.
    expect((await t.api('POST', '/v3/tax/classes', { name: 'Raced class' })).statusCode).toBe(200);
    hooks.afterLoad = new Gate();
    hooks.afterLoad.armed = true;
    const reading = t.api('GET', '/v3/catalog/products/1');
    await hooks.afterLoad.entered;
    // The create commits; the load that began before it finishes only afterwards.
    hooks.beforeChange.open();
    setTimeout(() => hooks.afterLoad.open(), 200);
    const created = await creating;
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().data).toMatchObject({ name: 'Raced', sku: 'RACED-1' });
    expect((await reading).statusCode).toBe(200);
    const id = created.json().data.id;
    expect((await t.api('GET', `/v3/catalog/products/${id}`)).json().data.name).toBe('Raced');
  });

  it('a request whose write committed keeps its Idempotency-Key even when its answer fails: a retry does not do it again', async () => {
    const key = `committed-${kind}-${Date.now()}`;
    // The cart is saved, then its hand-off link (include=redirect_urls) fails: a 500 after a commit.
    const body = { line_items: [{ product_id: 1, quantity: 1 }] };
    const path = '/v3/carts?include=redirect_urls';
    const before = await count('carts');
    hooks.failHandoff = true;
    const send = () =>
      injectUnchecked(t.app, { method: 'POST', url: `/stores/${t.hash}${path}`, payload: body, headers: { 'x-auth-token': t.token, 'idempotency-key': key } });
    const first = await send();
    expect(first.statusCode).toBe(500);
    expect(await count('carts')).toBe(before + 1);
    const retry = await send();
    expect(retry.statusCode).toBe(500);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await count('carts')).toBe(before + 1);
  });
});
