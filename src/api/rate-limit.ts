import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimitSettings } from '../domain/store-settings.js';
import type { RateLimitBucket, RateLimitDecision, RateLimitState } from '../services/rate-limiter.js';
import type { StoreRecord } from '../store/store.js';
import { ApiError } from './errors.js';

/**
 * Counts a request against its store's limits (docs/reliability.md): per API token when there is
 * one, and per client address. Sets upstream's X-Rate-Limit-* headers on the reply, and refuses a
 * request over a limit with upstream's 429 before anything else is done. `checked` windows (an
 * address's refused tokens) must have room too, but are not counted: one round trip for all.
 */
export async function enforceRateLimits(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  store: StoreRecord,
  token?: number,
  checked: readonly RateLimitBucket[] = [],
): Promise<void> {
  const { configs, rateLimiter, rateLimitDefaults } = app.consign;
  const limits = effectiveLimits((await configs.get(store)).settings.rateLimit, rateLimitDefaults);
  const buckets: RateLimitBucket[] = [];
  // Leased: counted in batches where counts are shared (shared-rate-limiter.ts). The budget of
  // refused tokens is not, so that every process sees it full exactly when it is.
  if (token !== undefined && limits.perToken.quota > 0) buckets.push({ key: `t ${store.id} ${token}`, limit: limits.perToken, leased: true });
  if (limits.perClient.quota > 0) buckets.push({ key: `c ${store.id} ${request.ip}`, limit: limits.perClient, leased: true });
  answer(await rateLimiter.take(buckets, checked), reply);
}

/**
 * Failed authentications (no token, an unknown one, one of another store) count per client
 * address, service-wide, against the service's per-client limit: so guessing tokens meets a 429.
 * One budget whatever the store hash, so that the answer says nothing about which stores exist.
 */
export function failedAuthentications(app: FastifyInstance, request: FastifyRequest): RateLimitBucket[] {
  const limit = app.consign.rateLimitDefaults.perClient;
  return limit.quota > 0 ? [{ key: `f ${request.ip}`, limit }] : [];
}

/**
 * Counts a refused token against its address (see above), and says what is left with the 401.
 * An address that has used up its failed authentications gets 429 whatever it sends: an accepted
 * token checks this budget too (enforceRateLimits' `checked`), so that the right token, once
 * guessed, is not told apart from a wrong one until the window ends.
 */
export async function countFailedAuthentication(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  answer(await app.consign.rateLimiter.take(failedAuthentications(app, request)), reply);
}

/** Upstream's X-Rate-Limit-* headers on the reply; a 429 when the request did not fit. */
function answer(decision: RateLimitDecision | undefined, reply: FastifyReply): void {
  if (!decision) return;
  if (!decision.allowed) throw tooManyRequests(decision.state);
  reply.headers(rateLimitHeaders(decision.state));
}

function tooManyRequests(state: RateLimitState): ApiError {
  return new ApiError(429, 'Too many requests', 'v3', {}, rateLimitHeaders(state));
}

function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'X-Rate-Limit-Time-Window-Ms': String(state.windowMs),
    'X-Rate-Limit-Time-Reset-Ms': String(state.resetMs),
    'X-Rate-Limit-Requests-Quota': String(state.quota),
    'X-Rate-Limit-Requests-Left': String(state.left),
  };
}

/** A store's own limits where it has them, the service's defaults for the rest. */
export function effectiveLimits(own: Partial<RateLimitSettings> | undefined, defaults: RateLimitSettings): RateLimitSettings {
  return { perToken: own?.perToken ?? defaults.perToken, perClient: own?.perClient ?? defaults.perClient };
}
