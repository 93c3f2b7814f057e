import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { ALL_SCOPES } from '../../src/domain/scopes.js';
import type { ProductInput } from '../../src/services/catalog-service.js';
import type { ConfigWriter, Store } from '../../src/store/store.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

/**
 * Issue 11, finding 6: a configuration write costs what it changes, not the size of the catalog.
 * Counted, not timed (timing on a shared machine is noise): how many configuration documents a
 * product update and the reads after it take out of the database, on a store of 3,300 products,
 * in the process that wrote and in another process on the same database. Timings are printed for
 * docs/reliability.md: one product update (PUT, then a GET that sees it) on the big store and on the
 * demo store (13 products), in one run, and their ratio.
 */
const PRODUCTS = 3_300;
const UPDATES = 20;

/** Counts the configuration documents a store hands out (loads, and reads inside a configuration write). */
class DocumentCounter {
  read = 0;
  wrap = (store: Store): Store =>
    new Proxy(store, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const call = (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
        if (property === 'loadConfig' || property === 'loadConfigChanges') {
          return async (...args: unknown[]) => {
            const loaded = (await call(...args)) as { items: readonly unknown[] };
            this.read += loaded.items.length;
            return loaded;
          };
        }
        if (property === 'changeConfig') {
          return (storeId: number, change: (tx: ConfigWriter) => Promise<void>) => call(storeId, (tx: ConfigWriter) => change(this.#counting(tx)));
        }
        return call;
      },
    });

  #counting(tx: ConfigWriter): ConfigWriter {
    return new Proxy(tx, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property === 'list') {
          return async (...args: unknown[]) => {
            const items = (await (value as (...a: unknown[]) => Promise<unknown[]>).apply(target, args)) as unknown[];
            this.read += items.length;
            return items;
          };
        }
        if (property === 'find') {
          return async (...args: unknown[]) => {
            const item = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (item) this.read += 1;
            return item;
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

function product(i: number): ProductInput {
  return {
    name: `Catalog product ${i}`,
    sku: `BIG-${i}`,
    type: 'physical',
    price: 1000 + i,
    salePrice: 0,
    weight: 1,
    width: 0,
    height: 0,
    depth: 0,
    isFreeShipping: false,
    fixedCostShippingPrice: 0,
    taxClassId: 0,
    url: '',
    imageUrl: '',
    variants: [{ sku: `BIG-${i}-V`, price: null, salePrice: null, weight: null, optionValues: [] }],
  };
}

describe.each(STORE_KINDS)('the cost of a configuration write on %s', (kind) => {
  const counter = new DocumentCounter();
  const otherCounter = new DocumentCounter();
  let t: TestApp;
  let other: Awaited<ReturnType<typeof buildApp>>;
  let otherStore: Store;
  let bigToken: string;
  beforeAll(async () => {
    t = await createTestApp(kind, {}, counter.wrap);
    const big = await t.app.consign.accounts.createStore({ hash: 'bigcatalog' });
    for (let start = 0; start < PRODUCTS; start += 550) {
      await t.app.consign.catalog.create(big, Array.from({ length: 550 }, (_, i) => product(start + i)));
    }
    bigToken = await t.app.consign.accounts.createToken(big.id, ALL_SCOPES);
    // Another process on the same database: its own handle, its own cache.
    otherStore = await t.testStore.reopen();
    other = await buildApp({ store: otherCounter.wrap(otherStore) });
  }, 300_000);
  afterAll(async () => {
    await other?.close();
    await otherStore?.close();
    await t?.close();
  });

  const request = (app: TestApp['app'], method: 'GET' | 'PUT', path: string, token: string, body?: unknown) =>
    app.inject({ method, url: path, headers: { 'x-auth-token': token, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });

  /** UPDATES price changes of one product, each followed by a read that must see it; ms per update. */
  const updates = async (hash: string, token: string, id: number) => {
    const path = `/stores/${hash}/v3/catalog/products/${id}`;
    const started = performance.now();
    for (let i = 1; i <= UPDATES; i++) {
      const put = await request(t.app, 'PUT', path, token, { price: 50 + i });
      expect(put.statusCode, put.body).toBe(200);
      const got = await request(t.app, 'GET', path, token);
      expect(got.json().data.price).toBe(50 + i);
    }
    return (performance.now() - started) / UPDATES;
  };

  it(`a product update on a ${PRODUCTS.toLocaleString('en')}-product store reads a handful of documents, and costs about what it costs on a small one`, { timeout: 300_000 }, async () => {
    // Warm both stores' caches (the first load reads everything, once).
    expect((await request(t.app, 'GET', '/stores/bigcatalog/v3/catalog/products/1', bigToken)).statusCode).toBe(200);
    expect((await t.api('GET', '/v3/catalog/products/1')).statusCode).toBe(200);

    counter.read = 0;
    const bigMs = await updates('bigcatalog', bigToken, 1_000);
    const readPerUpdate = counter.read / UPDATES;
    const smallMs = await updates(t.hash, t.token, 1);
    console.log(
      `[${kind}] product update + read: ${bigMs.toFixed(2)} ms on ${PRODUCTS} products, ${smallMs.toFixed(2)} ms on 13; ratio ${(bigMs / smallMs).toFixed(2)}; ${readPerUpdate} documents read per update`,
    );
    // The product and its variant in the write, and what changed in the reload: nothing near the catalog's 6,600.
    expect(readPerUpdate).toBeLessThanOrEqual(6);
  });

  it('another process on the same database catches up on a write by reading only what changed', { timeout: 120_000 }, async () => {
    const otherToken = bigToken;
    const path = '/stores/bigcatalog/v3/catalog/products/2000';
    expect((await request(other, 'GET', path, otherToken)).statusCode).toBe(200);
    for (let i = 1; i <= 5; i++) {
      expect((await request(t.app, 'PUT', path, bigToken, { name: `Renamed elsewhere ${i}` })).statusCode).toBe(200);
      otherCounter.read = 0;
      // Past the other process's recheck of the configuration version.
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      const seen = await request(other, 'GET', path, otherToken);
      expect(seen.json().data.name).toBe(`Renamed elsewhere ${i}`);
      expect(otherCounter.read).toBeLessThanOrEqual(2);
    }
  });
});
