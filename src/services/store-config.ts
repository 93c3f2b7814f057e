import { type StoreSettings, parseSettings } from '../domain/store-settings.js';
import type { ConfigWriter, Store, StoreRecord } from '../store/store.js';
import { markCommitted } from './commit-witness.js';
import { ConfigDocuments, type StoreConfig } from './config-documents.js';

export { ConfigKind, type StoreConfig, buildStoreConfig } from './config-documents.js';

/** How long a cached configuration is trusted before its version is checked again. */
const RECHECK_MS = 1000;
/** Thrown inside a configuration transaction to roll it back when the change found nothing to change. */
const NOTHING_CHANGED = Symbol('nothing changed');

interface Entry {
  readonly documents: ConfigDocuments;
  config: StoreConfig;
  checkedAt: number;
}

/**
 * Per-store configuration served from memory. A change made through this process is seen by every
 * later read here (the cache is at least as new as the last version this process wrote); a change
 * made by another process (several processes sharing a database) is noticed through the
 * configuration version, which every cart read returns for free and which is otherwise re-checked
 * at most once a second. Either way the cache reads only what changed since its version.
 */
export class ConfigCache {
  readonly #entries = new Map<number, Entry>();
  readonly #loading = new Map<number, Promise<StoreConfig>>();
  /** The newest configuration version this process has committed, per store. */
  readonly #written = new Map<number, number>();

  constructor(private readonly store: Store) {}

  /** The store's configuration, at least as new as `minVersion` when given and as every change made here. */
  async get(record: StoreRecord, minVersion?: number): Promise<StoreConfig> {
    const entry = this.#entries.get(record.id);
    const floor = Math.max(minVersion ?? 0, this.#written.get(record.id) ?? 0);
    const now = Date.now();
    if (entry && entry.config.version >= floor) {
      if (minVersion !== undefined || now - entry.checkedAt < RECHECK_MS) return entry.config;
      const stored = await this.store.configVersion(record.id);
      if (stored === entry.config.version) {
        entry.checkedAt = now;
        return entry.config;
      }
      return this.#refresh(record, stored);
    }
    return this.#refresh(record, floor);
  }

  /**
   * The configuration as committed now: every change acknowledged by any process before this call
   * is in it (one version read). For a write that records events but reads no cart (a customer, a
   * payment): a hook created just before in another process must hear of it.
   */
  async current(record: StoreRecord): Promise<StoreConfig> {
    return this.get(record, await this.store.configVersion(record.id));
  }

  /**
   * Changes the store's settings (a configuration change like any other): `change` gets the
   * settings as stored, inside the configuration transaction. So two writers changing different
   * settings (tax and storefront hosts, say) never lose either change, and a check `change` makes
   * against the configuration (a tax class exists) still holds when the settings are written.
   * Returns the settings written.
   */
  async updateSettings(record: StoreRecord, change: (settings: StoreSettings, tx: ConfigWriter) => StoreSettings | Promise<StoreSettings>): Promise<StoreSettings> {
    let next: StoreSettings | undefined;
    await this.change(record, async (tx) => {
      next = await change(parseSettings(await tx.settings()), tx);
      await tx.replaceSettings(JSON.stringify(next));
    });
    return next!;
  }

  /** Adds one top-level configuration document; returns its id. */
  async insert(record: StoreRecord, kind: string, document: object): Promise<number> {
    let id = 0;
    await this.change(record, async (tx) => {
      id = await tx.insert(kind, null, JSON.stringify(document));
    });
    return id;
  }

  /** Replaces one configuration document; false when there is none with that id. */
  async update(record: StoreRecord, kind: string, id: number, document: object): Promise<boolean> {
    // Nothing to replace rolls the transaction back, so that a 404 leaves config_version alone.
    return (await this.#changeUnlessNone(record, async (tx) => tx.update(kind, id, JSON.stringify(document)))) === true;
  }

  /** Deletes configuration documents (and their children); returns how many existed. */
  async remove(record: StoreRecord, kind: string, ids: readonly number[]): Promise<number> {
    return Number(await this.#changeUnlessNone(record, async (tx) => tx.delete(kind, ids)));
  }

  /** Runs `change` in a configuration transaction, rolled back when it found nothing (false or 0). */
  async #changeUnlessNone<T extends boolean | number>(record: StoreRecord, change: (tx: ConfigWriter) => Promise<T>): Promise<T | false> {
    let result: T | false = false;
    try {
      await this.change(record, async (tx) => {
        result = await change(tx);
        if (!result) throw NOTHING_CHANGED;
      });
    } catch (error) {
      if (error !== NOTHING_CHANGED) throw error;
    }
    return result;
  }

  /**
   * Applies a configuration change in one transaction; returns the version it committed. Every
   * later read through this cache sees it. `change` must read what it builds on through `tx` (as
   * stored, inside the transaction), never from a cached configuration, or it could write back
   * what another change replaced in the meantime.
   */
  async change(record: StoreRecord, change: (tx: ConfigWriter) => Promise<void>): Promise<number> {
    let version = 0;
    try {
      await this.store.changeConfig(record.id, async (tx) => {
        version = tx.version;
        await change(tx);
      });
    } catch (error) {
      // Whether it committed is unknown when the database failed mid-commit: check on the next read.
      const entry = this.#entries.get(record.id);
      if (entry) entry.checkedAt = -Infinity;
      throw error;
    }
    this.#written.set(record.id, Math.max(version, this.#written.get(record.id) ?? 0));
    markCommitted();
    return version;
  }

  /** Brings the cached configuration up to at least `floor`, one load per store at a time. */
  async #refresh(record: StoreRecord, floor: number): Promise<StoreConfig> {
    for (;;) {
      const pending = this.#loading.get(record.id);
      const config = await (pending ?? this.#load(record));
      // A load that began before the version wanted was committed: load again.
      if (config.version >= floor || !pending) return config;
    }
  }

  #load(record: StoreRecord): Promise<StoreConfig> {
    const loading = (async () => {
      try {
        const entry = this.#entries.get(record.id);
        const changes = await this.store.loadConfigChanges(record.id, entry?.config.version);
        if (entry && changes.version <= entry.config.version) {
          entry.checkedAt = Date.now();
          return entry.config;
        }
        const documents = entry?.documents ?? new ConfigDocuments();
        documents.apply(changes);
        const config = documents.build(changes.store, changes.version);
        this.#entries.set(record.id, { documents, config, checkedAt: Date.now() });
        return config;
      } finally {
        this.#loading.delete(record.id);
      }
    })();
    this.#loading.set(record.id, loading);
    return loading;
  }
}
