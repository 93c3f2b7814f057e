import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { POSTGRES_URL, type StoreKind } from './stores.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The CLI as one JavaScript file, so that tests can start it as a user does (`node cli.js ...`)
 * without paying for a TypeScript loader in every process: about 0.7 s a start instead of 2 s.
 * It is the same source, bundled with esbuild (which tsx already brings); dependencies stay in
 * node_modules. `import.meta.url` keeps pointing into src/, so the default demo fixture resolves
 * exactly as it does for `tsx src/cli.ts` and for the built dist/cli.js.
 */
export async function buildCli(): Promise<{ readonly file: string; remove(): void }> {
  const dir = join(ROOT, 'node_modules', '.cache', 'consign-test', `${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'cli.mjs');
  await build({
    entryPoints: [join(ROOT, 'src', 'cli.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(ROOT, 'src', 'config.ts')).href) },
    logLevel: 'warning',
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a CLI process: the test's, minus anything that would pick a database for it. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATA_DIR: _dir, CONSIGN_DEMO_STORE_HASH: _hash, CONSIGN_DEMO_TOKEN: _token, PORT: _port, ...inherited } = process.env;
  return { ...inherited, ...env };
}

export function spawnCli(file: string, args: readonly string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [file, ...args], { cwd: ROOT, env: cliEnv(env) });
}

/** Runs the CLI to completion. */
export function runCli(file: string, args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(file, args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Where a CLI or server process keeps its data: a temporary DATA_DIR and, for PostgreSQL, a schema
 * of its own (selected through DATABASE_URL's `options`), so that nothing else is touched.
 */
export interface DataPlace {
  /** DATA_DIR, and DATABASE_URL for PostgreSQL. */
  readonly env: Record<string, string>;
  /** A handle on the same data, for the test to look at. */
  open(): Promise<Store>;
  destroy(): Promise<void>;
}

export async function makeDataPlace(kind: StoreKind): Promise<DataPlace> {
  const dir = mkdtempSync(join(tmpdir(), 'consign-process-'));
  if (kind === 'sqlite') {
    return {
      env: { DATA_DIR: dir },
      open: () => openSqliteStore(join(dir, 'consign.db')),
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `proc_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const separator = POSTGRES_URL.includes('?') ? '&' : '?';
  return {
    env: { DATA_DIR: dir, DATABASE_URL: `${POSTGRES_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}` },
    open: () => openPostgresStore({ connectionString: POSTGRES_URL, schema, poolSize: 2 }),
    async destroy() {
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A `consign serve` process, with everything it wrote so far and its exit. */
export interface ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  output(): string;
  running(): boolean;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Servers still running when a test file ends (a failed test) are killed, never left behind. */
const serving = new Set<ChildProcessWithoutNullStreams>();
export function killServers(): void {
  for (const child of serving) child.kill('SIGKILL');
}

export function startServe(file: string, env: Record<string, string>): ServeProcess {
  const child = spawnCli(file, ['serve'], { HOST: '127.0.0.1', ...env });
  serving.add(child);
  let output = '';
  let running = true;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running = false;
      serving.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, exited, output: () => output, running: () => running };
}

/** Waits until GET `base`/health answers 200; fails with the process's output if it exits or hangs. */
export async function waitForHealth(server: ServeProcess, base: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (!server.running()) throw new Error(`the server exited before it was ready:\n${server.output()}`);
    if (Date.now() > deadline) {
      server.child.kill('SIGKILL');
      throw new Error(`the server was not ready within ${ms / 1000} s:\n${server.output()}`);
    }
    const health = await fetch(`${base}/health`).catch(() => undefined);
    if (health?.status === 200) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The CLI built once for the test file that calls this (in its beforeAll); when the file ends, any
 * server it left running is killed and the build removed. Read `.file` in tests and hooks.
 */
export function builtCliForFile(): { readonly file: string } {
  let built: Awaited<ReturnType<typeof buildCli>> | undefined;
  beforeAll(async () => {
    built = await buildCli();
  });
  afterAll(() => {
    killServers();
    built?.remove();
  });
  return {
    get file() {
      if (!built) throw new Error('the CLI is built in beforeAll; read its file in a test or hook');
      return built.file;
    },
  };
}
