import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataPlace, builtCliForFile, makeDataPlace } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { DEMO_HASH, type ServiceProcess, call, startService } from './processes.js';

/**
 * Issue 11, findings 1, 3 and 5, through two real service processes on one database (two on one
 * PostgreSQL schema, two on one SQLite file): every acknowledged configuration field survives
 * whichever process the next partial update goes through; a code is created once however many
 * requests race for it; a create answers from what it wrote, and its Idempotency-Key replays it.
 */
const cli = builtCliForFile();
const PRODUCT = { type: 'physical', price: 10, weight: 1 };

describe.each(STORE_KINDS)('configuration writes through two processes on %s', (kind) => {
  let place: DataPlace;
  let a: ServiceProcess;
  let b: ServiceProcess;
  beforeAll(async () => {
    place = await makeDataPlace(kind);
    // One after the other, so that only the first creates the demo store.
    a = await startService(cli.file, place.env);
    b = await startService(cli.file, place.env);
  });
  /** A product's document as stored (money in cents), read through a handle of the test's own. */
  const storedProduct = async (id: number) => {
    const store = await place.open();
    try {
      const record = await store.findStoreByHash(DEMO_HASH);
      const item = (await store.loadConfig(record!.id)).items.find((i) => i.kind === 'product' && i.id === id);
      return JSON.parse(item!.document) as Record<string, unknown>;
    } finally {
      await store.close();
    }
  };
  afterAll(async () => {
    await a?.kill('SIGTERM');
    await b?.kill('SIGTERM');
    await place.destroy();
  });

  it('sequential partial PUTs alternating between the processes keep every acknowledged field', { timeout: 60_000 }, async () => {
    const created = await call(a.base, 'POST', '/v3/catalog/products', { ...PRODUCT, name: 'Original', sku: 'SEQ-1' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const path = `/v3/catalog/products/${created.body.data.id}`;
    // Past the configuration cache's recheck (1 s), so that both processes know the product.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const rounds = 5;
    let kept = 0;
    for (let round = 1; round <= rounds; round++) {
      // Both processes have read the product (and cached their configuration) just before.
      await call(a.base, 'GET', path);
      await call(b.base, 'GET', path);
      const renamed = await call(a.base, 'PUT', path, { name: `Renamed ${round}` });
      const repriced = await call(b.base, 'PUT', path, { price: 30 + round });
      expect([renamed.status, repriced.status]).toEqual([200, 200]);
      // As stored: another process's read may lag by up to the cache's recheck; a lost write never comes back.
      const stored = await storedProduct(created.body.data.id);
      expect(stored, `round ${round}`).toMatchObject({ name: `Renamed ${round}`, price: (30 + round) * 100 });
      kept++;
    }
    expect(kept).toBe(rounds);
  });

  it('concurrent partial PUTs of one product through both processes keep every field', { timeout: 60_000 }, async () => {
    const created = await call(a.base, 'POST', '/v3/catalog/products', { ...PRODUCT, name: 'Concurrent', sku: 'CONC-1' });
    const path = `/v3/catalog/products/${created.body.data.id}`;
    const changes: Record<string, unknown>[] = [
      { name: 'All kept' },
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
    const answers = await Promise.all(changes.map((body, i) => call((i % 2 ? b : a).base, 'PUT', path, body)));
    expect(answers.map((x) => x.status)).toEqual(changes.map(() => 200));
    for (const service of [a, b]) expect((await call(service.base, 'GET', path)).body.data).toMatchObject(Object.assign({}, ...changes));
  });

  it('10 concurrent coupon creates with one code through both processes: one 201, nine 422', { timeout: 60_000 }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call((i % 2 ? b : a).base, 'POST', '/v2/coupons', { name: `Race ${i}`, code: i % 3 ? 'TWOPROC' : 'twoproc', type: 'per_total_discount', amount: 1 })),
    );
    expect(answers.map((x) => x.status).sort()).toEqual([201, ...Array(9).fill(422)]);
    const listed = (await call(b.base, 'GET', '/v2/coupons')).body as { code: string }[];
    expect(listed.filter((c) => c.code.toLowerCase() === 'twoproc')).toHaveLength(1);
  });

  it('product creates racing other configuration writes all answer 200 from what they wrote, and their keys replay them', { timeout: 90_000 }, async () => {
    const creates = 20;
    const before = ((await call(a.base, 'GET', '/v3/catalog/products?limit=250')).body.data as unknown[]).length;
    const zone = (await call(a.base, 'GET', '/v2/shipping/zones')).body[0];
    const run = `${kind}-${Date.now()}`;
    const answers = await Promise.all([
      ...Array.from({ length: creates }, (_, i) =>
        call((i % 2 ? b : a).base, 'POST', '/v3/catalog/products', { ...PRODUCT, name: `Raced ${i}`, sku: `RACE-${run}-${i}` }, { 'idempotency-key': `create-${run}-${i}` }),
      ),
      ...Array.from({ length: creates }, (_, i) => call((i % 2 ? a : b).base, 'PUT', `/v2/shipping/zones/${zone.id}`, { name: `Zone ${i}` })),
    ]);
    expect(answers.map((x) => x.status)).toEqual(answers.map(() => 200));
    for (let i = 0; i < creates; i++) expect(answers[i]!.body.data).toMatchObject({ name: `Raced ${i}`, sku: `RACE-${run}-${i}` });
    // Each retry, through the other process, replays its create; nothing is created twice.
    for (let i = 0; i < creates; i++) {
      const retry = await call((i % 2 ? a : b).base, 'POST', '/v3/catalog/products', { ...PRODUCT, name: `Raced ${i}`, sku: `RACE-${run}-${i}` }, { 'idempotency-key': `create-${run}-${i}` });
      expect(retry.status).toBe(200);
      expect(retry.headers?.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(answers[i]!.body);
    }
    expect(((await call(b.base, 'GET', '/v3/catalog/products?limit=250')).body.data as unknown[]).length).toBe(before + creates);
  });
});
