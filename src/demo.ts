import { type Consign, createConsign } from './api/app.js';
import { markDemoStore } from './api/demo/index.js';
import { readFixture, seedInto } from './api/seed.js';
import { ALL_SCOPES } from './domain/scopes.js';
import { parseSettings } from './domain/store-settings.js';
import type { ServiceConfig } from './config.js';
import { MIN_TOKEN_LENGTH, STORE_HASH, hashToken } from './services/accounts.js';
import type { StoreRecord } from './store/store.js';

export interface DemoStore {
  readonly hash: string;
  /** Set when a token was created now or fixed by CONSIGN_DEMO_TOKEN (it cannot be shown again later). */
  readonly token?: string;
  /** The scopes of that token, as its account holds them. */
  readonly scopes?: readonly string[];
}

const isDemo = (record: StoreRecord) => parseSettings(record.settings).demo;

/**
 * On first start (no store at all) the demo store is created from the fixture, with a token
 * holding every scope. CONSIGN_DEMO_STORE_HASH and CONSIGN_DEMO_TOKEN fix both, so that scripts
 * know them in advance; when they are set, they are made to exist on every start. Later starts
 * without them find the demo store made before (the banner names it on every start).
 *
 * Everything is checked before anything is written, and the store, its configuration and its
 * token are created in one transaction: a start that fails leaves nothing behind, so the next
 * start is a first start again. Credentials that cannot work are refused, never printed: a fixed
 * token that belongs to another store (any store but the demo store, when no hash is fixed) stops
 * the start with a message naming that store.
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
  if (ownerStore && wanted === undefined && !isDemo(ownerStore)) {
    throw new Error(
      `CONSIGN_DEMO_TOKEN is the token of store "${ownerStore.hash}", which is not the demo store. ` +
        `Set another token, or CONSIGN_DEMO_STORE_HASH=${ownerStore.hash} to make that store the demo store.`,
    );
  }
  const existing = wanted !== undefined ? stores.find((s) => s.hash === wanted) : (ownerStore ?? (token === undefined ? stores.find(isDemo) : undefined));
  if (ownerStore && ownerStore !== existing) {
    throw new Error(
      `CONSIGN_DEMO_TOKEN is already the token of store "${ownerStore.hash}", so it cannot be the token of demo store "${wanted}". ` +
        `Set another token, or CONSIGN_DEMO_STORE_HASH=${ownerStore.hash}.`,
    );
  }
  if (existing) return withToken(consign, existing, token, owner?.scopes);
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
      const created = await inside.accounts.createToken(record.id, ALL_SCOPES, { ...(token ? { token } : {}), name: 'demo' });
      return { hash: record.hash, token: created, scopes: ALL_SCOPES };
    });
  } catch (error) {
    // Another process sharing the database may have created the same demo store a moment ago.
    const created = wanted === undefined ? undefined : await consign.store.findStoreByHash(wanted);
    if (!created) throw error;
    const account = token === undefined ? undefined : await consign.store.findApiAccountByTokenHash(hashToken(token));
    return withToken(consign, created, token, account?.scopes);
  }
}

/** The demo store as it exists, with the fixed token made to exist too (`scopes`: its account's, when it exists). */
async function withToken(consign: Consign, store: StoreRecord, token: string | undefined, scopes: readonly string[] | undefined): Promise<DemoStore> {
  await markDemoStore(consign, store);
  if (token === undefined) return { hash: store.hash };
  if (!scopes) await consign.accounts.createToken(store.id, ALL_SCOPES, { token, name: 'demo' });
  return { hash: store.hash, token, scopes: scopes ?? ALL_SCOPES };
}

/** What the banner says about the demo store: the store, and where its demo page answers. */
export interface DemoBannerStore extends DemoStore {
  /** The demo page's URL: at the service's own address when that address serves the demo store, else at `{hash}.localhost`. */
  readonly pageUrl: string;
  readonly firstProductId: number;
}

/**
 * Printed on every start: the links, the demo store, and how to get a token. The token itself is
 * printed only when this start created it, or CONSIGN_DEMO_TOKEN fixed it; otherwise the banner
 * says how to make one.
 */
export function startBanner(baseUrl: string, demo: DemoBannerStore | undefined): string {
  const lines = [
    '',
    `Consign is running at ${baseUrl}`,
    `  Start here:      ${baseUrl}/   (links to everything)`,
    `  API reference:   ${baseUrl}/docs`,
    `  Health:          ${baseUrl}/health`,
  ];
  if (!demo) {
    lines.push(
      '  No demo store in this database. Make a token for one of its stores with:',
      '    npx consign token create --store HASH --scopes all',
      '',
    );
    return lines.join('\n');
  }
  const every = demo.scopes !== undefined && ALL_SCOPES.every((scope) => demo.scopes!.includes(scope));
  const scopes = every ? 'every scope' : `scopes: ${(demo.scopes ?? []).join(', ')}`;
  lines.push(
    `  Demo checkout:   ${demo.pageUrl}   (BigCommerce's checkout SDK against the demo store)`,
    `  Demo store hash: ${demo.hash}`,
    demo.token
      ? `  Demo API token:  ${demo.token}  (${scopes}; not shown again unless CONSIGN_DEMO_TOKEN sets it)`
      : `  Demo API token:  shown only on the start that created it; make another with:\n    npx consign token create --store ${demo.hash} --scopes all`,
    '',
    'Create a cart:',
    `  curl -s -X POST ${baseUrl}/stores/${demo.hash}/v3/carts \\`,
    `    -H 'X-Auth-Token: ${demo.token ?? '<your token>'}' -H 'Content-Type: application/json' -H 'Accept: application/json' \\`,
    `    -d '{"line_items":[{"product_id":${demo.firstProductId},"quantity":2}]}'`,
    '',
  );
  return lines.join('\n');
}
