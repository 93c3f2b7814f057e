import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { migrate } from './migrations.js';
import type { Database } from './schema.js';
import { SqlStore } from './sql-store.js';

/**
 * The embedded store: one SQLite file in WAL mode. With `synchronous = NORMAL` a committed write
 * survives the process being killed at any point (SQLite's WAL guarantee); only an operating
 * system crash or power loss can roll back the last commits. `FULL` closes that gap at the cost
 * of an fsync per write; set CONSIGN_SQLITE_SYNCHRONOUS=FULL to choose it.
 */
export async function openSqliteStore(file: string): Promise<SqlStore> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${process.env.CONSIGN_SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'}`);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  await migrate(db, { serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT', bigint: 'INTEGER', name: 'sqlite', jsonText: (column, field) => `json_extract(${column}, '$.${field}')` });
  return new SqlStore('sqlite', db);
}

/**
 * How many pages the WAL gathers before a commit copies them into the database file (SQLite's
 * default is 1000). The copy and its two fsyncs run on the committing thread, the service's only
 * one; a storefront checkout flow writes about 13 pages, so at 1000 that stall came every 75 flows. Fewer,
 * larger checkpoints also copy a page written several times in between only once: with a
 * checkout flow's statements run in a loop, 4000 took the flow's wall time in SQLite from 407 to
 * 273 µs, and 10000 little further. The WAL file grows to about this many pages (16 MB) and is
 * reused from its start after each checkpoint. Durability is the same: a commit is in the WAL.
 */
const WAL_CHECKPOINT_PAGES = 4000;

/** How many prepared statements are kept; far more than the distinct queries the service runs. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query it runs, and better-sqlite3 parses and plans the SQL on every
 * prepare; the CPU profile of the benchmark showed that as a tenth of the service's time. Keeping
 * statements by their SQL text parses each query once. Reusing a statement is safe because the
 * driver runs it to completion synchronously (`all` or `run`); the service never streams.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        // Queries with an IN list of varying length could grow the map without bound.
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** SQLite's own check of the file; "ok" when it is sound. */
export function sqliteIntegrityCheck(file: string): string {
  const database = new SQLite(file, { readonly: true });
  try {
    const rows = database.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('\n');
  } finally {
    database.close();
  }
}
