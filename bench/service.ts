/**
 * The processes a benchmark starts: Consign's service (`consign serve` of a given build), and any
 * other server script, each on a free loopback port and waited for until it answers; their CPU
 * time and memory, read from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Credentials } from './flows.js';
import { freePort, waitForHealth } from './http.js';

/** The demo store every benchmarked service seeds, and its API token. */
export const CREDENTIALS: Credentials = { storeHash: 'bench', token: 'bench-token-0123456789abcdef' };
const CLK_TCK = 100;
const ROOT = new URL('..', import.meta.url).pathname;

export interface Service {
  readonly proc: ChildProcess;
  readonly port: number;
}

export async function startProcess(args: string[], env: Record<string, string>, port: number): Promise<Service> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${stderr}`))));
  await Promise.race([waitForHealth(port), exited]);
  exited.catch(() => {});
  return { proc, port };
}

export async function startConsign(cli: string, env: Record<string, string>, profileDir?: string): Promise<Service> {
  const args = [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), cli, 'serve'];
  // Each build seeds from its own tree's fixture (`cli` is <tree>/dist/cli.js): an older build may not know a newer fixture's fields.
  const demo = { CONSIGN_DEMO_STORE_HASH: CREDENTIALS.storeHash, CONSIGN_DEMO_TOKEN: CREDENTIALS.token, CONSIGN_DEMO_FIXTURE: join(dirname(cli), '..', 'fixtures/demo-store.json') };
  // One token and one client address send every request, so rate limits are set far above any
  // rate this machine reaches: the limiter still runs on every request, and never answers 429.
  const limits = { CONSIGN_RATE_LIMIT_PER_TOKEN: '1000000000/30000', CONSIGN_RATE_LIMIT_PER_CLIENT: '1000000000/30000' };
  return startProcess(args, { LOG_LEVEL: 'warn', ...demo, ...limits, ...env }, await freePort());
}

export async function stop(service: Service): Promise<void> {
  if (service.proc.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => service.proc.once('exit', () => resolve()));
  service.proc.kill('SIGTERM');
  const timer = setTimeout(() => service.proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** CPU seconds used so far (user + system) and peak resident memory of a process, from /proc. */
export function usage(pid: number): { cpuS: number; peakRssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuS = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuS, peakRssMb: Number(hwm?.[1] ?? 0) / 1024 };
}
