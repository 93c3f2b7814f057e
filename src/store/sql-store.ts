import { type ExpressionBuilder, type Kysely, type Transaction, sql } from 'kysely';
import { API_ACCOUNT_COLUMNS, deleteApiAccountRow, insertApiAccount, selectApiAccounts, toApiAccount } from './api-accounts-sql.js';
import { partWrites } from './cart-parts-sql.js';
import { type Rider, whenMatched, writeIfMatched } from './conditional-write-sql.js';
import { countWindows, deleteEndedWindows } from './rate-limit-windows-sql.js';
import { abandonDeliveries, claimDeliveries, deliveryWrites, finishDeliveries, insertDeliveries, listDeliveries, pruneDeliveries } from './webhook-deliveries-sql.js';
import type { Database } from './schema.js';
import type {
  ApiAccountRecord,
  CartRecord,
  ClaimedWebhookDelivery,
  ConfigChanges,
  ConfigItem,
  FoundCart,
  ConfigWriter,
  CustomerAddressFilter,
  CustomerAddressRow,
  CustomerFilter,
  CustomerRow,
  IdempotencyClaim,
  IdempotencyId,
  IdempotencyRecord,
  IdempotentResponse,
  NewApiAccount,
  NewWebhookDelivery,
  NewStoreRecord,
  OrderRecord,
  Page,
  RateWindowCounts,
  RateWindowRequest,
  SessionBinding,
  SessionCartRecord,
  Store,
  StoredCustomer,
  StorefrontHostRecord,
  StoreRecord,
  WebhookDeliveryRow,
  FinishedWebhookDelivery,
  CartPart,
  CartWriteGuard,
  RecentCart,
} from './store.js';
import { configWriter, toConfigItem } from './config-writer-sql.js';
import { CustomerTables } from './customer-tables.js';
import { Reusable } from './reusable-query.js';
import { sessionBinding } from './session-binding-sql.js';
import { isStorableText, nextId } from './sql-values.js';

/**
 * The Store interface in SQL that both databases accept. What differs between them (opening,
 * pragmas, migration locking) lives in sqlite-store.ts and postgres-store.ts.
 */
export class SqlStore implements Store {
  // The queries every cart request runs, each compiled once (see `Reusable`).
  // The head row (part_key null) and the part rows: one statement, so both come from one snapshot
  // even while another process writes the cart. Unless the caller keeps this version: then no
  // part, and no document. When the caller keeps an earlier one that every write since recorded
  // on its parts (parts_since), only the parts written after it (parts_after); else every part.
  readonly #findCart = new Reusable((db, headKnown: number, sinceKnown: number, afterKnown: number, id: string, storeId: number, now: number, partsKnown: number) =>
    db
      .with('cart', (db) =>
        db
          .selectFrom('carts')
          .innerJoin('stores', 'stores.id', 'carts.store_id')
          .select(['carts.id', 'carts.version', 'carts.expires_at', 'stores.config_version'])
          // Neither database reads a large text value it is not asked for (SQLite's overflow pages,
          // PostgreSQL's TOAST), so a caller holding this version skips the document's read and parse.
          .select(sql<string | null>`CASE WHEN carts.version = ${headKnown} THEN NULL ELSE carts.document END`.as('document'))
          .select(sql<number>`CASE WHEN carts.parts_version = carts.version AND carts.parts_since <= ${sinceKnown} THEN ${afterKnown} ELSE -1 END`.as('parts_after'))
          .where('carts.id', '=', id)
          .where('carts.store_id', '=', storeId)
          .where('carts.expires_at', '>', now),
      )
      .selectFrom('cart')
      .select(['cart.version', 'cart.expires_at', 'cart.config_version', 'cart.document', 'cart.parts_after', sql<string | null>`NULL`.as('part_key')])
      .unionAll((eb) =>
        eb
          .selectFrom('cart')
          .innerJoin('cart_parts', 'cart_parts.cart_id', 'cart.id')
          .select(['cart.version', 'cart.expires_at', 'cart.config_version', 'cart_parts.document', 'cart.parts_after', 'cart_parts.part_key'])
          .where('cart.version', '<>', partsKnown)
          .whereRef('cart_parts.written_version', '>', 'cart.parts_after'),
      ),
  );
  readonly #findApiAccount = new Reusable((db, tokenHash: string) => db.selectFrom('api_accounts').select(API_ACCOUNT_COLUMNS).where('token_hash', '=', tokenHash));
  // The store's row supplies store_id, and only while its configuration is at `configVersion`.
  // `sweep_at` starts at the expiry; no write of the cart moves it (see `deleteExpiredCarts`). A
  // new cart's parts are all written at its first version, and no reader keeps an earlier one.
  readonly #insertCart = new Reusable((db, id: string, version: number, document: string, expiresAt: number, sweepAt: number, partsVersion: number, partsSince: number, storeId: number, configVersion: number) =>
    db
      .insertInto('carts')
      .columns(['id', 'store_id', 'version', 'document', 'expires_at', 'sweep_at', 'parts_version', 'parts_since'])
      .expression(
        db
          .selectFrom('stores')
          .select([
            sql<string>`${id}`.as('id'),
            'stores.id as store_id',
            sql<number>`${version}`.as('version'),
            sql<string>`${document}`.as('document'),
            sql<number>`${expiresAt}`.as('expires_at'),
            sql<number>`${sweepAt}`.as('sweep_at'),
            sql<number>`${partsVersion}`.as('parts_version'),
            sql<number>`${partsSince}`.as('parts_since'),
          ])
          .where('stores.id', '=', storeId)
          .where('stores.config_version', '=', configVersion),
      ),
  );
  // Every write of a cart moves its `expires_at`, which no index holds: the write changes the
  // cart's row and nothing else (on PostgreSQL, a heap-only update when the page has room).
  // This write records its version on the parts it stores (parts_version). When the one it
  // replaces did not (an older release wrote it), a reader keeping a version before that one
  // cannot tell what changed since: parts_since moves up to it. Both read the row as it was.
  readonly #updateCart = new Reusable((db, version: number, document: string, expiresAt: number, sinceExpected: number, sinceAt: number, partsVersion: number, id: string, storeId: number, expectedVersion: number) =>
    updateCartRow(db, version, document, expiresAt, sinceExpected, sinceAt, partsVersion, id, storeId, expectedVersion),
  );
  // The same write, which also matches only while the cart is live at `now` and the store's
  // configuration is still at `configVersion` (`CartWriteGuard`): one primary-key lookup more.
  readonly #updateLiveCart = new Reusable((db, version: number, document: string, expiresAt: number, sinceExpected: number, sinceAt: number, partsVersion: number, id: string, storeId: number, expectedVersion: number, now: number, configVersion: number) =>
    updateLiveCartRow(db, version, document, expiresAt, sinceExpected, sinceAt, partsVersion, id, storeId, expectedVersion, now, configVersion),
  );
  // The same write, which also matches only while the storefront session `tokenHash` is live at
  // `now` and holds the cart (`CartWriteGuard.session`): one primary-key lookup more.
  readonly #updateSessionCart = new Reusable((db, version: number, document: string, expiresAt: number, sinceExpected: number, sinceAt: number, partsVersion: number, id: string, storeId: number, expectedVersion: number, now: number, configVersion: number, tokenHash: string, sessionLiveAt: number) =>
    updateLiveCartRow(db, version, document, expiresAt, sinceExpected, sinceAt, partsVersion, id, storeId, expectedVersion, now, configVersion).where((eb) =>
      eb.exists(
        eb
          .selectFrom('storefront_sessions')
          .select(sql<number>`1`.as('one'))
          .where('storefront_sessions.token_hash', '=', tokenHash)
          .whereRef('storefront_sessions.store_id', '=', 'carts.store_id')
          .whereRef('storefront_sessions.cart_id', '=', 'carts.id')
          .where('storefront_sessions.expires_at', '>', sessionLiveAt),
      ),
    ),
  );
  readonly #deleteCart = new Reusable((db, id: string, storeId: number, expectedVersion: number) =>
    db.deleteFrom('carts').where('id', '=', id).where('store_id', '=', storeId).where('version', '=', expectedVersion),
  );
  readonly #updateOrder = new Reusable((db, document: string, version: number, storeId: number, id: number, expectedVersion: number) =>
    db.updateTable('orders').set({ document, version }).where('store_id', '=', storeId).where('id', '=', id).where('version', '=', expectedVersion),
  );
  readonly #configVersion = new Reusable((db, storeId: number) => db.selectFrom('stores').select('config_version').where('id', '=', storeId));
  // The update takes the inserted row's values (`excluded`), so the statement has four parameters.
  readonly #bindSessionCart = new Reusable((db, tokenHash: string, storeId: number, cartId: string, expiresAt: number) =>
    db
      .insertInto('storefront_sessions')
      .values({ token_hash: tokenHash, store_id: storeId, cart_id: cartId, expires_at: expiresAt })
      .onConflict((oc) =>
        oc.columns(['token_hash', 'store_id']).doUpdateSet((eb) => ({ cart_id: eb.ref('excluded.cart_id'), expires_at: eb.ref('excluded.expires_at') })),
      ),
  );
  // `now` twice, as the SQL has it: the join's first, then the WHERE's.
  readonly #findSessionCart = new Reusable((db, cartLiveAt: number, tokenHash: string, storeId: number, now: number) =>
    db
      .selectFrom('storefront_sessions')
      .innerJoin('stores', 'stores.id', 'storefront_sessions.store_id')
      .leftJoin('carts', (join) =>
        join.onRef('carts.id', '=', 'storefront_sessions.cart_id').onRef('carts.store_id', '=', 'storefront_sessions.store_id').on('carts.expires_at', '>', cartLiveAt),
      )
      .select(['carts.id as cart_id', 'carts.version as cart_version', 'stores.config_version', 'storefront_sessions.expires_at', 'storefront_sessions.customer_id'])
      .where('storefront_sessions.token_hash', '=', tokenHash)
      .where('storefront_sessions.store_id', '=', storeId)
      .where('storefront_sessions.expires_at', '>', now),
  );

  constructor(
    readonly kind: 'sqlite' | 'postgres',
    protected readonly db: Kysely<Database>,
    /** What else closes with the database, after it (SQLite's checkpoint thread). */
    private readonly alsoClose: () => Promise<void> = async () => {},
  ) {}

  async close(): Promise<void> {
    await this.db.destroy();
    await this.alsoClose();
  }

  async atomically<T>(work: (store: Store) => Promise<T>): Promise<T> {
    return this.#transaction((trx) => work(new SqlStore(this.kind, trx)));
  }

  /** A transaction, or the one this store is already bound to (see `atomically`). */
  #transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this.db as Transaction<Database>);
    return this.db.transaction().execute(work);
  }

  async createStore(store: NewStoreRecord): Promise<StoreRecord> {
    const row = await this.db.insertInto('stores').values(store).returning('id').executeTakeFirstOrThrow();
    return { ...store, id: row.id };
  }

  async findStoreByHash(hash: string): Promise<StoreRecord | undefined> {
    return this.db.selectFrom('stores').select(['id', 'hash', 'name', 'settings']).where('hash', '=', hash).executeTakeFirst();
  }

  async listStores(): Promise<StoreRecord[]> {
    return this.db.selectFrom('stores').select(['id', 'hash', 'name', 'settings']).orderBy('id').execute();
  }

  async createApiAccount(account: NewApiAccount): Promise<ApiAccountRecord> {
    return insertApiAccount(this.db, account);
  }

  async findApiAccountByTokenHash(tokenHash: string): Promise<ApiAccountRecord | undefined> {
    // Every server-to-server request runs this (a token's revocation must be seen at once in
    // every process, so no process keeps a found account): compiled once, see `Reusable`.
    const [row] = (await this.#findApiAccount.execute(this.db, tokenHash)).rows;
    return row && toApiAccount(row);
  }

  async configVersion(storeId: number): Promise<number> {
    // Every new cart asks (and a cached configuration once a second): compiled once, see `Reusable`.
    const [row] = (await this.#configVersion.execute(this.db, storeId)).rows;
    return row?.config_version ?? 0;
  }

  async loadConfig(storeId: number): Promise<{ version: number; items: ConfigItem[] }> {
    return this.#transaction(async (trx) => {
      const store = await trx.selectFrom('stores').select('config_version').where('id', '=', storeId).executeTakeFirstOrThrow();
      const items = await trx
        .selectFrom('config_items')
        .select(['id', 'kind', 'parent_kind', 'parent_id', 'document'])
        .where('store_id', '=', storeId)
        .orderBy('id')
        .execute();
      return { version: store.config_version, items: items.map(toConfigItem) };
    });
  }

  async changeConfig(storeId: number, change: (tx: ConfigWriter) => Promise<void>): Promise<void> {
    await this.#transaction(async (trx) => {
      // Bumping first takes the store row's lock, so concurrent configuration changes queue up.
      const bumped = await trx
        .updateTable('stores')
        .set((eb) => ({ config_version: eb('config_version', '+', 1) }))
        .where('id', '=', storeId)
        .returning('config_version')
        .executeTakeFirstOrThrow();
      await change(configWriter(trx, storeId, this.kind, bumped.config_version));
    });
  }

  async findCart(storeId: number, id: string, now: number, knownVersion = 0): Promise<FoundCart | undefined> {
    if (!isStorableText(id)) return undefined;
    // Versions start at 1, so 0 asks for the document and every part whatever the version.
    const { rows } = await this.#findCart.execute(this.db, knownVersion, knownVersion, knownVersion, id, storeId, now, knownVersion);
    const head = rows.find((row) => row.part_key === null);
    if (!head) return undefined;
    return {
      id,
      storeId,
      version: head.version,
      document: head.document,
      parts: rows.flatMap((row) => (row.part_key === null || row.document === null ? [] : [{ key: row.part_key, document: row.document }])),
      ...(knownVersion > 0 && head.document !== null && head.parts_after === knownVersion ? { partsAfter: knownVersion } : {}),
      expiresAt: Number(head.expires_at),
      configVersion: head.config_version,
    };
  }

  async insertCart(cart: CartRecord, configVersion: number, deliveries?: readonly NewWebhookDelivery[], session?: SessionBinding): Promise<boolean> {
    const riders = [...partWrites(this.kind, cart.id, cart.version, cart.parts), ...deliveryWrites(this.kind, deliveries), ...(session ? [sessionBinding(session)] : [])];
    return this.#writeIfMatched(this.#insertCart, [cart.id, cart.version, cart.document, cart.expiresAt, cart.expiresAt, cart.version, cart.version, cart.storeId, configVersion], riders);
  }

  async updateCart(cart: CartRecord, expectedVersion: number, order?: OrderRecord, deliveries?: readonly NewWebhookDelivery[], guard?: CartWriteGuard): Promise<boolean> {
    const riders = [...partWrites(this.kind, cart.id, cart.version, cart.parts), ...(order ? [orderInsert(order)] : []), ...deliveryWrites(this.kind, deliveries)];
    const args = [cart.version, cart.document, cart.expiresAt, expectedVersion, expectedVersion, cart.version, cart.id, cart.storeId, expectedVersion] as const;
    if (guard?.session !== undefined) return this.#writeIfMatched(this.#updateSessionCart, [...args, guard.now, guard.configVersion, guard.session, guard.now], riders);
    if (guard) return this.#writeIfMatched(this.#updateLiveCart, [...args, guard.now, guard.configVersion], riders);
    return this.#writeIfMatched(this.#updateCart, [...args], riders);
  }

  /** A conditional write and what commits with it only when it matched (conditional-write-sql.ts). */
  #writeIfMatched<A extends unknown[]>(write: Reusable<A, unknown>, args: A, riders: readonly Rider[]): Promise<boolean> {
    return writeIfMatched(this.db, this.kind, (work) => this.#transaction(work), write, args, riders);
  }

  async nextOrderId(storeId: number): Promise<number> {
    return this.#transaction((trx) => nextId(trx, storeId, 'order'));
  }

  async findOrder(storeId: number, id: number): Promise<OrderRecord | undefined> {
    const row = await this.db
      .selectFrom('orders')
      .select(['id', 'store_id', 'checkout_id', 'document', 'created_at', 'version'])
      .where('store_id', '=', storeId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { id: row.id, storeId: row.store_id, checkoutId: row.checkout_id, document: row.document, createdAt: row.created_at, version: row.version };
  }

  async deleteCart(storeId: number, id: string, expectedVersion: number, deliveries?: readonly NewWebhookDelivery[]): Promise<boolean> {
    return this.#writeIfMatched(this.#deleteCart, [id, storeId, expectedVersion], deliveryWrites(this.kind, deliveries));
  }

  async deleteCarts(storeId: number): Promise<number> {
    await this.db.deleteFrom('storefront_sessions').where('store_id', '=', storeId).execute();
    await this.db.deleteFrom('cart_handoffs').where('store_id', '=', storeId).execute();
    const result = await this.db.deleteFrom('carts').where('store_id', '=', storeId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async listRecentCarts(storeId: number, now: number, limit: number): Promise<RecentCart[]> {
    // One statement, so that each head is read with the parts of its own version.
    const recent = this.db
      .selectFrom('carts')
      .select('id')
      .where('store_id', '=', storeId)
      .where('expires_at', '>', now)
      .orderBy('expires_at', 'desc')
      .orderBy('id')
      .limit(limit);
    const rows = await this.db
      .selectFrom('carts')
      .leftJoin('cart_parts', 'cart_parts.cart_id', 'carts.id')
      .select(['carts.id', 'carts.version', 'carts.document', 'carts.expires_at', 'cart_parts.part_key', 'cart_parts.document as part'])
      .where('carts.id', 'in', recent)
      .orderBy('carts.expires_at', 'desc')
      .orderBy('carts.id')
      .execute();
    const carts = new Map<string, { id: string; version: number; document: string; parts: CartPart[] }>();
    for (const row of rows) {
      let cart = carts.get(row.id);
      if (!cart) carts.set(row.id, (cart = { id: row.id, version: row.version, document: row.document, parts: [] }));
      if (row.part_key !== null && row.part !== null) cart.parts.push({ key: row.part_key, document: row.part });
    }
    return [...carts.values()];
  }

  async bindSessionCart(session: SessionCartRecord): Promise<void> {
    await this.#bindSessionCart.execute(this.db, session.tokenHash, session.storeId, session.cartId, session.expiresAt);
  }

  async findSessionCart(
    tokenHash: string,
    storeId: number,
    now: number,
  ): Promise<{ cartId: string | undefined; cartVersion: number | undefined; configVersion: number; expiresAt: number; customerId: number | undefined } | undefined> {
    const [row] = (await this.#findSessionCart.execute(this.db, now, tokenHash, storeId, now)).rows;
    return (
      row && {
        cartId: row.cart_id ?? undefined,
        cartVersion: row.cart_version ?? undefined,
        configVersion: row.config_version,
        expiresAt: Number(row.expires_at),
        customerId: row.customer_id ?? undefined,
      }
    );
  }

  async extendSession(tokenHash: string, storeId: number, expiresAt: number): Promise<void> {
    // Only the expiry: a concurrent request that bound another cart keeps it.
    await this.db.updateTable('storefront_sessions').set({ expires_at: expiresAt }).where('token_hash', '=', tokenHash).where('store_id', '=', storeId).execute();
  }

  async insertCartHandoff(handoff: SessionCartRecord): Promise<void> {
    await this.db
      .insertInto('cart_handoffs')
      .values({ token_hash: handoff.tokenHash, store_id: handoff.storeId, cart_id: handoff.cartId, expires_at: handoff.expiresAt })
      .execute();
  }

  async takeCartHandoff(tokenHash: string, storeId: number, cartId: string, now: number): Promise<boolean> {
    // Deleting and reading in one statement makes the token single-use even between processes;
    // a token presented for another store or cart is not this one, and is left as it was.
    if (!isStorableText(cartId)) return false;
    const row = await this.db
      .deleteFrom('cart_handoffs')
      .where('token_hash', '=', tokenHash)
      .where('store_id', '=', storeId)
      .where('cart_id', '=', cartId)
      .returning('expires_at')
      .executeTakeFirst();
    return row !== undefined && Number(row.expires_at) > now;
  }

  async claimIdempotencyKey(claim: IdempotencyClaim, now: number): Promise<IdempotencyRecord | undefined> {
    const where = idempotencyWhere(claim);
    // The primary key makes the claim atomic between requests and between processes: exactly one
    // insert (or one takeover of an expired row) wins; everyone else reads the winner's row.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.db
        .insertInto('idempotency_keys')
        .values({
          store_id: claim.storeId,
          scope: claim.scope,
          idempotency_key: claim.key,
          request_hash: claim.requestHash,
          status: null,
          content_type: null,
          body: null,
          headers: null,
          expires_at: claim.expiresAt,
        })
        .onConflict((oc) => oc.columns(['store_id', 'scope', 'idempotency_key']).doNothing())
        .returning('store_id')
        .executeTakeFirst();
      if (inserted) return undefined;
      const row = await this.db
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status', 'content_type', 'body', 'headers', 'expires_at'])
        .where(where)
        .executeTakeFirst();
      if (!row) continue;
      if (Number(row.expires_at) > now) {
        const response =
          row.status === null
            ? undefined
            : { status: row.status, contentType: row.content_type, body: row.body ?? '', headers: row.headers === null ? [] : (JSON.parse(row.headers) as [string, string][]) };
        return { requestHash: row.request_hash, response };
      }
      const taken = await this.db
        .updateTable('idempotency_keys')
        .set({ request_hash: claim.requestHash, status: null, content_type: null, body: null, headers: null, expires_at: claim.expiresAt })
        .where(where)
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      if (taken.numUpdatedRows === 1n) return undefined;
    }
    // Lost every race for this key: answer as if the other request were still in flight.
    return { requestHash: claim.requestHash, response: undefined };
  }

  async completeIdempotencyKey(id: IdempotencyId, requestHash: string, response: IdempotentResponse, expiresAt: number): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ status: response.status, content_type: response.contentType, body: response.body, headers: JSON.stringify(response.headers), expires_at: expiresAt })
      .where(idempotencyWhere(id))
      .where('request_hash', '=', requestHash)
      .where('status', 'is', null)
      .execute();
  }

  async releaseIdempotencyKey(id: IdempotencyId, requestHash: string): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where(idempotencyWhere(id)).where('request_hash', '=', requestHash).where('status', 'is', null).execute();
  }

  async deleteExpiredCarts(now: number, limit: number): Promise<number> {
    // Bounded batches through the expiry indexes: a first sweep of a large old database takes
    // its time over several rounds instead of one long write. Parts go with their cart (ON DELETE
    // CASCADE); a session left pointing at a deleted cart reads as one without a cart.
    // A cart's `sweep_at` is at or before its `expires_at` (its first expiry; writes only move
    // the expiry later), so every expired cart is among those whose `sweep_at` has passed. Those
    // of them written since are still live: their `sweep_at` moves up to their expiry, so the
    // next sweeps do not look at them again until then.
    // On SQLite `sweep_at` is indexed after `store_id` (migration 28), so the look-up names the
    // stores and goes through the index store by store; PostgreSQL's reads its own index on `sweep_at`.
    const sweepable = (db: Kysely<Database>) => db.selectFrom('carts').select('id').where('store_id', 'in', db.selectFrom('stores').select('id')).where('sweep_at', '<=', now);
    await this.db
      .updateTable('carts')
      .set((eb) => ({ sweep_at: eb.ref('expires_at') }))
      .where('id', 'in', sweepable(this.db).where('expires_at', '>', now).limit(limit))
      .execute();
    const carts = await this.db
      .deleteFrom('carts')
      .where('id', 'in', sweepable(this.db).where('expires_at', '<=', now).limit(limit))
      .executeTakeFirst();
    await this.db
      .deleteFrom('storefront_sessions')
      .where((eb) => eb(eb.refTuple('token_hash', 'store_id'), 'in', eb.selectFrom('storefront_sessions').select(['token_hash', 'store_id']).where('expires_at', '<=', now).limit(limit).$asTuple('token_hash', 'store_id')))
      .execute();
    await this.db
      .deleteFrom('cart_handoffs')
      .where('token_hash', 'in', (db) => db.selectFrom('cart_handoffs').select('token_hash').where('expires_at', '<=', now).limit(limit))
      .execute();
    return Number(carts.numDeletedRows);
  }

  async deleteExpiredIdempotencyKeys(now: number): Promise<number> {
    const result = await this.db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteIdempotencyKeys(storeId: number, fragments: readonly string[]): Promise<number> {
    if (fragments.length === 0) return 0;
    // LIKE with its wildcards escaped: a fragment matches as written, on both databases.
    const pattern = (fragment: string) => `%${fragment.replace(/[\\%_]/g, '\\$&')}%`;
    const result = await this.db
      .deleteFrom('idempotency_keys')
      .where('store_id', '=', storeId)
      .where((eb) => eb.or(fragments.map((f) => sql<boolean>`${eb.ref('scope')} LIKE ${pattern(f)} ESCAPE '\\'`)))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // Storefront host ownership

  async listStorefrontHosts(): Promise<StorefrontHostRecord[]> {
    const rows = await this.db.selectFrom('storefront_hosts').select(['host', 'store_id']).orderBy('host').execute();
    return rows.map((r) => ({ host: r.host, storeId: r.store_id }));
  }

  // Configuration writes: incremental loads.
  async loadConfigChanges(storeId: number, sinceVersion?: number): Promise<ConfigChanges> {
    // One snapshot for the three reads (SQLite's read transaction is one already), so the version
    // read names exactly the changes read with it.
    const transaction = this.kind === 'postgres' && !this.db.isTransaction ? this.db.transaction().setIsolationLevel('repeatable read') : undefined;
    const read = async (trx: Kysely<Database>): Promise<ConfigChanges> => {
      const row = await trx.selectFrom('stores').select(['id', 'hash', 'name', 'settings', 'config_version']).where('id', '=', storeId).executeTakeFirstOrThrow();
      let items = trx
        .selectFrom('config_items')
        .select(['id', 'kind', 'parent_kind', 'parent_id', 'document'])
        .where('store_id', '=', storeId);
      if (sinceVersion !== undefined) items = items.where('written_version', '>', sinceVersion);
      const deleted =
        sinceVersion === undefined
          ? []
          : await trx.selectFrom('config_deletions').select(['kind', 'id']).where('store_id', '=', storeId).where('deleted_version', '>', sinceVersion).execute();
      const { config_version: version, ...store } = row;
      return { store, version, items: (await items.orderBy('id').execute()).map(toConfigItem), deleted };
    };
    if (transaction) return transaction.execute(read);
    return this.#transaction(read);
  }

  // API accounts that can be listed, revoked and expire.
  async listApiAccounts(storeId: number): Promise<ApiAccountRecord[]> {
    return selectApiAccounts(this.db, storeId);
  }

  async deleteApiAccount(storeId: number, id: number): Promise<boolean> {
    return deleteApiAccountRow(this.db, storeId, id);
  }

  // Rate limits shared by every process.
  async countRateLimitWindows(counted: readonly RateWindowRequest[], checked: readonly RateWindowRequest[], now: number): Promise<RateWindowCounts> {
    return countWindows(this.db, counted, checked, now);
  }

  async deleteEndedRateLimitWindows(now: number): Promise<number> {
    return deleteEndedWindows(this.db, now);
  }

  // Payments: an order's payment and status change after it is placed.

  async updateOrder(storeId: number, id: number, document: string, expectedVersion: number, deliveries?: readonly NewWebhookDelivery[]): Promise<boolean> {
    return this.#writeIfMatched(this.#updateOrder, [document, expectedVersion + 1, storeId, id, expectedVersion], deliveryWrites(this.kind, deliveries));
  }

  // Customers (docs/customers.md): the SQL lives in customer-tables.ts.

  #customers(): CustomerTables {
    return new CustomerTables(this.db, (work) => this.#transaction(work));
  }

  insertCustomer(storeId: number, customer: StoredCustomer): Promise<number | undefined> {
    return this.#customers().insertCustomer(storeId, customer);
  }

  updateCustomer(storeId: number, id: number, change: (current: CustomerRow) => StoredCustomer): Promise<{ written: StoredCustomer } | 'missing' | 'taken'> {
    return this.#customers().updateCustomer(storeId, id, change);
  }

  listCustomers(storeId: number, filter: CustomerFilter, page: Page): Promise<{ rows: CustomerRow[]; total: number }> {
    return this.#customers().listCustomers(storeId, filter, page);
  }

  findCustomerByEmail(storeId: number, emailKey: string): Promise<CustomerRow | undefined> {
    return this.#customers().findCustomerByEmail(storeId, emailKey);
  }

  deleteCustomers(storeId: number, ids: readonly number[]): Promise<number> {
    return this.#customers().deleteCustomers(storeId, ids);
  }

  insertCustomerAddress(storeId: number, customerId: number, addressKey: string, document: string): Promise<number | 'missing' | 'duplicate'> {
    return this.#customers().insertCustomerAddress(storeId, customerId, addressKey, document);
  }

  updateCustomerAddress(
    storeId: number,
    id: number,
    change: (current: CustomerAddressRow) => { addressKey: string; document: string },
  ): Promise<{ row: CustomerAddressRow } | 'missing' | 'duplicate'> {
    return this.#customers().updateCustomerAddress(storeId, id, change);
  }

  listCustomerAddresses(storeId: number, filter: CustomerAddressFilter, page: Page): Promise<{ rows: CustomerAddressRow[]; total: number }> {
    return this.#customers().listCustomerAddresses(storeId, filter, page);
  }

  deleteCustomerAddresses(storeId: number, ids: readonly number[]): Promise<number> {
    return this.#customers().deleteCustomerAddresses(storeId, ids);
  }

  bindSessionCustomer(session: SessionCartRecord, customerId: number | null): Promise<void> {
    return this.#customers().bindSessionCustomer(session, customerId);
  }

  deleteSession(tokenHash: string, storeId: number): Promise<void> {
    return this.#customers().deleteSession(tokenHash, storeId);
  }

  // Carrier rates
  async findCarrierQuote(storeId: number, requestKey: string, now: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('carrier_quotes')
      .select('document')
      .where('store_id', '=', storeId)
      .where('request_key', '=', requestKey)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row?.document;
  }

  async saveCarrierQuote(storeId: number, requestKey: string, document: string, expiresAt: number, now: number): Promise<void> {
    // Expired answers are never read again; each write sweeps its store's, so the table holds about one ttl's worth.
    await this.db.deleteFrom('carrier_quotes').where('store_id', '=', storeId).where('expires_at', '<=', now).execute();
    await this.db
      .insertInto('carrier_quotes')
      .values({ store_id: storeId, request_key: requestKey, document, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['store_id', 'request_key']).doUpdateSet({ document, expires_at: expiresAt }))
      .execute();
  }

  // Webhooks: the SQL lives in webhook-deliveries-sql.ts.
  recordWebhookDeliveries(deliveries: readonly NewWebhookDelivery[]): Promise<void> {
    return insertDeliveries(this.db, this.kind, deliveries);
  }

  claimWebhookDeliveries(owner: string, now: number, leaseUntil: number, limit: number): Promise<ClaimedWebhookDelivery[]> {
    return claimDeliveries(this.db, this.kind === 'postgres', owner, now, leaseUntil, limit);
  }

  finishWebhookDeliveries(owner: string, finished: readonly FinishedWebhookDelivery[]): Promise<number[]> {
    return finishDeliveries(this.db, owner, finished);
  }

  abandonWebhookDeliveries(storeId: number, hookId: number, answer: string, now: number): Promise<number> {
    return abandonDeliveries(this.db, storeId, hookId, answer, now);
  }

  pruneWebhookDeliveries(before: number, limit: number): Promise<number> {
    return pruneDeliveries(this.db, before, limit);
  }

  listWebhookDeliveries(storeId: number, hookId: number, page: Page): Promise<{ rows: WebhookDeliveryRow[]; total: number }> {
    return listDeliveries(this.db, storeId, hookId, page);
  }
}

function idempotencyWhere(id: IdempotencyId) {
  return (eb: ExpressionBuilder<Database, 'idempotency_keys'>) =>
    eb.and([eb('store_id', '=', id.storeId), eb('scope', '=', id.scope), eb('idempotency_key', '=', id.key)]);
}

/** A placed order's insert, a rider of the cart's write that places it (conditional-write-sql.ts). */
function orderInsert(order: OrderRecord): Rider {
  const { storeId, id, checkoutId, document, createdAt } = order;
  return {
    shape: 'order',
    values: [storeId, id, checkoutId, document, createdAt],
    statement: (matched) => sql`INSERT INTO orders (store_id, id, checkout_id, document, created_at)
      SELECT ${storeId}, ${id}, ${checkoutId}, ${document}, ${createdAt} WHERE ${whenMatched(matched)}`,
  };
}

/** `updateCartRow`, which also matches only while the cart is live at `now` and the store's configuration at `configVersion`. */
function updateLiveCartRow(db: Kysely<Database>, version: number, document: string, expiresAt: number, sinceExpected: number, sinceAt: number, partsVersion: number, id: string, storeId: number, expectedVersion: number, now: number, configVersion: number) {
  return updateCartRow(db, version, document, expiresAt, sinceExpected, sinceAt, partsVersion, id, storeId, expectedVersion)
    .where('expires_at', '>', now)
    .where((eb) => eb.exists(eb.selectFrom('stores').select(sql<number>`1`.as('one')).whereRef('stores.id', '=', 'carts.store_id').where('stores.config_version', '=', configVersion)));
}

/** A cart's versioned update (`updateCart`), with no further condition. */
function updateCartRow(db: Kysely<Database>, version: number, document: string, expiresAt: number, sinceExpected: number, sinceAt: number, partsVersion: number, id: string, storeId: number, expectedVersion: number) {
  return db
    .updateTable('carts')
    .set({
      version,
      document,
      expires_at: expiresAt,
      parts_since: sql<number>`CASE WHEN parts_version = ${sinceExpected} THEN parts_since ELSE ${sinceAt} END`,
      parts_version: partsVersion,
    })
    .where('id', '=', id)
    .where('store_id', '=', storeId)
    .where('version', '=', expectedVersion);
}
