import type { Transaction } from 'kysely';
import type { Database } from './schema.js';

/** What the SQL of both databases shares beyond one table: ids from sequences, and values a request may send. */

/** The next id of a store's sequence `kind`: 1, 2, 3, ... never reused. */
export async function nextId(trx: Transaction<Database>, storeId: number, kind: string): Promise<number> {
  const row = await trx
    .insertInto('config_sequences')
    .values({ store_id: storeId, kind, last_id: 1 })
    .onConflict((oc) => oc.columns(['store_id', 'kind']).doUpdateSet((eb) => ({ last_id: eb('config_sequences.last_id', '+', 1) })))
    .returning('last_id')
    .executeTakeFirstOrThrow();
  return row.last_id;
}

/**
 * Configuration ids are 32-bit integers in both databases; a larger one (from a URL) cannot exist,
 * and PostgreSQL would refuse to even compare it.
 */
export function isStorableId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647;
}

/**
 * Whether a string from a request (an id in a path or query) can be a stored value at all.
 * PostgreSQL refuses a NUL byte in text outright (an error, not "no row") where SQLite answers
 * nothing; no stored id holds one, so on both stores the answer is "not found".
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\0');
}

/** Whether a database error is a unique key's refusal (PostgreSQL's 23505, SQLite's constraint codes). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
