import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type {
  ApiAccountRecord,
  CartRecord,
  ConfigItem,
  ConfigWriter,
  NewApiAccount,
  NewStoreRecord,
  Store,
  StoreRecord,
} from './store.js';

/**
 * The Store interface in SQL that both databases accept. What differs between them (opening,
 * pragmas, migration locking) lives in sqlite-store.ts and postgres-store.ts.
 */
export class SqlStore implements Store {
  constructor(
    readonly kind: 'sqlite' | 'postgres',
    protected readonly db: Kysely<Database>,
  ) {}

  async close(): Promise<void> {
    await this.db.destroy();
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

  async updateStoreSettings(storeId: number, settings: string): Promise<void> {
    await this.db
      .updateTable('stores')
      .set((eb) => ({ settings, config_version: eb('config_version', '+', 1) }))
      .where('id', '=', storeId)
      .execute();
  }

  async createApiAccount(account: NewApiAccount): Promise<ApiAccountRecord> {
    const row = await this.db
      .insertInto('api_accounts')
      .values({ store_id: account.storeId, name: account.name, token_hash: account.tokenHash, scopes: JSON.stringify(account.scopes) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...account, id: row.id };
  }

  async findApiAccountByTokenHash(tokenHash: string): Promise<ApiAccountRecord | undefined> {
    const row = await this.db.selectFrom('api_accounts').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!row) return undefined;
    return { id: row.id, storeId: row.store_id, name: row.name, tokenHash: row.token_hash, scopes: JSON.parse(row.scopes) as string[] };
  }

  async configVersion(storeId: number): Promise<number> {
    const row = await this.db.selectFrom('stores').select('config_version').where('id', '=', storeId).executeTakeFirst();
    return row?.config_version ?? 0;
  }

  async loadConfig(storeId: number): Promise<{ version: number; items: ConfigItem[] }> {
    return this.db.transaction().execute(async (trx) => {
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
    await this.db.transaction().execute(async (trx) => {
      // Bumping first takes the store row's lock, so concurrent configuration changes queue up.
      await trx
        .updateTable('stores')
        .set((eb) => ({ config_version: eb('config_version', '+', 1) }))
        .where('id', '=', storeId)
        .execute();
      await change(configWriter(trx, storeId));
    });
  }

  async findCart(storeId: number, id: string, now: number): Promise<CartRecord | undefined> {
    // PostgreSQL refuses a NUL byte in text outright; no cart can have such an id on either store.
    if (id.includes('\0')) return undefined;
    const row = await this.db
      .selectFrom('carts')
      .innerJoin('stores', 'stores.id', 'carts.store_id')
      .select(['carts.id', 'carts.version', 'carts.document', 'carts.expires_at', 'stores.config_version'])
      .where('carts.id', '=', id)
      .where('carts.store_id', '=', storeId)
      .where('carts.expires_at', '>', now)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      storeId,
      version: row.version,
      document: row.document,
      expiresAt: Number(row.expires_at),
      configVersion: row.config_version,
    };
  }

  async insertCart(cart: CartRecord): Promise<void> {
    await this.db
      .insertInto('carts')
      .values({ id: cart.id, store_id: cart.storeId, version: cart.version, document: cart.document, expires_at: cart.expiresAt })
      .execute();
  }

  async updateCart(cart: CartRecord, expectedVersion: number): Promise<boolean> {
    const result = await this.db
      .updateTable('carts')
      .set({ version: cart.version, document: cart.document, expires_at: cart.expiresAt })
      .where('id', '=', cart.id)
      .where('store_id', '=', cart.storeId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async deleteCart(storeId: number, id: string, expectedVersion: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('carts')
      .where('id', '=', id)
      .where('store_id', '=', storeId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return result.numDeletedRows === 1n;
  }

  async deleteCarts(storeId: number): Promise<number> {
    const result = await this.db.deleteFrom('carts').where('store_id', '=', storeId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toConfigItem(row: { id: number; kind: string; parent_kind: string | null; parent_id: number | null; document: string }): ConfigItem {
  return { id: row.id, kind: row.kind, parentKind: row.parent_kind, parentId: row.parent_id, document: row.document };
}

/**
 * Configuration ids are 32-bit integers in both databases; a larger one (from a URL) cannot exist,
 * and PostgreSQL would refuse to even compare it.
 */
function isStorableId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647;
}

function configWriter(trx: Transaction<Database>, storeId: number): ConfigWriter {
  const writer: ConfigWriter = {
    async insert(kind, parent, document) {
      const { last_id: id } = await trx
        .insertInto('config_sequences')
        .values({ store_id: storeId, kind, last_id: 1 })
        .onConflict((oc) => oc.columns(['store_id', 'kind']).doUpdateSet((eb) => ({ last_id: eb('config_sequences.last_id', '+', 1) })))
        .returning('last_id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('config_items')
        .values({ store_id: storeId, kind, id, parent_kind: parent?.kind ?? null, parent_id: parent?.id ?? null, document })
        .execute();
      return id;
    },
    async update(kind, id, document) {
      if (!isStorableId(id)) return false;
      const result = await trx
        .updateTable('config_items')
        .set({ document })
        .where('store_id', '=', storeId)
        .where('kind', '=', kind)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async delete(kind, requested) {
      const ids = requested.filter(isStorableId);
      if (ids.length === 0) return 0;
      const children = await trx
        .selectFrom('config_items')
        .select(['kind', 'id'])
        .where('store_id', '=', storeId)
        .where('parent_kind', '=', kind)
        .where('parent_id', 'in', [...ids])
        .execute();
      for (const child of children) await writer.delete(child.kind, [child.id]);
      const result = await trx
        .deleteFrom('config_items')
        .where('store_id', '=', storeId)
        .where('kind', '=', kind)
        .where('id', 'in', [...ids])
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async list(kind, parent) {
      let query = trx
        .selectFrom('config_items')
        .select(['id', 'kind', 'parent_kind', 'parent_id', 'document'])
        .where('store_id', '=', storeId)
        .where('kind', '=', kind);
      if (parent) query = query.where('parent_kind', '=', parent.kind).where('parent_id', '=', parent.id);
      return (await query.orderBy('id').execute()).map(toConfigItem);
    },
  };
  return writer;
}
