import { randomUUID } from 'node:crypto';
import type { Checkout } from '../domain/checkout.js';
import { explainConsignment } from '../domain/consignment-explain.js';
import { consignmentsDiffer, reconcileConsignments } from '../domain/consignment-pricing.js';
import type { ConsignmentContext } from '../domain/consignments.js';
import { assertAmountsWithinLimit } from '../domain/amount-limit.js';
import { assertCheckoutWithinLimits } from '../domain/checkout-limits.js';
import { NotFoundError, VersionConflictError } from '../domain/errors.js';
import { carrierRequests } from '../domain/shipping/carriers-pricing.js';
import type { ShippingExplanation } from '../domain/shipping/explain.js';
import { checkoutTotals } from '../domain/totals.js';
import type { CartRecord, OrderRecord, SessionBinding, Store, StoreRecord } from '../store/store.js';
import type { CarrierQuotes } from './carriers/carrier-quotes.js';
import { CheckoutCache, type KeptCheckout } from './checkout-cache.js';
import { ExpiredCartSweep } from './expired-carts.js';
import { type StoredCheckout, partChanges, readCheckout, storedBytes, storedCheckout } from './checkout-document.js';
import { markCommitted } from './commit-witness.js';
import { randomText } from './random-text.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { ConfigCache, StoreConfig } from './store-config.js';
import { checkoutDeliveries } from './webhooks/outbox.js';

/** Carts expire 30 days after their last change, as upstream's do. */
export const CART_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** How often a write without `version` is retried after losing a race to another process. */
const MAX_ATTEMPTS = 50;

/** The weight of each new sighting in `CheckoutService`'s average of stale kept checkouts. */
const STALE_WEIGHT = 0.1;

export interface Loaded {
  readonly checkout: Checkout;
  readonly config: StoreConfig;
}

/**
 * A cart's version and the store's configuration version as a read made earlier in the same
 * request found them (a storefront session's, which joins its cart). When this process keeps that
 * version, the checkout needs no read of its own; a write still checks the version it writes over.
 */
export interface SeenCart {
  readonly id: string;
  readonly version: number;
  readonly configVersion: number;
}

/**
 * A storefront session the request took from this process's memory instead of reading it
 * (StorefrontSessions.recall): another process may have ended it since. A write from the kept
 * checkout matches only while the session `tokenHash` is live and holds the cart; any round that
 * reads the cart first asks `confirm` which cart the session holds now (none when it is gone).
 */
export interface UnconfirmedSession {
  readonly tokenHash: string;
  confirm(): Promise<string | undefined>;
}

/**
 * What a command returns: the next checkout, or `null` to delete the cart. `now` is the time the
 * change is saved at (the service's clock, as an ISO string), the next checkout's `updatedTime`.
 */
export type Command = (checkout: Checkout, config: StoreConfig, now: string) => Checkout | null;

/**
 * The one way a checkout changes: load it once (or take the copy this process keeps, and check
 * what a load would have with the write: docs/storage.md, "Writes from the kept checkout"), apply
 * a pure command, and write the result only if the stored version is still the one loaded. A
 * client that sent `version` and lost gets a conflict; a client that sent none is retried here,
 * so no accepted update is ever lost.
 */
export class CheckoutService {
  readonly #mutex = new KeyedMutex();
  readonly #cache = new CheckoutCache();
  readonly #expired: ExpiredCartSweep;
  /**
   * How often, lately, a checkout this process kept was not the stored one when it was next used
   * (a read found a later version), as an exponentially weighted average. A write from the kept
   * copy costs one statement when it is the stored one and three when it is not (the write that
   * misses, a read, the write); a write that reads first costs two. So a write reads first while
   * this is at or over one half: behind a load balancer that sends a cart's requests to each
   * process in turn, every kept copy is stale.
   */
  #stale = 0;

  constructor(
    private readonly store: Store,
    private readonly configs: ConfigCache,
    private readonly now: () => number = Date.now,
    private readonly carriers?: CarrierQuotes,
    /** Told when a write recorded webhook events (the dispatcher then sends them at once). */
    private readonly onEventsRecorded: () => void = () => {},
  ) {
    this.#expired = new ExpiredCartSweep(store);
  }

  /**
   * The configuration with the carriers' answers to every rate request `checkout` needs and
   * `config` does not hold yet: the I/O half of carrier rates, done before the pure pricing
   * runs (each answer within the carrier deadline, or from the cache).
   */
  async #withCarrierAnswers(checkout: Checkout, config: StoreConfig, deadlineAt?: number): Promise<StoreConfig> {
    if (!this.carriers || config.carriers.list.length === 0) return config;
    const known = config.carriers.outcomes;
    const requests = carrierRequests(checkout, config.shipping, config.carriers).filter((r) => !known.has(r.key));
    if (requests.length === 0) return config;
    const answers = await this.carriers.outcomes(config.store.id, config.carriers, requests, deadlineAt);
    return { ...config, carriers: { ...config.carriers, outcomes: new Map([...known, ...answers]) } };
  }

  /**
   * Saves a new cart. With `session`, the browser session that is to hold it (StorefrontSessions)
   * is bound in the same write: one statement on PostgreSQL, where it was a second round trip.
   */
  async create(record: StoreRecord, build: (config: StoreConfig, now: string) => Checkout, { session }: { readonly session?: (cartId: string) => SessionBinding } = {}): Promise<Loaded> {
    // A new cart has no stored version to bring the configuration's with it (a load does): the
    // insert itself checks that the configuration it was built from is still the store's, so that
    // a change committed before it (a hook created in another process) is never missed. When one
    // came in between, build again from the configuration as it is now.
    let config = await this.configs.get(record);
    for (let attempt = 1; ; attempt++) {
      const now = this.now();
      const checkout = build(config, new Date(now).toISOString());
      assertAmountsWithinLimit(checkout, checkoutTotals(checkout, config.tax));
      const stored = storedCheckout(checkout);
      assertCheckoutWithinLimits(checkout, null, () => storedBytes(stored));
      const deliveries = checkoutDeliveries(config, null, checkout, now);
      if (await this.store.insertCart(this.#toRecord(checkout, now, stored, null), config.version, deliveries, session?.(checkout.id))) {
        markCommitted();
        if (deliveries) this.onEventsRecorded();
        this.#cache.set(checkout, stored);
        void this.#expired.due(now);
        return { checkout, config };
      }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`the configuration of store ${record.id} changed during each of ${MAX_ATTEMPTS} attempts to create a cart`);
      config = await this.configs.current(record);
    }
  }

  /**
   * The checkout as it stands. When the store's shipping or pickup configuration changed since its
   * consignments were quoted, they are re-quoted here, and a re-quote that changes what the client
   * sees (options, costs, a selection) is saved at once as an update of its own (version + 1), so
   * that every read and the next write agree on it (docs/consignments.md, "Configuration changes").
   */
  async get(record: StoreRecord, id: string, resource: 'cart' | 'checkout', seen?: SeenCart): Promise<Loaded> {
    const { checkout, config } = await this.#read(record, id, resource, undefined, seen);
    return { checkout, config };
  }

  /**
   * `get`, with what the database holds for the checkout's version (what a write changes). With
   * `unread`, a write's first round, the checkout kept in memory stands in for the read, unconfirmed
   * (`unread` in the answer): a write over it then checks what the read would have (`#update`).
   * With `session`, a storefront session no read confirmed: a read of the cart reads the session
   * too, before anything is asked or written for it; an answer not `unread` confirmed it.
   */
  async #read(record: StoreRecord, id: string, resource: 'cart' | 'checkout', carrierDeadlineAt?: number, seen?: SeenCart, unread = false, session?: UnconfirmedSession): Promise<Loaded & { stored: StoredCheckout; unread: boolean }> {
    for (let attempt = 1; ; attempt++) {
      // What was seen or kept before holds for the first round only: a second one follows a lost race.
      const loaded = await this.#load(record, id, resource, attempt === 1 ? seen : undefined, attempt === 1 && unread);
      // A session that no longer holds this cart is answered as one without it (the route's "not
      // found"), as its read would have been: with nothing re-quoted or written for it.
      if (session && !loaded.unread) {
        if ((await session.confirm()) !== id) throw notFound(resource);
        session = undefined;
      }
      const stored = loaded.kept.checkout;
      const config = await this.#withCarrierAnswers(stored, loaded.config, carrierDeadlineAt);
      const checkout = reconcileConsignments(stored, consignmentContext(config));
      if (checkout === stored) return { checkout, config, stored: loaded.kept.stored, unread: loaded.unread };
      if (!consignmentsDiffer(stored, checkout)) {
        // Only the record of what was quoted changed: keep the re-quoted checkout as this version,
        // so that the next read does not quote everything again.
        this.#cache.replace(checkout);
        return { checkout, config, stored: loaded.kept.stored, unread: loaded.unread };
      }
      const now = this.now();
      const requoted = { ...checkout, version: stored.version + 1, updatedTime: new Date(now).toISOString() };
      const written = await this.#update(requoted, loaded.kept.stored, stored.version, now, loaded.unread ? { configVersion: config.version, session: session?.tokenHash } : undefined, undefined, undefined, { before: stored, config });
      if (written) return { checkout: requoted, config, stored: written, unread: false };
      // Another writer got there first: read again, and re-quote what it saved if still needed.
      if (attempt >= MAX_ATTEMPTS) throw new VersionConflictError(id, stored.version);
    }
  }

  /**
   * A store's live checkouts, the most recently changed first, as they were saved: a list is only
   * read, so nothing in it is re-quoted (reading one checkout does that).
   */
  async recent(record: StoreRecord, limit: number): Promise<{ checkouts: Checkout[]; config: StoreConfig }> {
    const rows = await this.store.listRecentCarts(record.id, this.now(), limit);
    return { checkouts: rows.map((row) => readCheckout(row.document, row.parts, row.version).checkout), config: await this.configs.get(record) };
  }

  /** Why each of the store's methods and carriers is or is not offered to a consignment of a saved checkout. */
  async explain(record: StoreRecord, checkoutId: string, consignmentId: string): Promise<{ explanation: ShippingExplanation; config: StoreConfig }> {
    const { checkout, config } = await this.get(record, checkoutId, 'checkout');
    return { explanation: explainConsignment(checkout, consignmentId, consignmentContext(config)), config };
  }

  /**
   * The same explanation for a checkout that is never saved: `draft` builds it, with the one
   * consignment to explain, from what a client typed (an address and items). Carriers are asked
   * as they would be for a saved checkout, so the verdicts are those a real one would get.
   */
  async explainDraft(record: StoreRecord, draft: (config: StoreConfig, now: string) => Checkout): Promise<{ explanation: ShippingExplanation; consignmentId: string; config: StoreConfig }> {
    const config = await this.configs.get(record);
    const checkout = draft(config, new Date(this.now()).toISOString());
    const consignmentId = checkout.consignments[0]!.id;
    const answered = await this.#withCarrierAnswers(checkout, config);
    return { explanation: explainConsignment(checkout, consignmentId, consignmentContext(answered)), consignmentId, config: answered };
  }

  /**
   * The checkout as stored, from this process's memory when the database confirms its version:
   * a read of its own, or the one `seen` comes from. When the database holds a later version, the
   * read brings its head and only the parts written since the version kept, when it can tell them
   * (`FoundCart.partsAfter`); the kept checkout supplies the rest.
   */
  async #load(record: StoreRecord, id: string, resource: 'cart' | 'checkout', seen?: SeenCart, unread = false): Promise<{ kept: KeptCheckout; config: StoreConfig; unread: boolean }> {
    const cached = this.#cache.get(id);
    if (cached && seen?.id === id && seen.version === cached.checkout.version) return { kept: cached, config: await this.configs.get(record, seen.configVersion), unread: false };
    // Unread: the configuration as this process keeps it, without asking for its version (minimum
    // 0); the write checks that the store's is still this one. Not when a read in this request saw
    // another version of the cart: the kept one is then not the stored one.
    if (cached && unread && seen?.id !== id) return { kept: cached, config: await this.configs.get(record, 0), unread: true };
    const found = await this.store.findCart(record.id, id, this.now(), cached?.checkout.version);
    if (!found) {
      this.#cache.delete(id);
      throw notFound(resource);
    }
    if (cached) this.#sighted(found.document !== null);
    // No document means the database confirmed the cached version is the stored one.
    let kept = cached!;
    if (found.document !== null) {
      kept = readCheckout(found.document, found.parts, found.version, found.partsAfter === undefined ? undefined : cached);
      this.#cache.set(kept.checkout, kept.stored);
    }
    return { kept, config: await this.configs.get(record, found.configVersion), unread: false };
  }

  #sighted(stale: boolean): void {
    this.#stale += ((stale ? 1 : 0) - this.#stale) * STALE_WEIGHT;
  }

  /**
   * The conditional write over `stored`, what the database holds at `expectedVersion`: the stored
   * form written, or null when the stored version was no longer `expectedVersion`. With `unread`
   * (a write from the kept copy, which no read confirmed), also null when the cart had expired at
   * `now`, the store's configuration was no longer at `configVersion` (the one `next` was priced
   * with), or, with `session`, that storefront session no longer held the cart (`CartWriteGuard`).
   * With `previous`, a client's change, it is first held to the checkout limits (checkout-limits.ts).
   */
  async #update(next: Checkout, stored: StoredCheckout, expectedVersion: number, now: number, unread: { configVersion: number; session?: string } | undefined, order?: OrderRecord, previous?: Checkout, events?: { before: Checkout; config: StoreConfig }): Promise<StoredCheckout | null> {
    const written = storedCheckout(next);
    if (previous) assertCheckoutWithinLimits(next, previous, (c) => storedBytes(c === next ? written : c === previous ? stored : storedCheckout(c)));
    const deliveries = events && checkoutDeliveries(events.config, events.before, next, now);
    const guard = unread && { now, ...unread };
    if (!(await this.store.updateCart(this.#toRecord(next, now, written, stored), expectedVersion, order, deliveries, guard))) return null;
    markCommitted();
    if (deliveries) this.onEventsRecorded();
    this.#cache.set(next, written);
    return written;
  }

  /**
   * Applies `command`; the result is null when the command deleted the cart. With `attach`, a
   * document derived from the saved checkout (an order) is written in the same transaction. With
   * `seen`, what this request's storefront session read of the cart stands in for a read of its own;
   * with `session`, a storefront session no read confirmed, which the write or a read confirms.
   */
  async mutate(
    record: StoreRecord,
    id: string,
    expectedVersion: number | undefined,
    resource: 'cart' | 'checkout',
    command: Command,
    { attach, seen, session }: { readonly attach?: (saved: Checkout, config: StoreConfig) => OrderRecord; readonly seen?: SeenCart; readonly session?: UnconfirmedSession } = {},
  ): Promise<{ checkout: Checkout | null; config: StoreConfig }> {
    return this.#mutex.run(id, async () => {
      let unconfirmed = session;
      // Every round of asking carriers in this write shares one deadline (docs/shipping-rates.md).
      const carrierDeadlineAt = this.carriers ? Date.now() + this.carriers.deadlineMs : undefined;
      for (let attempt = 1; ; attempt++) {
        // The first round starts from the checkout this process keeps, with no read: its write
        // matches only if nothing changed since (`#update`), and every other outcome (a write that
        // did not match, a command refused, a conflict with `expectedVersion`, a deletion) is
        // decided again by a round that reads, as if the first had not happened.
        // A round that read the cart read the session too (`#read`).
        const { checkout, config, stored, unread } = await this.#read(record, id, resource, carrierDeadlineAt, attempt === 1 ? seen : undefined, attempt === 1 && this.#stale < 0.5, unconfirmed);
        if (!unread) unconfirmed = undefined;
        try {
          if (expectedVersion !== undefined && checkout.version !== expectedVersion) {
            throw new VersionConflictError(id, expectedVersion);
          }
          const now = this.now();
          const updatedTime = new Date(now).toISOString();
          const changed = command(checkout, config, updatedTime);
          // Whatever the command changed, consignments follow the cart's lines (one place for it).
          let next: Checkout | null = null;
          if (changed !== null) {
            next = reconcileConsignments(changed, consignmentContext(config));
            // A new address or new lines need rate requests the command could not make: ask, then price again.
            const answered = await this.#withCarrierAnswers(next, config, carrierDeadlineAt);
            if (answered !== config) next = reconcileConsignments(next, consignmentContext(answered));
            next = { ...next, version: checkout.version + 1, updatedTime };
          }
          if (next !== null) assertAmountsWithinLimit(next, checkoutTotals(next, config.tax));
          if (next === null) {
            // A deletion checks only the version: it is made over a checkout read, never an unread one.
            if (unread) continue;
            const deliveries = checkoutDeliveries(config, checkout, null, now);
            if (await this.store.deleteCart(record.id, id, checkout.version, deliveries)) {
              markCommitted();
              if (deliveries) this.onEventsRecorded();
              this.#cache.delete(id);
              return { checkout: null, config };
            }
          } else if (await this.#update(next, stored, checkout.version, now, unread ? { configVersion: config.version, session: unconfirmed?.tokenHash } : undefined, attach?.(next, config), checkout, { before: checkout, config })) {
            if (unread) this.#sighted(false);
            return { checkout: next, config };
          }
        } catch (error) {
          if (unread) continue;
          throw error;
        }
        // The write did not match. Over a checkout read: another writer got in between, a conflict
        // for a client that sent `version`. Over the kept copy: anything the read would have
        // found (a later version, the cart expired or deleted, a configuration change); the next
        // round reads, and decides.
        if ((expectedVersion !== undefined && !unread) || attempt >= MAX_ATTEMPTS) throw new VersionConflictError(id, checkout.version);
      }
    });
  }

  /** The row of `checkout` stored as `written`, over `stored` (null for a new cart): its head and the parts that changed. */
  #toRecord(checkout: Checkout, now: number, written: StoredCheckout, stored: StoredCheckout | null): CartRecord {
    return {
      id: checkout.id,
      storeId: checkout.storeId,
      version: checkout.version,
      document: written.head,
      expiresAt: now + CART_TTL_MS,
      parts: partChanges(stored, written),
    };
  }
}

/**
 * Consignment and address ids look like upstream's: 13 hex characters (`5d484e28d20a8`), from
 * pooled random bytes turned into hex in one call (`randomText`): a POST of 100 consignments makes
 * 200 of them, and a slice of a random UUID cost four times as much, most of it in the garbage of
 * building the UUID's string.
 */
export function newAddressId(): string {
  // Seven bytes are fourteen hex digits; the ids have thirteen.
  return randomText(7, 'hex').slice(0, 13);
}

export function consignmentContext(config: StoreConfig): ConsignmentContext {
  return {
    shipping: config.shipping,
    pickup: config.pickup,
    carriers: config.carriers,
    newConsignmentId: newAddressId,
    newLineItemId: randomUUID,
  };
}

function notFound(resource: 'cart' | 'checkout'): NotFoundError {
  return resource === 'cart' ? new NotFoundError('cart', 'Cart not found.') : new NotFoundError('checkout', 'Checkout not found.');
}

