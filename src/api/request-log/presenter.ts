import { type Static, Type } from 'typebox';
import { maskBody, maskPath } from '../../domain/request-log/masking.js';
import type { RecordedRequest } from '../../services/request-log/request-log.js';

export const LoggedRequest = Type.Object(
  {
    id: Type.Integer({ description: 'Increasing within the process that answered: a newer request has a larger id.' }),
    method: Type.String(),
    path: Type.String({ description: 'Path and query as sent, secret query parameters masked.' }),
    status: Type.Integer(),
    duration_ms: Type.Number({ description: 'From the request arriving to the answer sent, in milliseconds.' }),
    started_at: Type.String({ format: 'date-time' }),
    dialect: Type.Union([Type.Literal('management'), Type.Literal('storefront'), Type.Literal('other')], {
      description: 'management: /stores/{store_hash}/...; storefront: /api/storefront and /internalapi; other: hosted pages, cart links, the payment gateway.',
    }),
    request_body: Type.Union([Type.String(), Type.Null()], { description: 'As sent, secrets masked, cut after 16 KiB; null without a JSON body.' }),
    response_body: Type.Union([Type.String(), Type.Null()], { description: 'As answered, secrets masked, cut after 16 KiB; null without a body.' }),
  },
  { additionalProperties: false, $id: 'LoggedRequest', description: 'A Consign extension: one request of the store, as this process answered it.' },
);

/** One logged request in the management dialect, its secrets masked now that it is read. */
export function presentLoggedRequest(request: RecordedRequest): Static<typeof LoggedRequest> {
  return {
    id: request.id,
    method: request.method,
    path: maskPath(request.url),
    status: request.status,
    duration_ms: Math.round(request.durationMs * 1000) / 1000,
    started_at: new Date(request.startedAt).toISOString(),
    dialect: dialectOf(request.url),
    request_body: body(request.requestBody, request.requestBodyLength),
    response_body: body(request.responseBody, request.responseBodyLength),
  };
}

/** The storefront API the checkout SDK calls; the pages around it are `other`. */
const STOREFRONT_API = /^\/(api\/storefront|internalapi)(\/|\?|$)/;

function dialectOf(url: string): Static<typeof LoggedRequest>['dialect'] {
  if (url.startsWith('/stores/')) return 'management';
  return STOREFRONT_API.test(url) ? 'storefront' : 'other';
}

function body(kept: string | Buffer | null, length: number): string | null {
  if (kept === null || kept.length === 0) return null;
  const masked = maskBody(typeof kept === 'string' ? kept : kept.toString('utf8'));
  const unit = typeof kept === 'string' ? 'characters' : 'bytes';
  return kept.length < length ? `${masked}… (cut: ${length} ${unit} in all)` : masked;
}
