import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IDEMPOTENCY_KEY, IdempotencyService } from '../services/idempotency.js';
import type { IdempotencyId } from '../store/store.js';
import { ApiError, conflict } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request claimed an Idempotency-Key: its response is saved for retries. */
    idempotency: { readonly id: IdempotencyId; readonly requestHash: string } | null;
    /** The API account of a management request (set by its auth hook). */
    apiAccountId: number | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Headers that belong to the answer and are saved with it: the session (and CSRF) cookies a first
 * POST /api/storefront/carts sets, without which a retrying browser could not reach its cart, and
 * the CSRF token a cross-origin page reads from a header, and the payment token the checkout SDK
 * reads from the `token` header of a placed order (docs/payments.md). The rest describe the moment
 * (rate limits, CORS) and are the retry's own.
 */
const REPLAYED_HEADERS = ['set-cookie', 'x-xsrf-token', 'location', 'token'];

/**
 * `Idempotency-Key` on every POST (docs/reliability.md), as two hooks on the whole app: a
 * preHandler claims the key or answers from it, and onSend saves the response of a claimed key.
 * They run after each route group's auth hook, so the store and the caller are known. A request
 * without the header costs two property reads and touches no table.
 */
export function installIdempotency(app: FastifyInstance): void {
  app.decorateRequest('idempotency', null);
  app.decorateRequest('apiAccountId', null);
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST' || request.headers[IDEMPOTENCY_HEADER] === undefined) return done();
    claim(app, request, reply).then((answered) => {
      if (!answered) done();
    }, done);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const claimed = request.idempotency;
    if (claimed === null) return done(null, payload);
    request.idempotency = null;
    save(app, reply, claimed, payload).then(
      () => done(null, payload),
      (error: unknown) => {
        // The response still goes out; a retry will find the key pending until its lease ends.
        request.log.error({ err: error }, 'could not save the idempotent response');
        done(null, payload);
      },
    );
  });
}

/** Returns true when the request was answered here (a replay). */
async function claim(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const key = request.headers[IDEMPOTENCY_HEADER];
  const id = idempotencyId(request, typeof key === 'string' ? key : '');
  // Not a store's route (an unknown path's 404 or 405, say): the header means nothing there.
  if (!id) return false;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(400, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.', 'v3', {
      'Idempotency-Key': 'must be 1 to 255 visible ASCII characters',
    });
  }
  const requestHash = IdempotencyService.requestHash(request.url, request.body);
  const found = await app.consign.idempotency.claim(id, requestHash);
  switch (found.kind) {
    case 'claimed':
      request.idempotency = { id, requestHash };
      return false;
    case 'in-flight':
      throw conflict();
    case 'mismatch':
      throw new ApiError(422, 'This Idempotency-Key was already used with a different request.', 'v3', {
        'Idempotency-Key': 'was already used with a different request',
      });
    case 'replay': {
      const { status, contentType, body, headers } = found.response;
      if (contentType) reply.header('content-type', contentType);
      // Set-Cookie values add up rather than replace one another.
      for (const [name, value] of headers) reply.header(name, value);
      reply.header(REPLAYED_HEADER, 'true').code(status).send(body === '' ? undefined : body);
      return true;
    }
  }
}

/**
 * A key is scoped by store, credential and route: the management API account, else the storefront
 * session (hashed, never kept as is), else the client address; and the method with the route's
 * pattern (resetCarts, services/reset-carts.ts, finds the keys of cart routes by it). A request
 * of no store (the demo pages) is not idempotent and ignores the header.
 */
function idempotencyId(request: FastifyRequest, key: string): IdempotencyId | undefined {
  const route = `${request.method} ${request.routeOptions.url ?? ''}`;
  if (request.apiAccountId !== null && request.storeRecord) {
    return { storeId: request.storeRecord.id, scope: `account:${request.apiAccountId} ${route}`, key };
  }
  const storefront = request.storefront;
  if (!storefront) return undefined;
  const credential = storefront.session === undefined ? `client:${request.ip}` : `session:${createHash('sha256').update(storefront.session).digest('base64url')}`;
  return { storeId: storefront.store.id, scope: `${credential} ${route}`, key };
}

/** Saves what the request was answered, unless it is a server error (then a retry runs it again). */
async function save(app: FastifyInstance, reply: FastifyReply, claimed: NonNullable<FastifyRequest['idempotency']>, payload: unknown): Promise<void> {
  const { idempotency } = app.consign;
  const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : undefined;
  if (reply.statusCode >= 500 || body === undefined) return idempotency.release(claimed.id, claimed.requestHash);
  const contentType = reply.getHeader('content-type');
  const headers = REPLAYED_HEADERS.flatMap((name) => ([] as (string | number)[]).concat(reply.getHeader(name) ?? []).map((value) => [name, String(value)] as const));
  await idempotency.complete(claimed.id, claimed.requestHash, {
    status: reply.statusCode,
    contentType: typeof contentType === 'string' ? contentType : null,
    body,
    headers,
  });
}
