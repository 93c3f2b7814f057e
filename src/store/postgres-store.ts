import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';
import { SqlStore } from './sql-store.js';

export interface PostgresOptions {
  readonly connectionString: string;
  /** A schema to hold the tables instead of `public` (tests use one schema each). */
  readonly schema?: string;
  readonly poolSize?: number;
}

/** An arbitrary constant: the advisory lock that lets one process at a time migrate. */
const MIGRATION_LOCK = 0x636f6e73;

/**
 * The store for more than one machine: every service process keeps its state here, so processes
 * are stateless and can be added behind a load balancer.
 */
export async function openPostgresStore(options: PostgresOptions): Promise<SqlStore> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(db);
    await db.connection().execute(async (connection) => {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection);
      try {
        await migrate(connection, { serialKey: 'SERIAL PRIMARY KEY', bigint: 'BIGINT' });
      } finally {
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(connection);
      }
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new SqlStore('postgres', db);
}
