import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestLog } from '../../services/request-log/request-log.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: the route's requests are not recorded (the request log's own reads). */
    requestLog?: false;
  }
  interface FastifyRequest {
    /** The JSON body as the client sent it, kept by the body parser (app.ts) for the request log. */
    rawBody: string | null;
    /** The serialized answer, as the request log's onSend hook saw it: text, or bytes (api/reply-json.ts). */
    sentBody: string | Buffer | null;
  }
}

/**
 * Records every request that belongs to a store in `log` (docs/request-log.md): the store whose
 * token, host or cart it used. Off the hot path: the hooks keep references to the raw body and the
 * serialized answer already in hand; masking and presenting wait until someone reads the log.
 * Installed on the root app before the route groups, so that it sees every one of them.
 */
export function installRequestLog(app: FastifyInstance, log: RequestLog): void {
  app.decorateRequest('sentBody', null);
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (typeof payload === 'string' || Buffer.isBuffer(payload)) request.sentBody = payload;
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const storeId = storeOf(request);
    if (storeId !== undefined && request.routeOptions.config.requestLog !== false) {
      const durationMs = reply.elapsedTime;
      log.record(storeId, {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        durationMs,
        startedAt: Date.now() - durationMs,
        requestBody: request.rawBody,
        responseBody: request.sentBody,
      });
    }
    done();
  });
}

/**
 * The store a request belongs to, as the route group that answered it found it: a management
 * token's store, a storefront host's (or its cart's, which is the same store), the payment
 * gateway's host. A request no store was found for (an unknown token, `/health`) is in no log.
 */
function storeOf(request: FastifyRequest): number | undefined {
  return request.storeRecord?.id ?? request.storefront?.store.id ?? request.paymentStore?.id;
}
