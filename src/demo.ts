import { type Consign, createConsign } from './api/app.js';
import { markDemoStore } from './api/demo/index.js';
import { readFixture, seedInto } from './api/seed.js';
import { ALL_SCOPES } from './domain/scopes.js';
import type { ServiceConfig } from './config.js';
import { MIN_TOKEN_LENGTH, STORE_HASH, hashToken } from './services/accounts.js';
import type { StoreRecord } from './store/store.js';

export interface DemoStore {
  readonly hash: string;
  /** Set when a token was created now or fixed by CONSIGN_DEMO_TOKEN (it cannot be shown again later). */
  readonly token?: string;
}

/**
 * On first start (no store at all) the demo store is created from the fixture, with a token
 * holding every scope. CONSIGN_DEMO_STORE_HASH and CONSIGN_DEMO_TOKEN fix both, so that scripts
 * know them in advance; when they are set, they are made to exist on every start.
 *
 * Everything is checked before anything is written, and the store, its configuration and its
 * token are created in one transaction: a start that fails leaves nothing behind, so the next
 * start is a first start again. Credentials that cannot work are refused, never printed: a fixed
 * token that belongs to another store stops the start with a message saying so.
 */
export async function ensureDemoStore(consign: Consign, config: ServiceConfig): Promise<DemoStore | undefined> {
  const { demoStoreHash: wanted, demoToken: token } = config;
  if (wanted !== undefined && !STORE_HASH.test(wanted)) {
    throw new Error(`CONSIGN_DEMO_STORE_HASH must be 1 to 32 lower-case letters and digits, not "${wanted}"`);
  }
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) throw new Error(`CONSIGN_DEMO_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long`);

  const stores = await consign.store.listStores();
  const owner = token === undefined ? undefined : await consign.store.findApiAccountByTokenHash(hashToken(token));
  const ownerStore = owner && stores.find((s) => s.id === owner.storeId);
  const existing = wanted !== undefined ? stores.find((s) => s.hash === wanted) : ownerStore;
  if (ownerStore && ownerStore !== existing) {
    throw new Error(
      `CONSIGN_DEMO_TOKEN is already the token of store "${ownerStore.hash}", so it cannot be the token of demo store "${wanted}". ` +
        `Set another token, or CONSIGN_DEMO_STORE_HASH=${ownerStore.hash}.`,
    );
  }
  if (existing) return withToken(consign, existing, token, owner !== undefined);
  if (wanted === undefined && stores.length > 0) {
    if (token === undefined) return undefined;
    throw new Error('CONSIGN_DEMO_TOKEN is set, but no store has it and the database already has stores: set CONSIGN_DEMO_STORE_HASH to name the store it is for.');
  }

  const fixture = await readFixture(config.demoFixture);
  try {
    return await consign.store.atomically(async (store) => {
      const inside = createConsign(store);
      const record = await seedInto(inside, fixture, undefined, wanted);
      // Only the demo store serves /demo (and its order route): marked where it is made or named.
      await markDemoStore(inside, record);
      return { hash: record.hash, token: await inside.accounts.createToken(record.id, ALL_SCOPES, { ...(token ? { token } : {}), name: 'demo' }) };
    });
  } catch (error) {
    // Another process sharing the database may have created the same demo store a moment ago.
    const created = wanted === undefined ? undefined : await consign.store.findStoreByHash(wanted);
    if (!created) throw error;
    return withToken(consign, created, token, token !== undefined && (await consign.store.findApiAccountByTokenHash(hashToken(token))) !== undefined);
  }
}

/** The demo store as it exists, with the fixed token made to exist too. */
async function withToken(consign: Consign, store: StoreRecord, token: string | undefined, tokenExists: boolean): Promise<DemoStore> {
  await markDemoStore(consign, store);
  if (token === undefined) return { hash: store.hash };
  if (!tokenExists) await consign.accounts.createToken(store.id, ALL_SCOPES, { token, name: 'demo' });
  return { hash: store.hash, token };
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
