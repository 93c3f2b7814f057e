/**
 * Everything Consign keeps, behind one interface with two implementations (SQLite in a file, the
 * embedded default, and PostgreSQL). Documents are JSON the services own; the store only knows
 * ids, versions, owners and expiry, and guarantees the conditional writes that stop lost updates.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;

  /**
   * Runs `work` against this store bound to one transaction: everything written through the store
   * it is given commits together, or (when it throws) nothing does. Only that store may be used
   * inside `work`; on SQLite the outer one waits for the transaction to end.
   */
  atomically<T>(work: (store: Store) => Promise<T>): Promise<T>;

  createStore(store: NewStoreRecord): Promise<StoreRecord>;
  findStoreByHash(hash: string): Promise<StoreRecord | undefined>;
  listStores(): Promise<StoreRecord[]>;

  createApiAccount(account: NewApiAccount): Promise<ApiAccountRecord>;
  findApiAccountByTokenHash(tokenHash: string): Promise<ApiAccountRecord | undefined>;

  /** The store's configuration version: it increases with every configuration change. */
  configVersion(storeId: number): Promise<number>;
  /** All configuration documents of a store, with the version they were read at. */
  loadConfig(storeId: number): Promise<{ version: number; items: ConfigItem[] }>;
  /**
   * Applies configuration changes (the store's settings among them) atomically and bumps the
   * configuration version once, first: that locks the store, so one store's changes happen one at
   * a time and a check made inside `change` still holds when it commits.
   */
  changeConfig(storeId: number, change: (tx: ConfigWriter) => Promise<void>): Promise<void>;

  /**
   * A live (unexpired) cart and the store's current configuration version, in one read. When the
   * stored version is `knownVersion` (the caller holds that version already), the document is not
   * read at all and comes back null: a version is written once, so its document cannot differ.
   */
  findCart(storeId: number, id: string, now: number, knownVersion?: number): Promise<FoundCart | undefined>;
  insertCart(cart: CartRecord): Promise<void>;
  /**
   * Writes `cart` only if the stored version is still `expectedVersion`; false when it was not.
   * An `order` given with it is inserted in the same transaction, or not at all.
   */
  updateCart(cart: CartRecord, expectedVersion: number, order?: OrderRecord): Promise<boolean>;
  /** Deletes only if the stored version is still `expectedVersion`; false when it was not. */
  deleteCart(storeId: number, id: string, expectedVersion: number): Promise<boolean>;
  /** The next order id of a store (ids are never reused; a failed placement leaves a gap). */
  nextOrderId(storeId: number): Promise<number>;
  findOrder(storeId: number, id: number): Promise<OrderRecord | undefined>;

  /** Drops every cart of a store (and their sessions); returns how many. */
  deleteCarts(storeId: number): Promise<number>;

  /** Makes `cartId` the cart of a browser session in a store (one cart per session and store). */
  bindSessionCart(session: SessionCartRecord): Promise<void>;
  /**
   * A live browser session of a store and until when it lives, if it exists there; with the cart
   * it holds while that cart is live (not deleted, not expired), else no cart.
   */
  findSessionCart(tokenHash: string, storeId: number, now: number): Promise<{ cartId: string | undefined; expiresAt: number } | undefined>;
  /** Moves a session's expiry, and nothing else. */
  extendSession(tokenHash: string, storeId: number, expiresAt: number): Promise<void>;
  /** Records a single-use hand-off token (redirect_urls) for a cart. */
  insertCartHandoff(handoff: SessionCartRecord): Promise<void>;
  /** Consumes a live hand-off token for this store and cart: true once, and never again. */
  takeCartHandoff(tokenHash: string, storeId: number, cartId: string, now: number): Promise<boolean>;

  /**
   * Claims an idempotency key for a request: inserts a pending row (or takes over an expired one)
   * and returns undefined; when a live row holds the key, returns it instead and changes nothing.
   */
  claimIdempotencyKey(claim: IdempotencyClaim, now: number): Promise<IdempotencyRecord | undefined>;
  /** Saves the response of a claimed key, which then lives until `expiresAt`. */
  completeIdempotencyKey(id: IdempotencyId, requestHash: string, response: IdempotentResponse, expiresAt: number): Promise<void>;
  /** Gives up a pending claim (the request failed), so that a retry runs it afresh. */
  releaseIdempotencyKey(id: IdempotencyId, requestHash: string): Promise<void>;
  /** Drops expired idempotency keys; returns how many. */
  deleteExpiredIdempotencyKeys(now: number): Promise<number>;
  /** Drops a store's idempotency keys whose scope contains one of `fragments` (a route); returns how many. */
  deleteIdempotencyKeys(storeId: number, fragments: readonly string[]): Promise<number>;

  // Carrier rates
  /** A carrier's answer to a rate request, while it has not expired. */
  findCarrierQuote(storeId: number, requestKey: string, now: number): Promise<string | undefined>;
  /** Records a carrier's answer until `expiresAt`, replacing an older one, and drops the store's expired answers. */
  saveCarrierQuote(storeId: number, requestKey: string, document: string, expiresAt: number, now: number): Promise<void>;
}

/** An idempotency key in its scope: a store, a credential and a route. */
export interface IdempotencyId {
  readonly storeId: number;
  readonly scope: string;
  readonly key: string;
}

export interface IdempotencyClaim extends IdempotencyId {
  /** A hash of what the request asked for (URL and body). */
  readonly requestHash: string;
  /** Until when the pending claim holds the key if the request never completes. */
  readonly expiresAt: number;
}

export interface IdempotentResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
  /** Headers that are part of the answer, not of the moment (a new session's Set-Cookie). */
  readonly headers: readonly (readonly [string, string])[];
}

export interface IdempotencyRecord {
  readonly requestHash: string;
  /** Undefined while the first request is still in flight. */
  readonly response: IdempotentResponse | undefined;
}

/** A (hashed) token that names a cart: a browser session's, or a hand-off's. */
export interface SessionCartRecord {
  readonly tokenHash: string;
  readonly storeId: number;
  readonly cartId: string;
  readonly expiresAt: number;
}

export interface NewStoreRecord {
  readonly hash: string;
  readonly name: string;
  /** JSON of the store's settings. */
  readonly settings: string;
}

export interface StoreRecord extends NewStoreRecord {
  readonly id: number;
}

export interface NewApiAccount {
  readonly storeId: number;
  readonly name: string;
  readonly tokenHash: string;
  readonly scopes: readonly string[];
}

export interface ApiAccountRecord extends NewApiAccount {
  readonly id: number;
}

export interface ConfigItem {
  readonly id: number;
  readonly kind: string;
  readonly parentKind: string | null;
  readonly parentId: number | null;
  /** JSON. */
  readonly document: string;
}

/** Changes to a store's configuration inside one transaction. Ids are allocated per store and kind. */
export interface ConfigWriter {
  insert(kind: string, parent: ConfigParent | null, document: string): Promise<number>;
  update(kind: string, id: number, document: string): Promise<boolean>;
  /** Deletes the items and their children; returns how many of `ids` existed. */
  delete(kind: string, ids: readonly number[]): Promise<number>;
  /** Items of a kind, optionally only the children of one parent item. */
  list(kind: string, parent?: ConfigParent): Promise<ConfigItem[]>;
  /** The store's settings (JSON). */
  settings(): Promise<string>;
  replaceSettings(settings: string): Promise<void>;
  /**
   * Every other store. Transactions that read them take turns, so that a check across stores (a
   * storefront host is one store's only) still holds when the change commits.
   */
  otherStores(): Promise<StoreRecord[]>;
}

export interface ConfigParent {
  readonly kind: string;
  readonly id: number;
}

export interface OrderRecord {
  readonly id: number;
  readonly storeId: number;
  readonly checkoutId: string;
  /** JSON of the order snapshot. */
  readonly document: string;
  readonly createdAt: string;
}

export interface CartRecord {
  readonly id: string;
  readonly storeId: number;
  readonly version: number;
  /** JSON of the checkout aggregate. */
  readonly document: string;
  readonly expiresAt: number;
}

/** A cart as `findCart` reads it. */
export interface FoundCart extends Omit<CartRecord, 'document'> {
  /** Null when the caller already holds this version. */
  readonly document: string | null;
  /** The store's configuration version at the time of the read. */
  readonly configVersion: number;
}
