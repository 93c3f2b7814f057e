import { isDefaultStoreHost } from '../domain/default-store-hosts.js';
import { normaliseHost, normaliseOrigin, parseSettings } from '../domain/store-settings.js';
import type { Store, StoreRecord } from '../store/store.js';

/** How long the host table is trusted before the stores are listed again. */
const RECHECK_MS = 1000;

interface Directory {
  readonly byHost: ReadonlyMap<string, StoreRecord>;
  readonly byHash: ReadonlyMap<string, StoreRecord>;
  /** `{name}.localhost` names found to be no store's hash since this table was read. */
  readonly misses: Set<string>;
  readonly fallback: StoreRecord | undefined;
  readonly origins: ReadonlyMap<number, readonly string[]>;
}

/** Every store answers at `{store_hash}.localhost`, which browsers and curl resolve to loopback. */
const OWN_HOST = /^([a-z0-9]{1,32})\.localhost$/;

/** The host name a store answers at with no setup. */
export function ownHost(hash: string): string {
  return `${hash}.localhost`;
}

/**
 * Which store a storefront request belongs to, by the Host header's name (the port aside):
 *
 * 1. a store that claims the name (`storefront_hosts`, one store's only; the service's own names,
 *    `localhost` and IP addresses, only the default store's);
 * 2. else the store whose hash the name `{store_hash}.localhost` spells, at once for a new store;
 * 3. else the default store, the first store created (the demo store on a fresh install), so
 *    that the storefront works at the service's own origin with no setup.
 *
 * See docs/storefront.md.
 */
export class StorefrontDirectory {
  #directory: { value: Directory; loadedAt: number } | undefined;
  #loading: Promise<Directory> | undefined;

  constructor(private readonly store: Store) {}

  /** The store answering for a `Host` header (port ignored), or undefined when there is no store. */
  async storeFor(host: string | undefined): Promise<StoreRecord | undefined> {
    const directory = await this.#current();
    const name = normaliseHost((host ?? '').replace(/:\d+$/, ''));
    const claimed = directory.byHost.get(name);
    if (claimed) return claimed;
    const own = OWN_HOST.exec(name)?.[1];
    return (own === undefined ? undefined : (directory.byHash.get(own) ?? (await this.#newStore(directory, own)))) ?? directory.fallback;
  }

  /** The cross-origin storefront origins a store allows (lower case, no trailing slash). */
  async allowedOrigins(store: StoreRecord): Promise<readonly string[]> {
    return (await this.#current()).origins.get(store.id) ?? [];
  }

  /** Forgets what was read, so the next request sees a change at once. */
  invalidate(): void {
    this.#directory = undefined;
  }

  /**
   * A store made since the table was read (perhaps by another process) answers at its own host at
   * once. A name no store has (`app.localhost`) is looked up once per reading of the table.
   */
  async #newStore(directory: Directory, hash: string): Promise<StoreRecord | undefined> {
    if (directory.misses.has(hash)) return undefined;
    const found = await this.store.findStoreByHash(hash);
    if (found) this.invalidate();
    else directory.misses.add(hash);
    return found;
  }

  async #current(): Promise<Directory> {
    const cached = this.#directory;
    if (cached && Date.now() - cached.loadedAt < RECHECK_MS) return cached.value;
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #load(): Promise<Directory> {
    const stores = await this.store.listStores();
    const hosts = await this.store.listStorefrontHosts();
    const byId = new Map(stores.map((s) => [s.id, s]));
    const fallback = stores[0];
    const byHost = new Map<string, StoreRecord>();
    // The hosts table is the one record of who owns a host (storefront-host-claims.ts). The
    // service's own names are the default store's, whatever an older database let another claim.
    for (const { host, storeId } of hosts) {
      const owner = byId.get(storeId);
      if (owner && (owner === fallback || !isDefaultStoreHost(host))) byHost.set(host, owner);
    }
    const origins = new Map(stores.map((record) => [record.id, parseSettings(record.settings).storefrontOrigins.map(normaliseOrigin)]));
    const value = { byHost, byHash: new Map(stores.map((s) => [s.hash, s])), misses: new Set<string>(), fallback, origins };
    this.#directory = { value, loadedAt: Date.now() };
    return value;
  }
}
