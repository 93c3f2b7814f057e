import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether the environment says it is CI. CI services set CI=true (or 1); CI=false, 0 or empty says
 * it is not, so a developer's CI=false does not demand PostgreSQL.
 */
export function isCi(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no'].includes(value.trim().toLowerCase());
}

const reachable = await postgresReachable();
if (!reachable) {
  if (isCi(process.env.CI)) {
    throw new Error(`PostgreSQL is unreachable at ${POSTGRES_URL}, and CI=true requires the PostgreSQL half of the suite. Start it (pg_ctlcluster ... main start) or set TEST_DATABASE_URL.`);
  }
  console.warn(`\n!!! PostgreSQL is unreachable at ${POSTGRES_URL}: running the SQLite half only. CI fails in this case.\n`);
}

export type StoreKind = 'sqlite' | 'postgres';

/** Every storage test runs on both stores (only SQLite locally when PostgreSQL is down). */
export const STORE_KINDS: StoreKind[] = reachable ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore {
  readonly store: Store;
  /** Where the data lives: a SQLite file, or a PostgreSQL schema. */
  readonly location: { readonly file?: string; readonly schema?: string };
  /** Opens another handle on the same data (a second process would). */
  reopen(): Promise<Store>;
  destroy(): Promise<void>;
}

/** A fresh, empty store of the given kind: a temporary file, or a schema of its own. */
export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'consign-test-'));
    const file = join(dir, 'consign.db');
    const store = await openSqliteStore(file);
    return {
      store,
      location: { file },
      reopen: () => openSqliteStore(file),
      async destroy() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const store = await openPostgresStore({ connectionString: POSTGRES_URL, schema, poolSize: 4 });
  return {
    store,
    location: { schema },
    reopen: () => openPostgresStore({ connectionString: POSTGRES_URL, schema, poolSize: 4 }),
    async destroy() {
      await store.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}
