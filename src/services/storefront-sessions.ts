import { createHash } from 'node:crypto';
import type { SessionBinding, SessionCartRecord, Store, StoreRecord } from '../store/store.js';
import { CART_TTL_MS, type SeenCart, type UnconfirmedSession } from './checkout-service.js';
import { randomText } from './random-text.js';

/** Upstream: "A Carts redirect URL is valid for 30 days and may only be used once." */
export const HANDOFF_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** A session lives as long as a cart does after its last change: 30 days after its last use. */
export const SESSION_TTL_MS = CART_TTL_MS;

/** A session in use is extended at most once a day, so that reading a cart rarely writes. */
export const SESSION_EXTEND_EVERY_MS = 24 * 60 * 60 * 1000;

/** A browser session of one store, as its cookie names it. */
export interface Session {
  readonly token: string;
  /** The session's cart while it is live; none once it was deleted or expired. */
  readonly cartId: string | undefined;
  /** That cart as the session's read found it (so that reading the cart again can be skipped). */
  readonly seen: SeenCart | undefined;
  /** True when this use extended the session, so its cookie should be sent again. */
  readonly extended: boolean;
  /** The customer the session is signed in as (docs/customers.md). */
  readonly customerId: number | undefined;
  /**
   * False when the session is this process's memory of it (`recall`), which no read in this
   * request confirmed: another process may have ended it since.
   */
  readonly confirmed: boolean;
}

/** A session as this process last read or made it (`recall`). */
interface Held {
  readonly storeId: number;
  readonly cartId: string | undefined;
  readonly customerId: number | undefined;
  readonly expiresAt: number;
}

/**
 * Shoppers' browser sessions: a random token in an HttpOnly cookie names the session, and the
 * session holds one cart per store. Only tokens this service issued and still holds are
 * sessions: an unknown cookie (one a page or an attacker chose) is no session at all. Tokens are
 * stored only as SHA-256 hashes, as API tokens are. The CSRF token is derived from the session
 * token (a one-way hash), so it needs no storage and cannot be forged by anyone who does not hold
 * the session cookie.
 */
export class StorefrontSessions {
  /**
   * Sessions by token, as this process last read or made them. What a token holds never changes
   * (a new cart or a sign-in takes a new token); only its expiry moves, the session can end, and
   * deleting its customer signs it out (so a remembered `customerId` may name a deleted customer).
   * Emptied when full, as the digests are.
   */
  readonly #held = new Map<string, Held>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session token: 32 random bytes, URL-safe. */
  newToken(): string {
    return randomText(32, 'base64url');
  }

  /** The X-XSRF-TOKEN value that goes with a session token. */
  csrfToken(sessionToken: string): string {
    const digests = keptFor(sessionToken);
    return (digests.csrf ??= digest(`xsrf:${sessionToken}`));
  }

  /**
   * The live session a token names in a store, or undefined for a token this service never
   * issued there (or one that expired). A session in use lives on: it is extended to 30 days
   * from now once a day has passed since it was last extended.
   */
  async resume(token: string, store: StoreRecord): Promise<Session | undefined> {
    if (token === '') return undefined;
    const now = this.now();
    const found = await this.#find(token, store, now);
    if (!found) return undefined;
    const extended = dueForExtension(found.expiresAt, now);
    if (extended) {
      await this.store.extendSession(sessionDigest(token), store.id, now + SESSION_TTL_MS);
      this.#hold(token, { storeId: store.id, cartId: found.cartId, customerId: found.customerId, expiresAt: now + SESSION_TTL_MS });
    }
    const seen = found.cartId === undefined || found.cartVersion === undefined ? undefined : { id: found.cartId, version: found.cartVersion, configVersion: found.configVersion };
    return { token, cartId: found.cartId, seen, extended, customerId: found.customerId, confirmed: true };
  }

  /**
   * The session a token names in a store as this process last read or made it, without a read:
   * only while it holds a cart and is not due to be extended (then `resume` reads it). Not
   * confirmed: a write for it must check that it still holds the cart (`unconfirmed`).
   */
  recall(token: string, store: StoreRecord): Session | undefined {
    const held = this.#held.get(token);
    if (!held || held.storeId !== store.id || held.cartId === undefined || dueForExtension(held.expiresAt, this.now())) return undefined;
    return { token, cartId: held.cartId, seen: undefined, extended: false, customerId: held.customerId, confirmed: false };
  }

  /** What a write for a recalled session checks of it, and how a read confirms it (`CheckoutService.mutate`). */
  unconfirmed(token: string, store: StoreRecord): UnconfirmedSession {
    return { tokenHash: sessionDigest(token), confirm: async () => (await this.#find(token, store, this.now()))?.cartId };
  }

  /** The session's read, which `recall` then answers from. */
  async #find(token: string, store: StoreRecord, now: number) {
    const found = await this.store.findSessionCart(sessionDigest(token), store.id, now);
    if (found) this.#hold(token, { storeId: store.id, cartId: found.cartId, customerId: found.customerId, expiresAt: found.expiresAt });
    else this.#held.delete(token);
    return found;
  }

  #hold(token: string, held: Held): void {
    if (this.#held.size >= KEPT_MAX && !this.#held.has(token)) this.#held.clear();
    this.#held.set(token, held);
  }

  /**
   * Makes `cartId` the session's cart in the store, replacing any other, for 30 days; signed in as
   * `customerId` when given (a signed-in shopper stays signed in on the new session).
   */
  async bind(sessionToken: string, store: StoreRecord, cartId: string, customerId?: number): Promise<void> {
    const session = this.#record(sessionToken, store, cartId, customerId);
    if (customerId === undefined) await this.store.bindSessionCart(session);
    else await this.store.bindSessionCustomer(session, customerId);
  }

  /**
   * What `bind` writes for a new session token, for a new cart's insert to write with the cart
   * (`CheckoutService.create`): the same session, signed in as `customerId` or signed out.
   */
  binding(sessionToken: string, store: StoreRecord, cartId: string, customerId?: number): SessionBinding {
    return { ...this.#record(sessionToken, store, cartId, customerId), customerId: customerId ?? null };
  }

  /** What the database holds for session `token` holding `cartId` in `store`: 30 days from now; held as made. */
  #record(token: string, store: StoreRecord, cartId: string, customerId: number | null | undefined): SessionCartRecord {
    const expiresAt = this.now() + SESSION_TTL_MS;
    this.#hold(token, { storeId: store.id, cartId: cartId === '' ? undefined : cartId, customerId: customerId ?? undefined, expiresAt });
    return { tokenHash: sessionDigest(token), storeId: store.id, cartId, expiresAt };
  }

  /**
   * Starts a session signed in as `customerId` (or signed out, with null), holding `cartId` if
   * given, under a new token: a sign-in never keeps a token anyone knew before (session fixation).
   */
  async start(store: StoreRecord, cartId: string | undefined, customerId: number | null): Promise<string> {
    const token = this.newToken();
    await this.store.bindSessionCustomer(this.#record(token, store, cartId ?? '', customerId), customerId);
    return token;
  }

  /** Ends a session: its token names nothing from now on. */
  async end(sessionToken: string, store: StoreRecord): Promise<void> {
    this.#held.delete(sessionToken);
    await this.store.deleteSession(digest(sessionToken), store.id);
  }

  /** A single-use token that, opened in a browser, binds the cart to that browser's session. */
  async createHandoff(store: StoreRecord, cartId: string): Promise<string> {
    const token = this.newToken();
    await this.store.insertCartHandoff({ tokenHash: digest(token), storeId: store.id, cartId, expiresAt: this.now() + HANDOFF_TTL_MS });
    return token;
  }

  /**
   * Consumes a hand-off token, if it is a live one for this store and cart: true once, then never
   * again. A link opened at another store's host, or with another cart id, spends nothing.
   */
  async takeHandoff(token: string, store: StoreRecord, cartId: string): Promise<boolean> {
    return this.store.takeCartHandoff(digest(token), store.id, cartId, this.now());
  }
}

/** A session used more than a day after its last extension is extended (`resume`); one past its expiry too. */
function dueForExtension(expiresAt: number, now: number): boolean {
  return expiresAt <= now + SESSION_TTL_MS - SESSION_EXTEND_EVERY_MS;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * Digests of session tokens in use, by token: the token's own (its stored form) and its CSRF
 * token's. A browser sends the same session token with every request, and each request needs both
 * (the look-up, the CSRF check): two SHA-256s cost more than the rest of the session's own work. A
 * digest never changes, so a kept one cannot go stale in any process; the map is emptied when
 * full, which costs a hash per token and nothing else. Hand-off tokens are used once and are not kept.
 */
interface Digests {
  token?: string;
  csrf?: string;
}
const kept = new Map<string, Digests>();
const KEPT_MAX = 10_000;

function keptFor(token: string): Digests {
  let digests = kept.get(token);
  if (digests === undefined) {
    if (kept.size >= KEPT_MAX) kept.clear();
    kept.set(token, (digests = {}));
  }
  return digests;
}

function sessionDigest(token: string): string {
  const digests = keptFor(token);
  return (digests.token ??= digest(token));
}
