import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimit, RateLimitSettings } from '../domain/store-settings.js';
import type { StoreRecord } from '../store/store.js';
import { ApiError } from './errors.js';

/**
 * Counts a request against its store's limits (docs/reliability.md): per API token when there is
 * one, and per client address. Sets upstream's X-Rate-Limit-* headers on the reply, and refuses a
 * request over a limit with upstream's 429 before anything else is done.
 */
export async function enforceRateLimits(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, store: StoreRecord, token?: number): Promise<void> {
  const { configs, rateLimiter, rateLimitDefaults } = app.consign;
  const limits = effectiveLimits((await configs.get(store)).settings.rateLimit, rateLimitDefaults);
  const buckets: { key: string; limit: RateLimit }[] = [];
  if (token !== undefined && limits.perToken.quota > 0) buckets.push({ key: `t ${store.id} ${token}`, limit: limits.perToken });
  if (limits.perClient.quota > 0) buckets.push({ key: `c ${store.id} ${request.ip}`, limit: limits.perClient });
  const decision = rateLimiter.take(buckets);
  if (!decision) return;
  const { state } = decision;
  const headers = {
    'X-Rate-Limit-Time-Window-Ms': String(state.windowMs),
    'X-Rate-Limit-Time-Reset-Ms': String(state.resetMs),
    'X-Rate-Limit-Requests-Quota': String(state.quota),
    'X-Rate-Limit-Requests-Left': String(state.left),
  };
  if (!decision.allowed) throw new ApiError(429, 'Too many requests', 'v3', {}, headers);
  reply.headers(headers);
}

/** A store's own limits where it has them, the service's defaults for the rest. */
export function effectiveLimits(own: Partial<RateLimitSettings> | undefined, defaults: RateLimitSettings): RateLimitSettings {
  return { perToken: own?.perToken ?? defaults.perToken, perClient: own?.perClient ?? defaults.perClient };
}
