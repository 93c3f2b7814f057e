import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointThread } from '../../src/store/sqlite-checkpoints.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function walDatabase(): { file: string; database: SQLite.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'consign-checkpoints-'));
  dirs.push(dir);
  const file = join(dir, 'consign.sqlite');
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  // This connection never checkpoints by itself: whatever is copied, the thread copied.
  database.pragma('wal_autocheckpoint = 0');
  database.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  return { file, database };
}

describe('the SQLite checkpoint thread', () => {
  it('copies committed pages into the database file while the writer goes on, and stops', async () => {
    const { file, database } = walDatabase();
    const stop = startCheckpointThread(file, 'NORMAL', 20);
    const insert = database.prepare('INSERT INTO t (body) VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(2000));
    // The thread's first passes come once it has started: wait for them (a loaded machine starts it late).
    for (const deadline = Date.now() + 10_000; statSync(file).size <= 200 * 2000 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await stop();
    // Every page the writer committed went first to the WAL; the database file holds them only
    // once a checkpoint copied them, and this connection never checkpoints.
    expect(statSync(file).size).toBeGreaterThan(200 * 2000);
    const fresh = new SQLite(file, { readonly: true });
    expect((fresh.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(200);
    fresh.close();
    database.close();
  });

  it('ends when stopped, with no connection left open', async () => {
    const { file, database } = walDatabase();
    const stop = startCheckpointThread(file, 'NORMAL', 20);
    database.prepare('INSERT INTO t (body) VALUES (?)').run('x');
    await stop();
    // The last connection to close removes the WAL; had the thread kept its own, this one would not be the last.
    database.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
