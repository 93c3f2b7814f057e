import { parseSettings } from '../domain/store-settings.js';
import type { Store, StoreRecord } from '../store/store.js';

/** How long the host table is trusted before the stores are listed again. */
const RECHECK_MS = 1000;

interface Directory {
  readonly byHost: ReadonlyMap<string, StoreRecord>;
  readonly byHash: ReadonlyMap<string, StoreRecord>;
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
 * 1. a store that claims the name in its `storefrontHosts` setting;
 * 2. else the store whose hash the name `{store_hash}.localhost` spells;
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
    const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
    const own = OWN_HOST.exec(name)?.[1];
    return directory.byHost.get(name) ?? (own === undefined ? undefined : directory.byHash.get(own)) ?? directory.fallback;
  }

  /** The cross-origin storefront origins a store allows (lower case, no trailing slash). */
  async allowedOrigins(store: StoreRecord): Promise<readonly string[]> {
    return (await this.#current()).origins.get(store.id) ?? [];
  }

  /** Forgets what was read, so the next request sees a change at once. */
  invalidate(): void {
    this.#directory = undefined;
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
    const byHost = new Map<string, StoreRecord>();
    const origins = new Map<number, readonly string[]>();
    for (const record of stores) {
      const settings = parseSettings(record.settings);
      for (const host of settings.storefrontHosts) if (!byHost.has(host.toLowerCase())) byHost.set(host.toLowerCase(), record);
      origins.set(record.id, settings.storefrontOrigins.map((o) => o.toLowerCase().replace(/\/$/, '')));
    }
    const value = { byHost, byHash: new Map(stores.map((s) => [s.hash, s])), fallback: stores[0], origins };
    this.#directory = { value, loadedAt: Date.now() };
    return value;
  }
}
