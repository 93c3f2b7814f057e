import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { KNOWN_SCOPES } from '../domain/scopes.js';
import { DEFAULT_SETTINGS, type StoreSettings } from '../domain/store-settings.js';
import type { ApiAccountRecord, Store, StoreRecord } from '../store/store.js';
import { claimStorefrontHosts } from './storefront-host-claims.js';

/** Tokens are kept only as SHA-256 hashes; the token itself is shown once, when created. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random token, in the shape of upstream's: 31 lower-case letters and digits. */
export function newToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(31), (b) => alphabet[b % alphabet.length]).join('');
}

/** A new store hash, in the shape of upstream's: 10 lower-case letters and digits. */
export function newStoreHash(): string {
  return newToken().slice(0, 10);
}

export const STORE_HASH = /^[a-z0-9]{1,32}$/;

/** The shortest token accepted when one is given (CONSIGN_DEMO_TOKEN); generated ones have 31 characters. */
export const MIN_TOKEN_LENGTH = 16;

export class AccountService {
  readonly #accounts = new Map<string, ApiAccountRecord | null>();
  readonly #stores = new Map<string, StoreRecord>();

  constructor(private readonly store: Store) {}

  async createStore(options: { hash?: string; settings?: Partial<StoreSettings> } = {}): Promise<StoreRecord> {
    const hash = options.hash ?? newStoreHash();
    if (!STORE_HASH.test(hash)) throw new Error(`a store hash is 1 to 32 lower-case letters and digits, not "${hash}"`);
    if (await this.store.findStoreByHash(hash)) throw new Error(`a store with hash "${hash}" already exists`);
    const settings = { ...DEFAULT_SETTINGS, ...options.settings };
    if (settings.storefrontHosts.length === 0) return this.store.createStore({ hash, name: settings.name, settings: JSON.stringify(settings) });
    // Its hosts are claimed with it, or the store is not made (storefront-host-claims.ts).
    return this.store.atomically(async (store) => {
      const record = await store.createStore({ hash, name: settings.name, settings: JSON.stringify({ ...settings, storefrontHosts: [] }) });
      let stored = record.settings;
      await store.changeConfig(record.id, async (tx) => {
        stored = JSON.stringify({ ...settings, storefrontHosts: await claimStorefrontHosts(tx, record, settings.storefrontHosts) });
        await tx.replaceSettings(stored);
      });
      return { ...record, settings: stored };
    });
  }

  async findStore(hash: string): Promise<StoreRecord | undefined> {
    // A hash no store can have is not looked up: PostgreSQL refuses some strings (a NUL byte)
    // outright, and the answer must be the same "no such store" whatever was sent.
    if (!STORE_HASH.test(hash)) return undefined;
    const cached = this.#stores.get(hash);
    if (cached) return cached;
    const found = await this.store.findStoreByHash(hash);
    if (found) this.#stores.set(hash, found);
    return found;
  }

  /** Creates an API account and returns its token: the only time the token is ever seen. */
  async createToken(storeId: number, scopes: readonly string[], options: { token?: string; name?: string } = {}): Promise<string> {
    const unknown = scopes.filter((s) => !KNOWN_SCOPES.includes(s));
    if (unknown.length > 0) throw new Error(`unknown scope(s): ${unknown.join(', ')}; known: ${KNOWN_SCOPES.join(', ')}`);
    if (scopes.length === 0) throw new Error('an API account needs at least one scope');
    const token = options.token ?? newToken();
    if (token.length < MIN_TOKEN_LENGTH) throw new Error(`a token must be at least ${MIN_TOKEN_LENGTH} characters long`);
    await this.store.createApiAccount({ storeId, name: options.name ?? 'API account', tokenHash: hashToken(token), scopes });
    // The token may have been tried (and remembered as unknown) a moment ago: it is known now.
    this.#accounts.delete(hashToken(token));
    return token;
  }

  /** The API account a token belongs to, or undefined. Unknown tokens are remembered too, briefly. */
  async authenticate(token: string): Promise<ApiAccountRecord | undefined> {
    const tokenHash = hashToken(token);
    let account = this.#accounts.get(tokenHash);
    if (account === undefined) {
      account = (await this.store.findApiAccountByTokenHash(tokenHash)) ?? null;
      if (account || this.#accounts.size < 10_000) this.#accounts.set(tokenHash, account);
      if (!account) setTimeout(() => this.#accounts.delete(tokenHash), 5_000).unref();
    }
    // The lookup was by hash; comparing the hashes again in constant time keeps the check itself
    // free of timing differences whatever the database's index does.
    if (!account || !timingSafeEqual(Buffer.from(account.tokenHash), Buffer.from(tokenHash))) return undefined;
    return account;
  }
}
