import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, sendError, shapeOfPath } from './errors.js';

/**
 * Fastify answers an unknown method on a known path with 404; upstream answers 405. Every route
 * is remembered as a pattern, and a request that matches one under another method gets 405 with
 * an `Allow` header.
 */
export function methodNotAllowed(app: FastifyInstance): (request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = new RegExp(`^${route.url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+').replace(/\*/g, '.*')}/?$`);
    const methods = ([] as string[]).concat(route.method);
    const known = routes.find((r) => r.pattern.source === pattern.source);
    if (known) known.methods.push(...methods);
    else routes.push({ pattern, methods });
  });
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods);
    // Upstream's v2 API answers in its own error shape, even for a path or method it lacks.
    const shape = shapeOfPath(path);
    if (allowed.length > 0) {
      return sendError(reply, new ApiError(405, `The ${request.method} method is not allowed for this resource.`, shape, {}, { Allow: [...new Set(allowed)].join(', ') }));
    }
    return sendError(reply, new ApiError(404, 'The requested resource was not found.', shape));
  };
}
