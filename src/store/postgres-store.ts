import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql } from 'kysely';
import pg from 'pg';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';
import { SqlStore } from './sql-store.js';

export interface PostgresOptions {
  readonly connectionString: string;
  /** A schema to hold the tables instead of `public` (tests use one schema each). */
  readonly schema?: string;
  readonly poolSize?: number;
  /**
   * Told about a connection the database dropped (a restart, `pg_terminate_backend`, the network).
   * The pool replaces the connection by itself; without a listener, node-postgres would throw.
   */
  readonly onConnectionError?: (error: Error) => void;
}

/**
 * Bounds on every wait for the database, all well under the Idempotency-Key lease (2 minutes,
 * services/idempotency.ts), so that a request fails with 503 long before a retry may take its
 * key over (docs/reliability.md). A connection from the pool within 5 s; a lock within 5 s; a
 * statement within 10 s; a transaction left idle is ended after 30 s.
 */
export const POSTGRES_TIMEOUTS = {
  connectionTimeoutMillis: 5_000,
  lock_timeout: 5_000,
  statement_timeout: 10_000,
  idle_in_transaction_session_timeout: 30_000,
} as const;

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
    ...POSTGRES_TIMEOUTS,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // Every connection gets a listener, idle or checked out (then only the client hears of it); the
  // pool re-emits an idle one's error, already told, and would throw without a listener of its own.
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionError?.(error)));
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
  try {
    if (schema) await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${schema}`).execute(db);
    await db.connection().execute(async (connection) => {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(connection);
      try {
        await migrate(connection, { serialKey: 'SERIAL PRIMARY KEY', bigint: 'BIGINT', name: 'postgres', jsonText: (column, field) => `(${column}::json ->> '${field}')` });
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

/** How many distinct statements are named; far more than the distinct queries the service runs. */
const NAMED_STATEMENTS_MAX = 500;

/**
 * node-postgres sends a query with parameters as an unnamed statement: PostgreSQL parses, analyses
 * and plans its text on every run, and the text crosses the socket every time. A named statement
 * is prepared once per connection and then only bound and executed (node-postgres remembers which
 * names each connection has prepared). Every parameterised query gets a name by its text; the
 * first NAMED_STATEMENTS_MAX texts keep theirs, later ones (an IN list of a length not seen
 * before) run unnamed, so a connection never holds more than that many. A query without
 * parameters (begin, commit, a migration's DDL) goes as a simple query, as before.
 *
 * A prepared statement's result columns are fixed: a migration that adds a column to a table
 * makes `SELECT *` on it fail in processes that prepared it before ("cached plan must not change
 * result type"), so queries name the columns they read.
 */
function withNamedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < NAMED_STATEMENTS_MAX) {
      name = `consign_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let named = clients.get(client);
      if (named === undefined) {
        // Kysely passes a cursor only for streaming, which this store never configures.
        const query = (text: string, values: unknown[]) => client.query(values.length === 0 ? text : { text, values, name: nameOf(text) });
        named = {
          query: query as unknown as PostgresPoolClient['query'],
          release: (destroy) => client.release(destroy),
        };
        clients.set(client, named);
      }
      return named;
    },
    end: () => pool.end(),
  };
}
