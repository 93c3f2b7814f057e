import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import type { CartPartChanges } from './store.js';

/**
 * Stores and drops a cart's changed parts. The written parts go as one JSON object (key to
 * document) that the database itself expands: one short statement, the same text whatever the
 * count, where a multi-row VALUES of 100 consignments and lines took seven times as long on SQLite
 * to build, prepare and run.
 */
export async function writeParts(trx: Kysely<Database>, kind: 'sqlite' | 'postgres', cartId: string, version: number, changes: CartPartChanges): Promise<void> {
  if (changes.removed.length > 0) {
    await trx.deleteFrom('cart_parts').where('cart_id', '=', cartId).where('part_key', 'in', changes.removed).execute();
  }
  if (changes.written.length === 0) return;
  const parts = JSON.stringify(Object.fromEntries(changes.written.map((part) => [part.key, part.document])));
  const rows = kind === 'sqlite' ? sql`json_each(${parts})` : sql`json_each_text(${parts}::json)`;
  // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join. Each part
  // records the cart version that wrote it (`version`), for the readers keeping an earlier one.
  await sql`INSERT INTO cart_parts (cart_id, part_key, document, written_version) SELECT ${cartId}, key, value, ${version} FROM ${rows} WHERE true
    ON CONFLICT (cart_id, part_key) DO UPDATE SET document = excluded.document, written_version = excluded.written_version`.execute(trx);
}
