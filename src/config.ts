import { resolve } from 'node:path';
import { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimitSettings } from './domain/store-settings.js';
import { DEFAULT_RETRY_RULE, type RetryRule } from './domain/webhooks/retry-rule.js';

/** Settings read from the environment; every one has a default that works on a laptop. */
export interface ServiceConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly logLevel: string;
  /** LOG_FORMAT: `json` (pino's lines) or `pretty` (one readable line each); pretty when stdout is a terminal. */
  readonly logFormat: 'json' | 'pretty';
  readonly demoStoreHash?: string;
  readonly demoToken?: string;
  readonly demoFixture: string;
  /** The demo products' images (served at /product_images/), beside the demo fixture. */
  readonly productImagesDir: string;
  /** Limits of stores that set none: CONSIGN_RATE_LIMIT_PER_TOKEN and _PER_CLIENT, as QUOTA/WINDOW_MS. */
  readonly rateLimits: RateLimitSettings;
  /** CONSIGN_REQUEST_TIMEOUT_MS: time a client has to send a whole request. */
  readonly requestTimeoutMs: number;
  /** REDIS_URL: where every process counts rate limits; CONSIGN_REDIS_KEY_PREFIX and CONSIGN_RATE_LIMIT_TIMEOUT_MS go with it. */
  readonly rateLimitCounting: { readonly redisUrl?: string; readonly redisKeyPrefix?: string; readonly timeoutMs: number };
  /** CONSIGN_CONSOLE_TOKEN: the credential clients off this machine need for the console (docs/console.md). */
  readonly consoleCredential?: string;
  /** CONSIGN_REQUEST_LOG: `0` turns the request log off (docs/request-log.md). */
  readonly requestLog: boolean;
  /** CONSIGN_WEBHOOK_*: the retry rule, a receiver's timeout, a claim's lease, the outbox poll and the log's retention (docs/webhooks.md). */
  readonly webhooks: { readonly retry: RetryRule; readonly timeoutMs: number; readonly leaseMs: number; readonly pollMs: number; readonly retentionMs: number };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readConfig(env: NodeJS.ProcessEnv = process.env, terminal = process.stdout.isTTY === true): ServiceConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  const logFormat = env.LOG_FORMAT || (terminal ? 'pretty' : 'json');
  if (logFormat !== 'json' && logFormat !== 'pretty') throw new Error(`LOG_FORMAT must be json or pretty, not "${logFormat}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    logLevel,
    logFormat,
    ...(env.CONSIGN_DEMO_STORE_HASH ? { demoStoreHash: env.CONSIGN_DEMO_STORE_HASH } : {}),
    ...(env.CONSIGN_DEMO_TOKEN ? { demoToken: env.CONSIGN_DEMO_TOKEN } : {}),
    demoFixture: env.CONSIGN_DEMO_FIXTURE ?? new URL('../fixtures/demo-store.json', import.meta.url).pathname,
    productImagesDir: new URL('../fixtures/product-images/', import.meta.url).pathname,
    rateLimits: {
      perToken: readRateLimit(env, 'CONSIGN_RATE_LIMIT_PER_TOKEN', DEFAULT_RATE_LIMITS.perToken),
      perClient: readRateLimit(env, 'CONSIGN_RATE_LIMIT_PER_CLIENT', DEFAULT_RATE_LIMITS.perClient),
    },
    requestTimeoutMs: readPositive(env, 'CONSIGN_REQUEST_TIMEOUT_MS', 30_000),
    rateLimitCounting: {
      ...(env.REDIS_URL ? { redisUrl: readRedisUrl(env.REDIS_URL) } : {}),
      ...(env.CONSIGN_REDIS_KEY_PREFIX ? { redisKeyPrefix: env.CONSIGN_REDIS_KEY_PREFIX } : {}),
      timeoutMs: readPositive(env, 'CONSIGN_RATE_LIMIT_TIMEOUT_MS', 250),
    },
    ...(env.CONSIGN_CONSOLE_TOKEN ? { consoleCredential: readConsoleCredential(env.CONSIGN_CONSOLE_TOKEN) } : {}),
    requestLog: readSwitch(env, 'CONSIGN_REQUEST_LOG'),
    webhooks: {
      retry: {
        delaysMs: readDelays(env, 'CONSIGN_WEBHOOK_RETRY_DELAYS_MS', DEFAULT_RETRY_RULE.delaysMs),
        deactivateAfterMs: readPositive(env, 'CONSIGN_WEBHOOK_DEACTIVATE_AFTER_MS', DEFAULT_RETRY_RULE.deactivateAfterMs),
      },
      timeoutMs: readPositive(env, 'CONSIGN_WEBHOOK_TIMEOUT_MS', 5_000),
      leaseMs: readPositive(env, 'CONSIGN_WEBHOOK_LEASE_MS', 30_000),
      pollMs: readPositive(env, 'CONSIGN_WEBHOOK_POLL_MS', 500),
      retentionMs: readPositive(env, 'CONSIGN_WEBHOOK_RETENTION_DAYS', 7) * 24 * 60 * 60 * 1000,
    },
  };
}

/** A comma-separated list of waits in milliseconds (`10000,30000,60000`). */
function readDelays(env: NodeJS.ProcessEnv, name: string, fallback: readonly number[]): readonly number[] {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const delays = value.split(',').map((part) => Number(part.trim()));
  if (delays.some((delay) => !Number.isSafeInteger(delay) || delay < 1)) throw new Error(`${name} must be positive whole numbers of milliseconds, separated by commas, not "${value}"`);
  return delays;
}

/** `QUOTA/WINDOW_MS` (`600/60000`), or `0` for no limit. */
function readRateLimit(env: NodeJS.ProcessEnv, name: string, fallback: RateLimit): RateLimit {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value === '0') return { quota: 0, windowMs: fallback.windowMs };
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const quota = Number(match?.[1]);
  const windowMs = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(quota) || !Number.isSafeInteger(windowMs) || windowMs < 1) {
    throw new Error(`${name} must be QUOTA/WINDOW_MS (for example 600/60000) or 0, not "${value}"`);
  }
  return { quota, windowMs };
}

function readRedisUrl(url: string): string {
  if (!/^rediss?:\/\//.test(url)) throw new Error(`REDIS_URL must start with redis:// or rediss://, not "${url}"`);
  return url;
}

function readPositive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new Error(`${name} must be a positive whole number, not "${value}"`);
  return number;
}

/** A console credential short enough to guess would open every store to the network. */
function readConsoleCredential(value: string): string {
  if (value.length < 16) throw new Error('CONSIGN_CONSOLE_TOKEN must be at least 16 characters long');
  return value;
}

/** On unless `0` (or `false`, `off`, `no`); anything else unknown is a mistake worth a message. */
function readSwitch(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = (env[name] ?? '').trim().toLowerCase();
  if (value === '' || ['1', 'true', 'on', 'yes'].includes(value)) return true;
  if (['0', 'false', 'off', 'no'].includes(value)) return false;
  throw new Error(`${name} must be 0 (off) or 1 (on), not "${env[name]}"`);
}
