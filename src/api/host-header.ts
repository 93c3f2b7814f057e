import type { FastifyInstance } from 'fastify';
import { ApiError, shapeOfPath } from './errors.js';

/**
 * HTTP/1.1 requires a Host header (RFC 9112 §3.2). Node refuses a request without one itself, but
 * with a 400 and an empty body; the server is made with `requireHostHeader: false` (app.ts) so that
 * this hook refuses it instead, with 400 in the path's dialect, before any route group runs (the
 * storefront would otherwise pick the default store for it). HTTP/1.0 has no such rule.
 */
export function requireHostHeader(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, and a promise per request is
  // measurable (BENCHMARKS.md, "Own-cost cuts").
  app.addHook('onRequest', (request, _reply, done) => {
    const { raw } = request;
    if (raw.httpVersionMajor === 1 && raw.httpVersionMinor >= 1 && raw.headers.host === undefined) {
      return done(new ApiError(400, 'The request has no Host header, which HTTP/1.1 requires.', shapeOfPath(request.url), { Host: 'is required' }));
    }
    done();
  });
}
