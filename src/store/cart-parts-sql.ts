import { sql } from 'kysely';
import { type Rider, whenMatched } from './conditional-write-sql.js';
import type { CartPartChanges } from './store.js';

/**
 * The statements that store and drop a cart's changed parts, each a rider of the cart's own write
 * (conditional-write-sql.ts): none when nothing changed. The written parts go as one JSON object
 * (key to document) that the database itself expands: one short statement, the same text whatever
 * the count, where a multi-row VALUES of 100 consignments and lines took seven times as long on
 * SQLite to build, prepare and run. A part is either written or dropped, never both (partChanges).
 */
export function partWrites(kind: 'sqlite' | 'postgres', cartId: string, version: number, changes: CartPartChanges | undefined): Rider[] {
  const riders: Rider[] = [];
  if (changes && changes.removed.length > 0) {
    const removed = changes.removed;
    riders.push({
      shape: `removed parts ${removed.length}`,
      values: [cartId, ...removed],
      statement: (matched) => sql`DELETE FROM cart_parts WHERE cart_id = ${cartId} AND part_key IN (${sql.join(removed)}) AND ${whenMatched(matched)}`,
    });
  }
  if (changes && changes.written.length > 0) {
    const parts = JSON.stringify(Object.fromEntries(changes.written.map((part) => [part.key, part.document])));
    const rows = kind === 'sqlite' ? sql`json_each(${parts})` : sql`json_each_text(${parts}::json)`;
    riders.push({
      shape: 'written parts',
      values: [cartId, version, parts],
      // A WHERE clause keeps SQLite from reading ON CONFLICT as part of the SELECT's join. Each part
      // records the cart version that wrote it, for the readers keeping an earlier one.
      statement: (matched) => sql`INSERT INTO cart_parts (cart_id, part_key, document, written_version) SELECT ${cartId}, key, value, ${version} FROM ${rows} WHERE ${whenMatched(matched)}
        ON CONFLICT (cart_id, part_key) DO UPDATE SET document = excluded.document, written_version = excluded.written_version`,
    });
  }
  return riders;
}
