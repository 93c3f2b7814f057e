import { Redis } from 'ioredis';
import type { RateWindowCounts, RateWindowRequest, RateWindowState } from './store.js';

/**
 * Counts a request in its windows and looks at the checked ones, in one atomic step (a script
 * runs alone on Redis). KEYS: the counted windows, then the checked ones. ARGV[1]: how many are
 * counted; then each key's quota, window (ms) and places to take (a lease, see
 * RateWindowRequest.places; at most what is left below the quota is granted). A window is a
 * counter that expires when the window ends, so ended windows clean themselves up. Returns:
 * 1 when counted, else 0; then 0 (counted), 1 (a counted window was full) or 2 (a checked one
 * was); then each key's count, milliseconds left and places granted.
 */
const COUNT_SCRIPT = `
local counted = tonumber(ARGV[1])
local refused = 0
local out = {}
local counts = {}
for i = 1, #KEYS do
  local quota = tonumber(ARGV[3 * i - 1])
  local ttl = redis.call('PTTL', KEYS[i])
  local count = 0
  if ttl == -1 then redis.call('DEL', KEYS[i]) end
  if ttl < 0 then ttl = tonumber(ARGV[3 * i]) else count = tonumber(redis.call('GET', KEYS[i]) or '0') end
  if count >= quota then
    if i > counted then refused = 2 elseif refused == 0 then refused = 1 end
  end
  counts[i] = count
  out[3 * i - 2] = count
  out[3 * i - 1] = ttl
  out[3 * i] = 0
end
if refused == 0 then
  for i = 1, counted do
    local granted = math.min(tonumber(ARGV[3 * i + 1]), tonumber(ARGV[3 * i - 1]) - counts[i])
    local count = redis.call('INCRBY', KEYS[i], granted)
    if count == granted then redis.call('PEXPIRE', KEYS[i], ARGV[3 * i]) end
    out[3 * i - 2] = count
    out[3 * i - 1] = redis.call('PTTL', KEYS[i])
    out[3 * i] = granted
  end
end
table.insert(out, 1, refused)
table.insert(out, 1, refused == 0 and 1 or 0)
return out
`;

export interface RedisRateWindowsOptions {
  readonly url: string;
  /** Put before every key, so that several services (or tests) can share one Redis. */
  readonly keyPrefix: string;
  /** How long a command may take before it fails (the limiter waits no longer either). */
  readonly commandTimeoutMs: number;
}

type CountCommand = (numberOfKeys: number, ...args: (string | number)[]) => Promise<number[]>;

/**
 * Rate-limit windows in Redis, shared by every process that names the same Redis and prefix.
 * Bounded in time: a command that finds no connection fails at once (no queue), and one that is
 * sent waits at most `commandTimeoutMs`; the connection is retried in the background.
 */
export class RedisRateWindows {
  readonly #redis: Redis;
  readonly #count: CountCommand;

  constructor(private readonly options: RedisRateWindowsOptions) {
    this.#redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: 2_000,
      retryStrategy: (times) => Math.min(100 * times, 2_000),
    });
    // Connection errors are retried by the client and answered per request by the limiter.
    this.#redis.on('error', () => undefined);
    this.#redis.defineCommand('consignRateCount', { lua: COUNT_SCRIPT });
    this.#count = (this.#redis as unknown as { consignRateCount: CountCommand }).consignRateCount.bind(this.#redis);
  }

  /** Connects, waiting at most `ms`: a Redis that is down does not stop the service from starting. */
  async connect(ms: number): Promise<boolean> {
    const connected = this.#redis.connect().then(
      () => true,
      () => false,
    );
    return Promise.race([connected, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
  }

  async count(counted: readonly RateWindowRequest[], checked: readonly RateWindowRequest[], now: number): Promise<RateWindowCounts> {
    const all = [...counted, ...checked];
    const args = all.flatMap((w) => [w.quota, w.windowMs, Math.max(1, Math.floor(w.places ?? 1))]);
    const reply = await this.#count(all.length, ...all.map((w) => this.options.keyPrefix + w.bucket), counted.length, ...args);
    const [allowed, refusedBy] = reply as [number, number];
    const states: RateWindowState[] = all.map((request, i) => ({ request, count: Number(reply[2 + 3 * i]), resetAt: now + Number(reply[3 + 3 * i]) }));
    if (refusedBy === 2) return { allowed: false, windows: states.slice(counted.length) };
    return { allowed: allowed === 1, windows: states.slice(0, counted.length).map((state, i) => ({ ...state, granted: Number(reply[4 + 3 * i]) })) };
  }

  async sweep(): Promise<void> {}

  async close(): Promise<void> {
    this.#redis.disconnect();
  }
}
