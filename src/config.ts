import { resolve } from 'node:path';

/** Settings read from the environment; every one has a default that works on a laptop. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly logLevel: string;
  readonly demoStoreHash?: string;
  readonly demoToken?: string;
  readonly demoFixture: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    logLevel,
    ...(env.CONSIGN_DEMO_STORE_HASH ? { demoStoreHash: env.CONSIGN_DEMO_STORE_HASH } : {}),
    ...(env.CONSIGN_DEMO_TOKEN ? { demoToken: env.CONSIGN_DEMO_TOKEN } : {}),
    demoFixture: env.CONSIGN_DEMO_FIXTURE ?? new URL('../fixtures/demo-store.json', import.meta.url).pathname,
  };
}
