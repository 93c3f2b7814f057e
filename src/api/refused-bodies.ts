import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The most of a refused request's body read (and thrown away) so that its answer arrives. Beyond
 * it the connection is closed: a client sending that much past the limit is not waiting for us.
 */
export const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

/**
 * A request refused before its body was read (413 for a body over the limit, 415, a malformed
 * body) still has bytes on their way. Closing the connection at once, as Fastify does, makes the
 * kernel reset it while they arrive, and the client, still sending, often loses the answer and
 * sees only the reset. Instead the rest of the body is read and dropped, up to
 * MAX_DRAINED_BYTES, and the connection stays open for the answer (and the next request); the
 * request timeout still bounds how long that may take (docs/reliability.md).
 */
export function drainRefusedBody(request: FastifyRequest, reply: FastifyReply): void {
  const raw = request.raw;
  if (raw.complete || raw.destroyed) return;
  // Fastify asks to close the connection after a refused body; it stays open to read the rest.
  if (reply.hasHeader('connection')) reply.removeHeader('connection');
  let drained = 0;
  raw.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAINED_BYTES) raw.socket.destroy();
  });
  raw.resume();
}
