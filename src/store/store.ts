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
   * When it is later, only the parts written after `knownVersion` are read where that can be told
   * (`FoundCart.partsAfter`). Each write records its version on the parts it stores.
   */
  findCart(storeId: number, id: string, now: number, knownVersion?: number): Promise<FoundCart | undefined>;
  /**
   * Inserts a cart built from the store's configuration at `configVersion`, if that is still the
   * store's configuration version: false, and nothing written, when a change came in between.
   * `deliveries` (the webhook outbox) and `session` (a browser session made to hold the new cart,
   * as `bindSessionCustomer` makes it) commit with it, or nothing does.
   */
  insertCart(cart: CartRecord, configVersion: number, deliveries?: readonly NewWebhookDelivery[], session?: SessionBinding): Promise<boolean>;
  /**
   * Writes `cart` only if the stored version is still `expectedVersion`; false when it was not.
   * An `order` and `deliveries` given with it are inserted in the same transaction, or not at all.
   * With `guard`, also only while the cart is live and the store's configuration at its version.
   */
  updateCart(cart: CartRecord, expectedVersion: number, order?: OrderRecord, deliveries?: readonly NewWebhookDelivery[], guard?: CartWriteGuard): Promise<boolean>;
  /** Deletes only if the stored version is still `expectedVersion`; false when it was not. `deliveries` commit with it. */
  deleteCart(storeId: number, id: string, expectedVersion: number, deliveries?: readonly NewWebhookDelivery[]): Promise<boolean>;
  /** The next order id of a store (ids are never reused; a failed placement leaves a gap). */
  nextOrderId(storeId: number): Promise<number>;
  findOrder(storeId: number, id: number): Promise<OrderRecord | undefined>;

  /** Drops every cart of a store (and their sessions); returns how many. */
  deleteCarts(storeId: number): Promise<number>;
  /** A store's live carts, the most recently changed first (the latest change sets the expiry), at most `limit`. */
  listRecentCarts(storeId: number, now: number, limit: number): Promise<RecentCart[]>;

  /** Makes `cartId` the cart of a browser session in a store (one cart per session and store). */
  bindSessionCart(session: SessionCartRecord): Promise<void>;
  /**
   * A live browser session of a store and until when it lives, if it exists there; with the cart
   * it holds while that cart is live (not deleted, not expired), else no cart, and that cart's
   * version; the store's configuration version, read with them; and the customer it is signed in
   * as, if any.
   */
  findSessionCart(
    tokenHash: string,
    storeId: number,
    now: number,
  ): Promise<{ cartId: string | undefined; cartVersion: number | undefined; configVersion: number; expiresAt: number; customerId: number | undefined } | undefined>;
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
  /**
   * Deletes up to `limit` carts that expired at or before `now` (with their parts), and as many
   * expired storefront sessions and cart hand-offs; returns how many carts.
   */
  deleteExpiredCarts(now: number, limit: number): Promise<number>;
  /** Drops expired idempotency keys; returns how many. */
  deleteExpiredIdempotencyKeys(now: number): Promise<number>;
  /** Drops a store's idempotency keys whose scope contains one of `fragments` (a route); returns how many. */
  deleteIdempotencyKeys(storeId: number, fragments: readonly string[]): Promise<number>;

  // Storefront host ownership
  /** Every claimed storefront host and the store that owns it (`ConfigWriter.claimStorefrontHosts`). */
  listStorefrontHosts(): Promise<StorefrontHostRecord[]>;

  // Configuration writes: incremental loads.
  /**
   * What a cache at `sinceVersion` lacks, read at one moment: the store's record and configuration
   * version, the items written after `sinceVersion` and those deleted after it. Without
   * `sinceVersion`, every item (and no deletions): a first load.
   */
  loadConfigChanges(storeId: number, sinceVersion?: number): Promise<ConfigChanges>;

  // API accounts that can be listed, revoked and expire.
  /** A store's API accounts, oldest first, expired ones included. */
  listApiAccounts(storeId: number): Promise<ApiAccountRecord[]>;
  /** Deletes one of a store's API accounts; false when the store has no such account. */
  deleteApiAccount(storeId: number, id: number): Promise<boolean>;

  // Rate limits shared by every process.
  /**
   * Counts one request in each window of `counted`, if each of them has room and each window of
   * `checked` has room too; otherwise counts nothing. Atomic between processes: no two requests
   * are both let through on the last place of a window. Windows are fixed: one starts with the
   * first request counted in it and lasts `windowMs`.
   */
  countRateLimitWindows(counted: readonly RateWindowRequest[], checked: readonly RateWindowRequest[], now: number): Promise<RateWindowCounts>;
  /** Drops windows that ended before `now`; returns how many. */
  deleteEndedRateLimitWindows(now: number): Promise<number>;

  // Payments

  /**
   * Replaces an order's document only if its stored version is still `expectedVersion` (and
   * makes it the next version); false when it was not, or there is no such order. So two
   * payments of one order never both succeed.
   */
  updateOrder(storeId: number, id: number, document: string, expectedVersion: number, deliveries?: readonly NewWebhookDelivery[]): Promise<boolean>;

  // Customers (docs/customers.md)

  /**
   * Inserts a customer with the next id of its store; undefined, and nothing written, when the
   * store already has a customer with this `emailKey`.
   */
  insertCustomer(storeId: number, customer: StoredCustomer): Promise<number | undefined>;
  /**
   * Changes a customer: `change` gets the stored row, locked until the transaction ends (so that
   * no concurrent change is lost), and returns what to write (the password hash only when given).
   * 'missing' when it does not exist; 'taken' when another customer of the store has the email,
   * and then the caller must end the transaction by throwing (on PostgreSQL it can go no further).
   */
  updateCustomer(storeId: number, id: number, change: (current: CustomerRow) => StoredCustomer): Promise<{ written: StoredCustomer } | 'missing' | 'taken'>;
  /** A page of a store's customers by id, filtered by ids and email keys, and how many match. */
  listCustomers(storeId: number, filter: CustomerFilter, page: Page): Promise<{ rows: CustomerRow[]; total: number }>;
  /** The customer with this email key, with the password hash to verify a sign-in against. */
  findCustomerByEmail(storeId: number, emailKey: string): Promise<CustomerRow | undefined>;
  /** Deletes customers (their addresses with them, and any session signed in as them); how many existed. */
  deleteCustomers(storeId: number, ids: readonly number[]): Promise<number>;
  /**
   * Inserts an address for an existing customer and returns its id: 'missing' when the customer
   * does not exist, 'duplicate' (nothing written) when they have an address with this key.
   */
  insertCustomerAddress(storeId: number, customerId: number, addressKey: string, document: string): Promise<number | 'missing' | 'duplicate'>;
  /**
   * Changes an address: `change` gets the stored row, locked until the transaction ends, and
   * returns its new key and document. 'missing' when it does not exist; 'duplicate' (nothing
   * written) when its customer has another address with the new key.
   */
  updateCustomerAddress(storeId: number, id: number, change: (current: CustomerAddressRow) => { addressKey: string; document: string }): Promise<{ row: CustomerAddressRow } | 'missing' | 'duplicate'>;
  /** A page of a store's customer addresses by id, filtered, and how many match. */
  listCustomerAddresses(storeId: number, filter: CustomerAddressFilter, page: Page): Promise<{ rows: CustomerAddressRow[]; total: number }>;
  /** Deletes addresses; returns how many existed. */
  deleteCustomerAddresses(storeId: number, ids: readonly number[]): Promise<number>;
  /** Starts (or replaces) a session signed in as `customerId`, or signed out when null, holding `cartId` ('' for none). */
  bindSessionCustomer(session: SessionCartRecord, customerId: number | null): Promise<void>;
  /** Ends a browser session. */
  deleteSession(tokenHash: string, storeId: number): Promise<void>;

  // Carrier rates
  /** A carrier's answer to a rate request, while it has not expired. */
  findCarrierQuote(storeId: number, requestKey: string, now: number): Promise<string | undefined>;
  /** Records a carrier's answer until `expiresAt`, replacing an older one, and drops the store's expired answers. */
  saveCarrierQuote(storeId: number, requestKey: string, document: string, expiresAt: number, now: number): Promise<void>;

  // Webhooks (docs/webhooks.md): the outbox, shared by every process, and each hook's delivery log.
  /** Adds deliveries to the outbox; inside `atomically`, they commit with the change that caused them. */
  recordWebhookDeliveries(deliveries: readonly NewWebhookDelivery[]): Promise<void>;
  /**
   * Leases up to `limit` deliveries that are due: each the oldest unsent one of its hook and
   * resource (so a resource's events go out in order), none leased by a live lease. A delivery is
   * leased to one claimant at a time, between processes too; the attempt is counted here.
   */
  claimWebhookDeliveries(owner: string, now: number, leaseUntil: number, limit: number): Promise<ClaimedWebhookDelivery[]>;
  /** Records the outcomes of attempts sent together, in one write, where `owner` still holds the lease; returns those ids. */
  finishWebhookDeliveries(owner: string, finished: readonly FinishedWebhookDelivery[]): Promise<number[]>;
  /** Gives up every unsent delivery of a hook (it was deactivated or deleted) at `now`; returns how many. */
  abandonWebhookDeliveries(storeId: number, hookId: number, answer: string, now: number): Promise<number>;
  /** Deletes up to `limit` deliveries delivered or abandoned before `before`, oldest first; returns how many. */
  pruneWebhookDeliveries(before: number, limit: number): Promise<number>;
  /** A page of a hook's deliveries, newest first, and how many it has, both as of one moment. */
  listWebhookDeliveries(storeId: number, hookId: number, page: Page): Promise<{ rows: WebhookDeliveryRow[]; total: number }>;
}

/** A row of the webhook outbox: an event for one hook, with the exact body to send. */
export interface NewWebhookDelivery {
  readonly storeId: number;
  readonly hookId: number;
  readonly eventId: string;
  readonly scope: string;
  readonly resource: string;
  readonly body: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'abandoned';

export interface WebhookDeliveryRow extends NewWebhookDelivery {
  readonly id: number;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastAnswer: string | null;
  readonly nextAttemptAt: number | null;
  readonly firstAttemptAt: number | null;
  readonly deliveredAt: number | null;
}

export type ClaimedWebhookDelivery = WebhookDeliveryRow;

/** How an attempt ended: delivered, failed with a time to retry, or given up. */
export interface WebhookOutcome {
  readonly status: 'delivered' | 'failed' | 'abandoned';
  readonly statusCode: number | null;
  readonly answer: string;
  readonly at: number;
  /** When `failed`: the next attempt's time. */
  readonly retryAt?: number;
}

/** The outcome of one claimed delivery's attempt. */
export interface FinishedWebhookDelivery extends WebhookOutcome {
  readonly id: number;
}

/** A customer as stored: the JSON document, its email key and, when set, the password's hash. */
export interface StoredCustomer {
  readonly emailKey: string;
  /** Undefined on an update keeps the stored hash. */
  readonly passwordHash?: string | null;
  readonly document: string;
}

export interface CustomerRow {
  readonly id: number;
  readonly document: string;
  readonly passwordHash: string | null;
}

export interface CustomerAddressRow {
  readonly id: number;
  readonly customerId: number;
  readonly document: string;
}

export interface CustomerFilter {
  readonly ids?: readonly number[];
  readonly emailKeys?: readonly string[];
}

export interface CustomerAddressFilter {
  readonly ids?: readonly number[];
  readonly customerIds?: readonly number[];
}

/** A page of a listing: 1-based. */
export interface Page {
  readonly page: number;
  readonly limit: number;
}

/** A storefront host name and the one store it belongs to. */
export interface StorefrontHostRecord {
  readonly host: string;
  readonly storeId: number;
}

/** A store's configuration as changed since a version (see `loadConfigChanges`). */
export interface ConfigChanges {
  readonly store: StoreRecord;
  readonly version: number;
  readonly items: readonly ConfigItem[];
  readonly deleted: readonly ConfigKey[];
}

/** Names one configuration item. */
export interface ConfigKey {
  readonly kind: string;
  readonly id: number;
}

/** A rate-limit window to count a request in, or to look at. */
export interface RateWindowRequest {
  readonly bucket: string;
  readonly quota: number;
  readonly windowMs: number;
  /**
   * Places to take at once (default 1): a process that leases several hands them out from memory
   * (SharedRateLimiter). Fewer are granted when the window has fewer left; none unless every
   * counted window grants at least one.
   */
  readonly places?: number;
}

/** What `countRateLimitWindows` found: whether the request was counted, and where the windows stand. */
export interface RateWindowCounts {
  readonly allowed: boolean;
  /**
   * The windows the answer is about: those of `counted` (with this request when it was counted),
   * or, when a window of `checked` had no room, those of `checked`.
   */
  readonly windows: readonly RateWindowState[];
}

export interface RateWindowState {
  readonly request: RateWindowRequest;
  /** Requests counted in the window. */
  readonly count: number;
  /** Epoch milliseconds at which the window ends. */
  readonly resetAt: number;
  /** Places this call took in the window (counted windows of an accepted call; else 0 or absent). */
  readonly granted?: number;
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

/** A browser session holding a cart, signed in as `customerId` or signed out (null). */
export interface SessionBinding extends SessionCartRecord {
  readonly customerId: number | null;
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
  /** ISO 8601; null for accounts made before tokens were dated (migration 8). */
  readonly createdAt: string | null;
  /** Epoch milliseconds after which the token is refused; null: never. */
  readonly expiresAt: number | null;
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
  /** The configuration version this change writes (the store's, bumped once for the transaction). */
  readonly version: number;
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
  /**
   * Makes `hosts` exactly the storefront hosts this store owns. A host is one store's only (the
   * database's primary key, between processes too): returns those another store owns, which this
   * store then does not; the caller refuses the change by throwing, which undoes it all.
   */
  claimStorefrontHosts(hosts: readonly string[]): Promise<string[]>;
  /** One item, read in this transaction. */
  find(kind: string, id: number): Promise<ConfigItem | undefined>;
  /**
   * Claims `values` under `name` (a SKU, a coupon code) for `owner`: each value is one item's only
   * in the store, which the database enforces. Returns the first value another item holds (then
   * the caller must throw, which rolls the claims back), or undefined when all are now `owner`'s.
   */
  claimUnique(name: string, values: readonly string[], owner: ConfigKey): Promise<string | undefined>;
  /** Gives up every value `owner` holds under `name`. Deleting an item gives up all of its claims. */
  releaseUnique(name: string, owner: ConfigKey): Promise<void>;
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
  /** Starts at 1; each change of the order (a payment) makes the next (`updateOrder`). */
  readonly version?: number;
}

export interface CartRecord {
  readonly id: string;
  readonly storeId: number;
  readonly version: number;
  /** JSON of the checkout aggregate: its head when parts of it are stored apart (checkout-document.ts). */
  readonly document: string;
  readonly expiresAt: number;
  /** The parts this write stores or drops; every other part stays as it is. */
  readonly parts?: CartPartChanges;
}

/**
 * What a cart's write (`updateCart`) may further require, so that it needs no read of the cart
 * first: that the cart has not expired at `now` (its `expires_at` is later), and that the store's
 * configuration is still at `configVersion`, the one the written checkout was priced with. With
 * `session` (a storefront session token's hash), also that this session is live at `now` and
 * holds the cart, so that a write for a session no read in the request confirmed needs none.
 */
export interface CartWriteGuard {
  readonly now: number;
  readonly configVersion: number;
  readonly session?: string;
}

/** A part of a cart's document stored as a row of its own (a consignment, a line), by its key. */
export interface CartPart {
  readonly key: string;
  readonly document: string;
}

export interface CartPartChanges {
  readonly written: readonly CartPart[];
  readonly removed: readonly string[];
}

/** A live cart as a listing reads it: its head and parts, read in one statement. */
export interface RecentCart {
  readonly id: string;
  readonly version: number;
  readonly document: string;
  readonly parts: readonly CartPart[];
}

/** A cart as `findCart` reads it. */
export interface FoundCart extends Omit<CartRecord, 'document' | 'parts'> {
  /** Null when the caller already holds this version. */
  readonly document: string | null;
  /**
   * The parts stored with the document (none when the document is null): every one, or, with
   * `partsAfter`, only those written after that version.
   */
  readonly parts: readonly CartPart[];
  /**
   * The caller's `knownVersion` when `parts` are only those written after it: a part the document
   * names and `parts` lack is as it was at that version. Absent when `parts` are all of them: the
   * caller named no version, or the read could not tell what changed since (a release older than
   * migration 21 wrote the cart after that version).
   */
  readonly partsAfter?: number;
  /** The store's configuration version at the time of the read. */
  readonly configVersion: number;
}
