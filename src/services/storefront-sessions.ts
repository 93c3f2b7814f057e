import { createHash, randomBytes } from 'node:crypto';
import type { Store, StoreRecord } from '../store/store.js';
import { CART_TTL_MS } from './checkout-service.js';

/** Upstream: "A Carts redirect URL is valid for 30 days and may only be used once." */
export const HANDOFF_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Shoppers' browser sessions: a random token in an HttpOnly cookie names the session, and the
 * session holds one cart per store. Tokens are stored only as SHA-256 hashes, as API tokens are.
 * The CSRF token is derived from the session token (a one-way hash), so it needs no storage and
 * cannot be forged by anyone who does not hold the session cookie.
 */
export class StorefrontSessions {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session token: 32 random bytes, URL-safe. */
  newToken(): string {
    return randomBytes(32).toString('base64url');
  }

  /** The X-XSRF-TOKEN value that goes with a session token. */
  csrfToken(sessionToken: string): string {
    return digest(`xsrf:${sessionToken}`);
  }

  /** The cart the session holds in a store, if any. */
  async cartOf(sessionToken: string, store: StoreRecord): Promise<string | undefined> {
    return this.store.findSessionCart(digest(sessionToken), store.id, this.now());
  }

  /** Makes `cartId` the session's cart in the store, replacing any other. */
  async bind(sessionToken: string, store: StoreRecord, cartId: string): Promise<void> {
    await this.store.bindSessionCart({ tokenHash: digest(sessionToken), storeId: store.id, cartId, expiresAt: this.now() + CART_TTL_MS });
  }

  /** A single-use token that, opened in a browser, binds the cart to that browser's session. */
  async createHandoff(store: StoreRecord, cartId: string): Promise<string> {
    const token = this.newToken();
    await this.store.insertCartHandoff({ tokenHash: digest(token), storeId: store.id, cartId, expiresAt: this.now() + HANDOFF_TTL_MS });
    return token;
  }

  /** Consumes a hand-off token: its store and cart once, then never again. */
  async takeHandoff(token: string): Promise<{ storeId: number; cartId: string } | undefined> {
    return this.store.takeCartHandoff(digest(token), this.now());
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
