import { join } from 'node:path';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export interface StoreLocation {
  /** `postgres://...` selects PostgreSQL; otherwise SQLite in `dataDir`. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
}

export function describeStore(location: StoreLocation): string {
  return location.databaseUrl ? 'PostgreSQL' : `SQLite at ${join(location.dataDir, 'consign.db')}`;
}

/** `onConnectionError` hears of database connections lost while the store is open (PostgreSQL). */
export async function openStore(location: StoreLocation, onConnectionError?: (error: Error) => void): Promise<Store> {
  const url = location.databaseUrl;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    // Loaded only when asked for: the embedded default never pays for the PostgreSQL client.
    const { openPostgresStore } = await import('./postgres-store.js');
    return openPostgresStore({ connectionString: url, ...(onConnectionError ? { onConnectionError } : {}) });
  }
  return openSqliteStore(join(location.dataDir, 'consign.db'));
}
