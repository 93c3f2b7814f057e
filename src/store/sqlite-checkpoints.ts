import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * How often the checkpoint thread copies what the WAL gathered into the database file. Each pass
 * leaves the service's own checkpoint (every WAL_CHECKPOINT_PAGES, in sqlite-store.ts) only what
 * was committed since, so that one copies and syncs little; a shorter interval copies a page
 * written several times in between more often, on the other core.
 */
export const CHECKPOINT_EVERY_MS = 100;

/**
 * The thread's code, plain CommonJS so that it runs the same from dist/ and from the sources under
 * the tests. `PASSIVE` copies the frames no reader still needs without taking the write lock: the
 * service's commits go on meanwhile. A pass that fails (the file busy, a disk error) is left to the
 * next pass and to the service's own checkpoint; nothing here decides what is durable.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const database = new SQLite(workerData.file);
database.pragma('busy_timeout = 0');
database.pragma('synchronous = ' + workerData.synchronous);
const timer = setInterval(() => {
  try { database.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  database.close();
  parentPort.close();
});
`;

/**
 * Starts a thread with its own connection to `file` that checkpoints its WAL every `everyMs`, so
 * that the copy into the database file and its fsyncs (tens of milliseconds for a 16 MB WAL on
 * this host's disk) no longer stall the service's one thread, and the requests queued behind it,
 * every few thousand pages (docs/storage.md, "SQLite"). Returns what stops it: the thread closes
 * its connection and ends (the promise says when); it keeps the process alive only while stopping.
 */
export function startCheckpointThread(file: string, synchronous: string, everyMs = CHECKPOINT_EVERY_MS): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { file, synchronous, driver, everyMs } });
  // The service's own checkpoint is the backstop: a thread that failed only costs the stalls back.
  worker.on('error', () => {});
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return () => {
    // Held until it has ended: a process whose last work is to wait for this would otherwise exit
    // at once, unref'd thread and all, before it ran what follows the wait (its exit code, say).
    worker.ref();
    worker.postMessage('stop');
    return exited;
  };
}
