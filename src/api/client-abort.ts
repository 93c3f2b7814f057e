import type { FastifyRequest } from 'fastify';

/**
 * A client that closed its connection before its request was complete (a browser navigating
 * away, a script's timeout): nobody is left to answer. Node reports it on the request's stream as
 * `Error: aborted` with code ECONNRESET, the code a database connection reset also has, so it is
 * told apart here, before the error could be taken for a database outage (docs/reliability.md).
 */
export function isClientAbort(error: unknown, request?: FastifyRequest): boolean {
  if (request && (request.raw.readableAborted || request.raw.aborted)) return true;
  return error instanceof Error && error.message === 'aborted' && (error as { code?: unknown }).code === 'ECONNRESET';
}

/** The title of the answer logged for such a request (nobody receives it). */
export const CLIENT_ABORTED = 'The client closed the connection before the request was complete.';
