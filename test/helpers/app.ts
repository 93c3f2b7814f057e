import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { fileURLToPath } from 'node:url';
import { type AppOptions, buildApp } from '../../src/api/app.js';
import { markDemoStore } from '../../src/api/demo/index.js';
import { readFixture, seed } from '../../src/api/seed.js';
import { ALL_SCOPES } from '../../src/domain/scopes.js';
import type { Store } from '../../src/store/store.js';
import { checkResponses } from './checked-responses.js';
import { type StoreKind, type TestStore, openTestStore } from './stores.js';

export const DEMO_FIXTURE = fileURLToPath(new URL('../../fixtures/demo-store.json', import.meta.url));

export interface TestApp {
  readonly app: FastifyInstance;
  readonly testStore: TestStore;
  /** The demo store, seeded from the fixture and marked as the demo (it serves /demo). */
  readonly hash: string;
  /** A token with every scope for the demo store. */
  readonly token: string;
  tokenWith(scopes: string[], hash?: string): Promise<string>;
  /** A request to the management API of the demo store, with the full token unless one is given. */
  api(method: string, path: string, body?: unknown, options?: { token?: string | null; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * An app over a fresh store of `kind`, with the demo fixture seeded and a full-scope token. `wrap`
 * puts something between the app and the store (a test that delays or fails a store call).
 */
export async function createTestApp(kind: StoreKind, options: Omit<AppOptions, 'store'> = {}, wrap: (store: Store) => Store = (store) => store): Promise<TestApp> {
  const testStore = await openTestStore(kind);
  const app = checkResponses(await buildApp({ ...options, store: wrap(testStore.store) }));
  const fixture = await readFixture(DEMO_FIXTURE);
  const record = await seed(app.consign, fixture);
  await markDemoStore(app.consign, record);
  const token = await app.consign.accounts.createToken(record.id, ALL_SCOPES);
  const tokenWith = async (scopes: string[], hash = record.hash) => {
    const store = await app.consign.accounts.findStore(hash);
    return app.consign.accounts.createToken(store!.id, scopes);
  };
  return {
    app,
    testStore,
    hash: record.hash,
    token,
    tokenWith,
    api(method, path, body, options = {}) {
      const auth = options.token === undefined ? token : options.token;
      return app.inject({
        method: method as 'GET',
        url: path.startsWith('/stores/') ? path : `/stores/${record.hash}${path}`,
        headers: {
          ...(auth === null ? {} : { 'x-auth-token': auth }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          accept: 'application/json',
          ...options.headers,
        },
        ...(body === undefined ? {} : { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
      });
    },
    async close() {
      await app.close();
      await testStore.destroy();
    },
  };
}

/** The product and variant ids of a store's catalog, by variant SKU. */
export async function catalogVariants(t: TestApp): Promise<Map<string, { productId: number; variantId: number }>> {
  const products = (await t.api('GET', '/v3/catalog/products?limit=250')).json().data as { id: number; variants: { id: number; sku: string }[] }[];
  return new Map(products.flatMap((p) => p.variants.map((v) => [v.sku, { productId: p.id, variantId: v.id }] as const)));
}
