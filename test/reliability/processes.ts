import { once } from 'node:events';
import { createServer } from 'node:net';
import { spawnCli } from '../helpers/cli.js';

/** Credentials every reliability process starts with, so the test knows them in advance. */
export const DEMO_HASH = 'reliable';
export const DEMO_TOKEN = `reliabilitytoken${'x'.repeat(16)}`;

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface ServiceProcess {
  readonly base: string;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  /** Sends `signal` and resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Children still running when a test file ends are killed, never left behind. */
export const children = new Set<ReturnType<typeof spawnCli>>();
export function killLeftovers(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Starts `consign serve` with the demo credentials on a free port and waits for GET /health. */
export async function startService(cliFile: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawnCli(cliFile, ['serve'], {
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // These tests load the service on purpose; rate limits are tested in test/e2e/rate-limits.test.ts.
    CONSIGN_RATE_LIMIT_PER_TOKEN: '0',
    CONSIGN_RATE_LIMIT_PER_CLIENT: '0',
    CONSIGN_DEMO_STORE_HASH: DEMO_HASH,
    CONSIGN_DEMO_TOKEN: DEMO_TOKEN,
    ...env,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  children.add(child);
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      running = false;
      children.delete(child);
      resolve();
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (!running) throw new Error(`the service exited before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service was not ready within 20 s:\n${output}`);
    }
    const health = await fetch(`${base}/health`).catch(() => undefined);
    if (health?.status === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    output: () => output,
    async kill(signal) {
      if (running) child.kill(signal);
      await exited;
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly body: any;
}

/** A request to the demo store's management API; a failure to connect answers status 0. */
export async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  try {
    const response = await fetch(`${base}/stores/${DEMO_HASH}${path}`, {
      method,
      headers: { 'x-auth-token': DEMO_TOKEN, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    return { status: 0, body: undefined };
  }
}
