import { type Transaction, sql } from 'kysely';
import type { Database } from './schema.js';
import { isStorableId, nextId } from './sql-values.js';
import type { ConfigItem, ConfigKey, ConfigWriter } from './store.js';

/** A configuration row as the Store interface gives it (SqlStore.loadConfig, loadConfigChanges, and the writer's reads). */
export function toConfigItem(row: { id: number; kind: string; parent_kind: string | null; parent_id: number | null; document: string }): ConfigItem {
  return { id: row.id, kind: row.kind, parentKind: row.parent_kind, parentId: row.parent_id, document: row.document };
}

/** An arbitrary constant: the advisory lock under which PostgreSQL transactions read the other stores. */
const OTHER_STORES_LOCK = 0x636f6e74;

/**
 * The writer of one configuration transaction at `version`: every item it writes carries that
 * version, and every item it deletes leaves a record of it, so caches load only what changed.
 */
export function configWriter(trx: Transaction<Database>, storeId: number, kind: 'sqlite' | 'postgres', version: number): ConfigWriter {
  const writer: ConfigWriter = {
    version,
    async insert(kind, parent, document) {
      const id = await nextId(trx, storeId, kind);
      await trx
        .insertInto('config_items')
        .values({ store_id: storeId, kind, id, parent_kind: parent?.kind ?? null, parent_id: parent?.id ?? null, document, written_version: version })
        .execute();
      return id;
    },
    async update(kind, id, document) {
      if (!isStorableId(id)) return false;
      const result = await trx
        .updateTable('config_items')
        .set({ document, written_version: version })
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
      const deleted = await trx
        .deleteFrom('config_items')
        .where('store_id', '=', storeId)
        .where('kind', '=', kind)
        .where('id', 'in', [...ids])
        .returning('id')
        .execute();
      if (deleted.length === 0) return 0;
      const gone = deleted.map((row) => row.id);
      // Ids are never reused, so an item is deleted once: its record never needs replacing.
      await trx
        .insertInto('config_deletions')
        .values(gone.map((id) => ({ store_id: storeId, kind, id, deleted_version: version })))
        .execute();
      await trx.deleteFrom('config_unique_keys').where('store_id', '=', storeId).where('owner_kind', '=', kind).where('owner_id', 'in', gone).execute();
      return gone.length;
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
    async settings() {
      return (await trx.selectFrom('stores').select('settings').where('id', '=', storeId).executeTakeFirstOrThrow()).settings;
    },
    async replaceSettings(settings) {
      await trx.updateTable('stores').set({ settings }).where('id', '=', storeId).execute();
    },
    async otherStores() {
      // SQLite: this transaction already holds the database's one write lock (changeConfig wrote
      // first). PostgreSQL locks rows: without a lock of their own, two stores' transactions could
      // each read the other before either wrote.
      if (kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(${OTHER_STORES_LOCK})`.execute(trx);
      return trx.selectFrom('stores').select(['id', 'hash', 'name', 'settings']).where('id', '!=', storeId).orderBy('id').execute();
    },
    async claimStorefrontHosts(hosts) {
      let released = trx.deleteFrom('storefront_hosts').where('store_id', '=', storeId);
      if (hosts.length > 0) released = released.where('host', 'not in', [...hosts]);
      await released.execute();
      if (hosts.length === 0) return [];
      // A host another transaction is claiming makes this insert wait for it (PostgreSQL) or
      // cannot be (SQLite's one writer); either way the winner's row is seen below.
      await trx
        .insertInto('storefront_hosts')
        .values(hosts.map((host) => ({ host, store_id: storeId })))
        .onConflict((oc) => oc.column('host').doNothing())
        .execute();
      const taken = await trx.selectFrom('storefront_hosts').select('host').where('host', 'in', [...hosts]).where('store_id', '!=', storeId).execute();
      return taken.map((r) => r.host);
    },
    async find(kind, id) {
      if (!isStorableId(id)) return undefined;
      const row = await trx
        .selectFrom('config_items')
        .select(['id', 'kind', 'parent_kind', 'parent_id', 'document'])
        .where('store_id', '=', storeId)
        .where('kind', '=', kind)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toConfigItem(row);
    },
    async claimUnique(name, values, owner) {
      const wanted = [...new Set(values)];
      if (wanted.length === 0) return undefined;
      // A value held already is left alone (no error, which would end a PostgreSQL transaction);
      // what was not inserted is then looked up, and is a conflict unless `owner` holds it.
      const inserted = await trx
        .insertInto('config_unique_keys')
        .values(wanted.map((value) => ({ store_id: storeId, name, value, owner_kind: owner.kind, owner_id: owner.id })))
        .onConflict((oc) => oc.columns(['store_id', 'name', 'value']).doNothing())
        .returning('value')
        .execute();
      if (inserted.length === wanted.length) return undefined;
      const claimed = new Set(inserted.map((row) => row.value));
      const held = await trx
        .selectFrom('config_unique_keys')
        .select(['value', 'owner_kind', 'owner_id'])
        .where('store_id', '=', storeId)
        .where('name', '=', name)
        .where('value', 'in', wanted.filter((value) => !claimed.has(value)))
        .execute();
      const taken = held.filter((row) => row.owner_kind !== owner.kind || row.owner_id !== owner.id).map((row) => row.value);
      return wanted.find((value) => taken.includes(value));
    },
    async releaseUnique(name, owner: ConfigKey) {
      await trx
        .deleteFrom('config_unique_keys')
        .where('store_id', '=', storeId)
        .where('name', '=', name)
        .where('owner_kind', '=', owner.kind)
        .where('owner_id', '=', owner.id)
        .execute();
    },
  };
  return writer;
}
