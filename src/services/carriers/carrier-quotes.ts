import type { Carrier, CarrierOutcome, CarrierRate, CarrierRateRequest } from '../../domain/shipping/carriers.js';
import type { CarrierInputs } from '../../domain/shipping/carriers-pricing.js';
import type { Store } from '../../store/store.js';
import { type RatesAnswer, requestRates } from './carrier-client.js';
import { CircuitBreaker } from './circuit-breaker.js';

export interface CarrierQuotesOptions {
  /** The most one rate request may take; a slower carrier counts as timed out. */
  readonly deadlineMs?: number;
  /** How long an answer without `ttl` is reused, in seconds. */
  readonly defaultTtlSeconds?: number;
  /** How long past its ttl an answer is still offered while its carrier is failing. */
  readonly staleIfErrorMs?: number;
  /** How long a failure is remembered for its request, so that the next checkout request does not wait out another deadline. */
  readonly failureMemoryMs?: number;
  readonly breaker?: CircuitBreaker;
  readonly now?: () => number;
}

export const DEFAULT_CARRIER_DEADLINE_MS = 3000;
export const DEFAULT_CARRIER_TTL_SECONDS = 300;
export const DEFAULT_STALE_IF_ERROR_MS = 15 * 60_000;
export const DEFAULT_FAILURE_MEMORY_MS = 10_000;

interface Remembered {
  readonly rates: readonly CarrierRate[];
  readonly expiresAt: number;
}

/** What a checkout's pricing is told about one request, and how it was learnt (for explanations and tests). */
export type Source = 'memory' | 'shared' | 'carrier' | 'stale' | 'none';

/**
 * Carrier answers for the checkout service: each rate request is answered from this process's
 * memory, then the shared cache (the `carrier_quotes` table, seen by every process), then the
 * carrier itself within the deadline. Concurrent asks for one request share one call; a carrier
 * whose breaker is open is not called; a failing carrier's last answer is offered for a while
 * past its ttl (stale-if-error); otherwise the failure is the outcome, and the pricing offers the
 * carrier's backup rate or the zone's own methods. Never throws for anything a carrier does.
 */
export class CarrierQuotes {
  readonly #memory = new Map<string, Remembered>();
  readonly #failures = new Map<string, { outcome: CarrierOutcome; until: number }>();
  readonly #inflight = new Map<string, Promise<{ outcome: CarrierOutcome; source: Source }>>();
  readonly #breaker: CircuitBreaker;
  readonly #now: () => number;
  readonly #deadlineMs: number;
  readonly #defaultTtlMs: number;
  readonly #staleMs: number;
  readonly #failureMemoryMs: number;

  constructor(private readonly store: Store, options: CarrierQuotesOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#breaker = options.breaker ?? new CircuitBreaker(5, 30_000, this.#now);
    this.#deadlineMs = options.deadlineMs ?? DEFAULT_CARRIER_DEADLINE_MS;
    this.#defaultTtlMs = (options.defaultTtlSeconds ?? DEFAULT_CARRIER_TTL_SECONDS) * 1000;
    this.#staleMs = options.staleIfErrorMs ?? DEFAULT_STALE_IF_ERROR_MS;
    this.#failureMemoryMs = options.failureMemoryMs ?? DEFAULT_FAILURE_MEMORY_MS;
  }

  /** The longest one rate request may take. */
  get deadlineMs(): number {
    return this.#deadlineMs;
  }

  /**
   * The answers to `requests`, by request key, for the carriers of `inputs`. With `deadlineAt` (a
   * `Date.now()` time), an answer not in by then counts as timed out, so several rounds of asking
   * in one checkout request share one deadline; the call itself goes on and fills the cache.
   */
  async outcomes(storeId: number, inputs: CarrierInputs, requests: readonly CarrierRateRequest[], deadlineAt?: number): Promise<Map<string, CarrierOutcome>> {
    const carriers = new Map(inputs.list.map((c) => [c.id, c] as const));
    const answered = await Promise.all(
      requests.map(async (request) => {
        const carrier = carriers.get(request.carrierId);
        const outcome: CarrierOutcome = carrier
          ? await withinDeadline(this.answer(storeId, carrier, request, inputs.context), deadlineAt)
          : { kind: 'failed', reason: 'not_asked' };
        return [request.key, outcome] as const;
      }),
    );
    return new Map(answered);
  }

  /** One request's answer and where it came from. */
  answer(storeId: number, carrier: Carrier, request: CarrierRateRequest, money: { currency: string; decimalPlaces: number }): Promise<{ outcome: CarrierOutcome; source: Source }> {
    const cacheKey = `${storeId}:${request.key}`;
    const remembered = this.#memory.get(cacheKey);
    if (remembered && remembered.expiresAt > this.#now()) return Promise.resolve({ outcome: quoted(remembered.rates), source: 'memory' });
    const failed = this.#failures.get(cacheKey);
    if (failed && failed.until > this.#now()) return Promise.resolve(this.#staleOr(cacheKey, failed.outcome));
    const pending = this.#inflight.get(cacheKey);
    if (pending) return pending;
    const asking = this.#ask(storeId, cacheKey, carrier, request, money).finally(() => this.#inflight.delete(cacheKey));
    this.#inflight.set(cacheKey, asking);
    return asking;
  }

  /** Whether the carrier's breaker is open in this process. */
  breakerOpen(storeId: number, carrierId: number): boolean {
    return this.#breaker.isOpen(`${storeId}:${carrierId}`);
  }

  async #ask(storeId: number, cacheKey: string, carrier: Carrier, request: CarrierRateRequest, money: { currency: string; decimalPlaces: number }): Promise<{ outcome: CarrierOutcome; source: Source }> {
    const shared = await this.store.findCarrierQuote(storeId, request.key, this.#now()).catch(() => undefined);
    if (shared !== undefined) {
      const document = JSON.parse(shared) as Remembered;
      this.#memory.set(cacheKey, document);
      return { outcome: quoted(document.rates), source: 'shared' };
    }
    const breakerKey = `${storeId}:${carrier.id}`;
    if (!this.#breaker.allow(breakerKey)) return this.#staleOr(cacheKey, { kind: 'failed', reason: 'breaker_open' });
    const answer: RatesAnswer = await requestRates(carrier.rateUrl, request.body, money, this.#deadlineMs);
    if (answer.kind === 'failed') {
      this.#breaker.failed(breakerKey);
      const outcome: CarrierOutcome = { kind: 'failed', reason: answer.reason };
      this.#failures.set(cacheKey, { outcome, until: this.#now() + this.#failureMemoryMs });
      if (this.#failures.size > 10_000) this.#failures.delete(this.#failures.keys().next().value!);
      return this.#staleOr(cacheKey, outcome);
    }
    this.#breaker.succeeded(breakerKey);
    this.#failures.delete(cacheKey);
    const ttlMs = answer.ttlSeconds === undefined ? this.#defaultTtlMs : answer.ttlSeconds * 1000;
    const document: Remembered = { rates: answer.rates, expiresAt: this.#now() + ttlMs };
    if (ttlMs > 0) {
      this.#memory.set(cacheKey, document);
      if (this.#memory.size > 10_000) this.#memory.delete(this.#memory.keys().next().value!);
      // A cache that cannot be written costs a later call to the carrier, not this checkout.
      await this.store.saveCarrierQuote(storeId, request.key, JSON.stringify(document), document.expiresAt, this.#now()).catch(() => undefined);
    }
    return { outcome: quoted(answer.rates), source: 'carrier' };
  }

  #staleOr(cacheKey: string, failure: CarrierOutcome): { outcome: CarrierOutcome; source: Source } {
    const remembered = this.#memory.get(cacheKey);
    if (remembered && remembered.expiresAt + this.#staleMs > this.#now()) return { outcome: quoted(remembered.rates), source: 'stale' };
    return { outcome: failure, source: 'none' };
  }
}

function quoted(rates: readonly CarrierRate[]): CarrierOutcome {
  return { kind: 'quoted', rates };
}

async function withinDeadline(answer: Promise<{ outcome: CarrierOutcome }>, deadlineAt: number | undefined): Promise<CarrierOutcome> {
  if (deadlineAt === undefined) return (await answer).outcome;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<CarrierOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'failed', reason: 'timeout' }), Math.max(0, deadlineAt - Date.now()));
  });
  try {
    return await Promise.race([answer.then((a) => a.outcome), late]);
  } finally {
    clearTimeout(timer);
  }
}
