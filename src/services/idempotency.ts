import { createHash } from 'node:crypto';
import type { IdempotencyId, IdempotentResponse, Store } from '../store/store.js';

/** A key, once its request has been answered, is remembered this long. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a key stays claimed by a request that never finishes (its process died mid-request):
 * after this, a retry may run it. Well over any request's time to be answered.
 */
export const IDEMPOTENCY_LEASE_MS = 2 * 60 * 1000;
/** 1 to 255 visible ASCII characters (a UUID, a ULID, an order reference, ...). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** What the first request with a key decides for each later one. */
export type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly response: IdempotentResponse }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'mismatch' };

/**
 * Idempotency keys (docs/reliability.md): the first request with a key claims it and its response
 * is saved; a retry with the same request gets that response again, and a different request with
 * the same key is refused. Only requests that send a key ever reach this service.
 */
export class IdempotencyService {
  #nextSweep = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A digest of what a request asks for: its URL and its parsed body, with object keys sorted, so
   * that spacing and key order (which change nothing) do not make another request.
   */
  static requestHash(url: string, body: unknown): string {
    return createHash('sha256')
      .update(url)
      .update('\n')
      .update(JSON.stringify(body ?? null, sortedKeys))
      .digest('base64url');
  }

  async claim(id: IdempotencyId, requestHash: string): Promise<IdempotencyClaim> {
    const now = this.now();
    const held = await this.store.claimIdempotencyKey({ ...id, requestHash, expiresAt: now + IDEMPOTENCY_LEASE_MS }, now);
    // After the claim: when the database is stalled the claim fails alone, and the request's 503
    // waits for one bounded wait, not two.
    this.#sweep(now);
    if (!held) return { kind: 'claimed' };
    if (held.requestHash !== requestHash) return { kind: 'mismatch' };
    return held.response ? { kind: 'replay', response: held.response } : { kind: 'in-flight' };
  }

  /** Saves the response of a claimed key; it is replayed for 24 hours from now. */
  async complete(id: IdempotencyId, requestHash: string, response: IdempotentResponse): Promise<void> {
    await this.store.completeIdempotencyKey(id, requestHash, response, this.now() + IDEMPOTENCY_TTL_MS);
  }

  /** Frees a claimed key whose request failed, so that a retry does the work. */
  async release(id: IdempotencyId, requestHash: string): Promise<void> {
    await this.store.releaseIdempotencyKey(id, requestHash);
  }

  /** Expired keys are dropped now and then, by whichever request with a key comes along. */
  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + SWEEP_EVERY_MS;
    this.store.deleteExpiredIdempotencyKeys(now).catch(() => undefined);
  }
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}
