import { sql } from 'kysely';
import { type Rider, whenMatched } from './conditional-write-sql.js';
import type { CartPart, CartPartChanges } from './store.js';

/**
 * The statements that store and drop a cart's changed parts, each a rider of the cart's own write
 * (conditional-write-sql.ts): none when nothing changed. A part is either written or dropped,
 * never both (partChanges).
 *
 * How the written parts travel depends on the store. On PostgreSQL they go as two arrays (keys and
 * documents, `binaryTextArray`) the database unnests: the riders are data-modifying WITH queries of
 * the cart's own statement, and one short rider, the same text whatever the count, composes into
 * it. On SQLite a
 * rider is a statement of its own, a call within the process, and the parts go as multi-row
 * VALUES lists: the JSON object cost escaping every document into a string, then SQLite's parsing
 * and unescaping it again, and the write of a POST of 100 consignments (its head and 200 parts)
 * took 1.8 ms of CPU that way against 0.8 with VALUES (one process, alternating the two, 300
 * writes each).
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
    if (kind === 'sqlite') {
      for (let at = 0, left = changes.written.length; left > 0; ) {
        const rows = Math.min(SQLITE_ROWS, 1 << (31 - Math.clz32(left)));
        riders.push(sqliteRows(cartId, version, changes.written.slice(at, at + rows)));
        at += rows;
        left -= rows;
      }
      return riders;
    }
    const keys = binaryTextArray(changes.written.map((part) => part.key));
    const documents = binaryTextArray(changes.written.map((part) => part.document));
    riders.push({
      shape: 'written parts',
      values: [cartId, keys, documents, version],
      // A WHERE clause keeps PostgreSQL's parser from reading ON CONFLICT as part of the SELECT.
      // Each part records the cart version that wrote it, for the readers keeping an earlier one.
      statement: (matched) => sql`INSERT INTO cart_parts (cart_id, part_key, document, written_version)
        SELECT ${cartId}, part.key, part.document, ${version} FROM unnest(${keys}::text[], ${documents}::text[]) AS part(key, document) WHERE ${whenMatched(matched)}
        ON CONFLICT (cart_id, part_key) DO UPDATE SET document = excluded.document, written_version = excluded.written_version`,
    });
  }
  return riders;
}

/**
 * `texts` as the binary form of a PostgreSQL `text[]` (what `array_recv` reads): node-postgres
 * sends a Buffer parameter as it is, in binary. Each text is only copied in as UTF-8, where a JSON
 * object of the parts (as before) or node-postgres's own array literal escaped every quote of every
 * document here and PostgreSQL unescaped it there: for the 200 parts of a POST of 100
 * consignments that was 0.3 to 0.4 ms of the service's CPU per write.
 */
function binaryTextArray(texts: readonly string[]): Buffer {
  const TEXT_OID = 25;
  const lengths = texts.map((text) => Buffer.byteLength(text));
  // One dimension, no nulls, the element type; the dimension's length and lower bound (1); then each text, after its length.
  const buffer = Buffer.allocUnsafe(20 + lengths.reduce((sum, length) => sum + 4 + length, 0));
  let at = buffer.writeInt32BE(1, 0);
  at = buffer.writeInt32BE(0, at);
  at = buffer.writeInt32BE(TEXT_OID, at);
  at = buffer.writeInt32BE(texts.length, at);
  at = buffer.writeInt32BE(1, at);
  texts.forEach((text, i) => {
    at = buffer.writeInt32BE(lengths[i]!, at);
    at += buffer.write(text, at);
  });
  return buffer;
}

/**
 * The most parts one SQLite statement writes. The parts go in runs of a power of two rows (200 as
 * 128, 64 and 8), each run one statement in the cart's transaction: ten statement texts whatever
 * the counts, each compiled and prepared once per process (`ReusableShapes` and the statement
 * cache), where a text per count compiled anew for every count written. At most 512 rows, four
 * values each, stays far below SQLite's limit of 32,766 values (a checkout stored before the
 * checkout limits may hold thousands of parts).
 */
const SQLITE_ROWS = 512;

/** Written parts as one SQLite statement, run only after the cart's own write matched (so unconditional). */
function sqliteRows(cartId: string, version: number, parts: readonly CartPart[]): Rider {
  const values: unknown[] = [];
  for (const part of parts) values.push(cartId, part.key, part.document, version);
  return {
    shape: `written parts ${parts.length}`,
    values,
    statement: () => sql`INSERT INTO cart_parts (cart_id, part_key, document, written_version) VALUES ${sql.join(parts.map((part) => sql`(${cartId}, ${part.key}, ${part.document}, ${version})`))}
      ON CONFLICT (cart_id, part_key) DO UPDATE SET document = excluded.document, written_version = excluded.written_version`,
  };
}
