import { afterAll, beforeAll } from 'vitest';
import { type DataPlace, freePort, makeDataPlace, startServe, waitForHealth } from '../helpers/cli.js';
import type { StoreKind } from '../helpers/stores.js';

/** Credentials every reliability process starts with, so the test knows them in advance. */
export const DEMO_HASH = 'reliable';
export const DEMO_TOKEN = `reliabilitytoken${'x'.repeat(16)}`;

export interface ServiceProcess {
  readonly base: string;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  running(): boolean;
  /** Sends `signal` and resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `consign serve` with the demo credentials on a free port and waits for GET /health. */
export async function startService(cliFile: string, env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const server = startServe(cliFile, {
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // These tests load the service on purpose; rate limits are tested in test/e2e/rate-limits.test.ts.
    CONSIGN_RATE_LIMIT_PER_TOKEN: '0',
    CONSIGN_RATE_LIMIT_PER_CLIENT: '0',
    CONSIGN_DEMO_STORE_HASH: DEMO_HASH,
    CONSIGN_DEMO_TOKEN: DEMO_TOKEN,
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(server, base);
  return {
    base,
    output: server.output,
    running: server.running,
    async kill(signal) {
      if (server.running()) server.child.kill(signal);
      await server.exited;
    },
  };
}

/**
 * Two `consign serve` processes on one fresh database of `kind`, for a describe block: started in
 * its beforeAll (one after the other, so that only the first creates the demo store), stopped and
 * the database dropped in its afterAll.
 */
export function twoServicesOn(kind: StoreKind, cli: { readonly file: string }): { readonly services: ServiceProcess[]; place(): DataPlace } {
  let place: DataPlace;
  const services: ServiceProcess[] = [];
  beforeAll(async () => {
    place = await makeDataPlace(kind);
    services.push(await startService(cli.file, place.env));
    services.push(await startService(cli.file, place.env));
  });
  afterAll(async () => {
    for (const service of services) await service.kill('SIGTERM');
    await place.destroy();
  });
  return { services, place: () => place };
}

export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly headers?: Headers;
}

/** A request to the demo store's management API; a failure to connect answers status 0. */
export async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  try {
    const response = await fetch(`${base}/stores/${DEMO_HASH}${path}`, {
      method,
      headers: { 'x-auth-token': DEMO_TOKEN, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  } catch {
    return { status: 0, body: undefined };
  }
}
