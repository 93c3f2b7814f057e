import type { Kysely, Selectable } from 'kysely';
import type { ApiAccountsTable, Database } from './schema.js';
import type { ApiAccountRecord, NewApiAccount } from './store.js';

/** The SQL of API accounts, shared by both databases (SqlStore delegates here). */

export async function insertApiAccount(db: Kysely<Database>, account: NewApiAccount): Promise<ApiAccountRecord> {
  const row = await db
    .insertInto('api_accounts')
    .values({
      store_id: account.storeId,
      name: account.name,
      token_hash: account.tokenHash,
      scopes: JSON.stringify(account.scopes),
      created_at: account.createdAt,
      expires_at: account.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...account, id: row.id };
}

/** The columns an account is read with, named (a prepared `*` breaks when a migration adds one: postgres-store.ts). */
export const API_ACCOUNT_COLUMNS = ['id', 'store_id', 'name', 'token_hash', 'scopes', 'created_at', 'expires_at'] as const satisfies readonly (keyof ApiAccountsTable)[];

export async function selectApiAccounts(db: Kysely<Database>, storeId: number): Promise<ApiAccountRecord[]> {
  const rows = await db.selectFrom('api_accounts').select(API_ACCOUNT_COLUMNS).where('store_id', '=', storeId).orderBy('id').execute();
  return rows.map(toApiAccount);
}

export async function deleteApiAccountRow(db: Kysely<Database>, storeId: number, id: number): Promise<boolean> {
  // Ids are 32-bit integers in both databases; a larger one (from a URL) cannot exist.
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return false;
  const result = await db.deleteFrom('api_accounts').where('store_id', '=', storeId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export function toApiAccount(row: Selectable<ApiAccountsTable>): ApiAccountRecord {
  return {
    id: row.id,
    storeId: row.store_id,
    name: row.name,
    tokenHash: row.token_hash,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
    // PostgreSQL's bigint reads back as a string.
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  };
}
