import type { Consign } from './api/app.js';
import { markDemoStore } from './api/demo/index.js';
import { readFixture, seed } from './api/seed.js';
import { ALL_SCOPES } from './domain/scopes.js';
import type { ServiceConfig } from './config.js';

export interface DemoStore {
  readonly hash: string;
  /** Set when a token was created now (it cannot be shown again later). */
  readonly token?: string;
}

/**
 * On first start (no store at all) the demo store is created from the fixture, with a token
 * holding every scope. CONSIGN_DEMO_STORE_HASH and CONSIGN_DEMO_TOKEN fix both, so that scripts
 * know them in advance; when they are set, they are made to exist on every start.
 */
export async function ensureDemoStore(consign: Consign, config: ServiceConfig): Promise<DemoStore | undefined> {
  const stores = await consign.store.listStores();
  const wanted = config.demoStoreHash;
  let store = wanted ? stores.find((s) => s.hash === wanted) : undefined;
  let created = false;
  if (!store && (stores.length === 0 || wanted)) {
    store = await seed(consign, await readFixture(config.demoFixture), undefined, wanted);
    created = true;
  }
  if (!store) return undefined;
  // Only the demo store serves /demo (and its order route): marked here, where it is made or named.
  await markDemoStore(consign, store);
  if (config.demoToken) {
    if (!(await consign.accounts.authenticate(config.demoToken))) {
      await consign.accounts.createToken(store.id, ALL_SCOPES, { token: config.demoToken, name: 'demo' });
    }
    return { hash: store.hash, token: config.demoToken };
  }
  if (!created) return { hash: store.hash };
  return { hash: store.hash, token: await consign.accounts.createToken(store.id, ALL_SCOPES, { name: 'demo' }) };
}

export function demoBanner(baseUrl: string, demo: DemoStore, firstProductId: number): string {
  const token = demo.token ?? '<your token>';
  return [
    '',
    `Consign is running at ${baseUrl}`,
    `  Demo checkout:   ${baseUrl}/demo   (BigCommerce's checkout SDK against this service)`,
    `  API reference:   ${baseUrl}/docs`,
    `  Demo store hash: ${demo.hash}`,
    demo.token
      ? `  Demo API token:  ${demo.token}  (every scope; shown now only, unless CONSIGN_DEMO_TOKEN set it)`
      : '  Demo API token:  shown on first start only; make another with: npx consign token create --store ' + demo.hash + ' --scopes all',
    '',
    'Create a cart:',
    `  curl -s -X POST ${baseUrl}/stores/${demo.hash}/v3/carts \\`,
    `    -H 'X-Auth-Token: ${token}' -H 'Content-Type: application/json' -H 'Accept: application/json' \\`,
    `    -d '{"line_items":[{"product_id":${firstProductId},"quantity":2}]}'`,
    '',
  ].join('\n');
}
