import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { KNOWN_SCOPES } from '../domain/scopes.js';
import { checkExpiry } from '../domain/token-expiry.js';
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

/** An API account with its token, as made: the only time the token is ever seen. */
export interface CreatedApiAccount {
  readonly account: ApiAccountRecord;
  readonly token: string;
}

export interface NewTokenOptions {
  /** A token chosen by the caller (CONSIGN_DEMO_TOKEN); a new random one otherwise. */
  readonly token?: string;
  readonly name?: string;
  /** Epoch milliseconds after which the token is refused; never when absent. */
  readonly expiresAt?: number;
}

/**
 * How long a process keeps a token it found before reading it again: the longest a token revoked
 * through another process (or the CLI) is still accepted here (docs/api.md). One read per token
 * per second instead of one per request: on PostgreSQL that read was a round trip of every request.
 */
export const TOKEN_RECHECK_MS = 1_000;
const MAX_KEPT_TOKENS = 10_000;

export class AccountService {
  /** Tokens found to belong to no account, remembered briefly (see `authenticate`). */
  readonly #unknown = new Map<string, null>();
  /** Accounts found by token hash, with when they were read (see `authenticate`). */
  readonly #found = new Map<string, { readonly account: ApiAccountRecord; readonly readAt: number }>();
  /** Bumped by every revocation here, so that a lookup that began before one keeps nothing. */
  #revocations = 0;
  readonly #stores = new Map<string, StoreRecord>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

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

  /** Every store, oldest first. */
  async listStores(): Promise<StoreRecord[]> {
    return this.store.listStores();
  }

  /** Creates an API account and returns its token: the only time the token is ever seen. */
  async createToken(storeId: number, scopes: readonly string[], options: NewTokenOptions = {}): Promise<string> {
    return (await this.createApiAccount(storeId, scopes, options)).token;
  }

  /** Creates an API account; the token comes back with it, and is never seen again. */
  async createApiAccount(storeId: number, scopes: readonly string[], options: NewTokenOptions = {}): Promise<CreatedApiAccount> {
    const unknown = scopes.filter((s) => !KNOWN_SCOPES.includes(s));
    if (unknown.length > 0) throw new Error(`unknown scope(s): ${unknown.join(', ')}; known: ${KNOWN_SCOPES.join(', ')}`);
    if (scopes.length === 0) throw new Error('an API account needs at least one scope');
    const token = options.token ?? newToken();
    if (token.length < MIN_TOKEN_LENGTH) throw new Error(`a token must be at least ${MIN_TOKEN_LENGTH} characters long`);
    const now = this.now();
    const expiresAt = options.expiresAt === undefined ? null : checkExpiry(options.expiresAt, now);
    const account = await this.store.createApiAccount({
      storeId,
      name: options.name ?? 'API account',
      tokenHash: hashToken(token),
      scopes: [...new Set(scopes)],
      createdAt: new Date(now).toISOString(),
      expiresAt,
    });
    // The token may have been tried (and remembered as unknown) a moment ago: it is known now.
    this.#unknown.delete(account.tokenHash);
    return { account, token };
  }

  /** A store's API accounts, oldest first, expired ones included; never their tokens. */
  async listApiAccounts(storeId: number): Promise<ApiAccountRecord[]> {
    return this.store.listApiAccounts(storeId);
  }

  /**
   * Revokes (deletes) one of a store's API accounts: its token is refused from now on by this
   * process, and by every other within TOKEN_RECHECK_MS.
   */
  async revokeApiAccount(storeId: number, id: number): Promise<boolean> {
    this.#revocations++;
    const deleted = await this.store.deleteApiAccount(storeId, id);
    this.#revocations++;
    for (const [hash, { account }] of this.#found) if (account.storeId === storeId && account.id === id) this.#found.delete(hash);
    return deleted;
  }

  /**
   * The live API account a token belongs to, or undefined: none, revoked, or expired. A found
   * account is kept for TOKEN_RECHECK_MS, then read again, so that a token revoked through
   * another process is refused here within that time (at once when revoked through this one);
   * its expiry is checked on every call. Unknown tokens are remembered briefly.
   */
  async authenticate(token: string): Promise<ApiAccountRecord | undefined> {
    const tokenHash = hashToken(token);
    const now = this.now();
    const kept = this.#found.get(tokenHash);
    if (kept && now - kept.readAt < TOKEN_RECHECK_MS) return live(kept.account, now);
    if (this.#unknown.has(tokenHash)) return undefined;
    const revocations = this.#revocations;
    const account = await this.store.findApiAccountByTokenHash(tokenHash);
    if (!account) {
      this.#found.delete(tokenHash);
      if (this.#unknown.size < 10_000) {
        this.#unknown.set(tokenHash, null);
        setTimeout(() => this.#unknown.delete(tokenHash), 5_000).unref();
      }
      return undefined;
    }
    // The lookup was by hash; comparing the hashes again in constant time keeps the check itself
    // free of timing differences whatever the database's index does.
    if (!timingSafeEqual(Buffer.from(account.tokenHash), Buffer.from(tokenHash))) return undefined;
    if (revocations === this.#revocations) {
      if (this.#found.size >= MAX_KEPT_TOKENS) this.#found.clear();
      this.#found.set(tokenHash, { account, readAt: now });
    }
    return live(account, this.now());
  }
}

/** The account unless it has expired by `now`. */
function live(account: ApiAccountRecord, now: number): ApiAccountRecord | undefined {
  return account.expiresAt !== null && account.expiresAt <= now ? undefined : account;
}
