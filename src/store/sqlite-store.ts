import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { migrate } from './migrations.js';
import { startCheckpointThread } from './sqlite-checkpoints.js';
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
  const synchronous = process.env.CONSIGN_SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL';
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${synchronous}`);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  const handle = withStatementCache(database);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  await migrate(db, { serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT', bigint: 'INTEGER', name: 'sqlite', jsonText: (column, field) => `json_extract(${column}, '$.${field}')` });
  // An in-memory database has no WAL and no file another connection could open. Closing the
  // store waits for the thread's connection too, so that nothing touches the files afterwards.
  return new SqlStore('sqlite', db, file === ':memory:' ? undefined : startCheckpointThread(file, synchronous));
}

/**
 * How many pages the WAL gathers before a commit checkpoints it (SQLite's default is 1000). That
 * checkpoint runs on the committing thread, the service's only one; a storefront checkout flow
 * writes about 11 pages. The checkpoint thread (sqlite-checkpoints.ts) copies the pages in the
 * meantime, so this one only copies what came after its last pass; it remains because only a
 * checkpoint that finds every frame copied lets the next commit reuse the WAL from its start (the
 * thread's passes race the commits and rarely do), and it bounds the WAL if the thread falls
 * behind. The WAL file grows to about this many pages (16 MB). Durability is the same: a commit
 * is in the WAL.
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
