import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type CommitWitness, endWitness, witnessCommits } from '../services/commit-witness.js';
import { IDEMPOTENCY_KEY, IdempotencyService } from '../services/idempotency.js';
import type { IdempotencyId } from '../store/store.js';
import { ApiError, conflict } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set when this request claimed an Idempotency-Key: its response is saved for retries. With
     * the storefront session the request came with, if any, and whether its work has committed.
     */
    idempotency: { readonly id: IdempotencyId; readonly requestHash: string; readonly session: string | undefined; readonly witness: CommitWitness } | null;
    /** The API account of a management request (set by its auth hook). */
    apiAccountId: number | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Headers that belong to the answer and are saved with it. Never a session's cookie or CSRF token
 * (`Set-Cookie`, `X-XSRF-TOKEN`): a replay must not hand a session to a caller that did not hold
 * it (docs/reliability.md); a caller's own session sends its own again on every request. Saved:
 * `Location`, and the payment token the checkout SDK reads from the `token` header of a placed
 * order (docs/payments.md): it authorises paying that order, which the caller's session placed. The rest
 * describe the moment (rate limits, CORS) and are the retry's own.
 */
const REPLAYED_HEADERS: readonly string[] = ['location', 'token'];

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
      if (answered) return;
      // The route runs watched, so that the key of a request whose write committed is kept.
      if (request.idempotency) witnessCommits(request.idempotency.witness, () => done());
      else done();
    }, done);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const claimed = request.idempotency;
    if (claimed === null) return done(null, payload);
    request.idempotency = null;
    save(app, request, reply, claimed, payload).then(
      () => {
        endWitness(claimed.witness);
        done(null, payload);
      },
      (error: unknown) => {
        endWitness(claimed.witness);
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
  // A storefront request with no session has no caller to scope its key by: an address is shared
  // by every shopper behind a proxy, and a key may be any shopper's. Its key claims nothing, so
  // that no answer (and no session) is ever replayed to another browser.
  if (id === NO_CALLER) return false;
  const requestHash = IdempotencyService.requestHash(request.url, request.body);
  const found = await app.consign.idempotency.claim(id, requestHash);
  switch (found.kind) {
    case 'claimed':
      request.idempotency = { id, requestHash, session: request.storefront?.session, witness: { committed: false } };
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
      // Only the answer's own headers: a row saved by an older version may hold a session's cookie.
      for (const [name, value] of headers) if (REPLAYED_HEADERS.includes(name)) reply.header(name, value);
      reply.header(REPLAYED_HEADER, 'true').code(status).send(body === '' ? undefined : body);
      return true;
    }
  }
}

/** A storefront request without a session: there is no caller its key could belong to. */
const NO_CALLER = Symbol('no caller');

/**
 * A key is scoped by store, credential and route: the management API account, else the storefront
 * session (hashed, never kept as is); and the method with the route's pattern (resetCarts,
 * services/reset-carts.ts, finds the keys of cart routes by it). A storefront request without a
 * session has no scope (NO_CALLER). A request of no store (the demo pages) is not idempotent and
 * ignores the header.
 */
function idempotencyId(request: FastifyRequest, key: string): IdempotencyId | typeof NO_CALLER | undefined {
  const route = `${request.method} ${request.routeOptions.url ?? ''}`;
  if (request.apiAccountId !== null && request.storeRecord) {
    return { storeId: request.storeRecord.id, scope: `account:${request.apiAccountId} ${route}`, key };
  }
  const storefront = request.storefront;
  if (!storefront) return undefined;
  if (storefront.session === undefined) return NO_CALLER;
  return { storeId: storefront.store.id, scope: `session:${createHash('sha256').update(storefront.session).digest('base64url')} ${route}`, key };
}

/**
 * Saves what the request was answered. Not saved, and the key released so that a retry runs the
 * request again: an answer that is no body, a server error before anything the request wrote had
 * committed (after a commit the work is done and must not be done twice, so that answer is saved
 * like any other), and an answer that started a new storefront session (POST /api/storefront/carts
 * always does): its cart is reachable only with that session's cookie, which a replay never hands
 * over, so such a request is done afresh when retried.
 */
async function save(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, claimed: NonNullable<FastifyRequest['idempotency']>, payload: unknown): Promise<void> {
  const { idempotency } = app.consign;
  const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : undefined;
  const startedSession = request.storefront != null && request.storefront.session !== claimed.session;
  const failedBeforeCommit = reply.statusCode >= 500 && !claimed.witness.committed;
  if (body === undefined || failedBeforeCommit || startedSession) return idempotency.release(claimed.id, claimed.requestHash);
  const contentType = reply.getHeader('content-type');
  const headers = REPLAYED_HEADERS.flatMap((name) => ([] as (string | number)[]).concat(reply.getHeader(name) ?? []).map((value) => [name, String(value)] as const));
  await idempotency.complete(claimed.id, claimed.requestHash, {
    status: reply.statusCode,
    contentType: typeof contentType === 'string' ? contentType : null,
    body,
    headers,
  });
}
