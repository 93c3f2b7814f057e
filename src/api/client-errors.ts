import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ApiError, shapeOfPath } from './errors.js';

/**
 * Node's HTTP parser refuses some requests before Fastify sees them: a request line or header that
 * is not HTTP, a NUL or a byte outside ASCII in the path, a Content-Length that disagrees with the
 * body, headers over 16 KiB, a client too slow to send its request. Fastify would answer those in
 * its own `{"error","message","statusCode"}`; this answers in upstream's shape instead
 * (docs/reliability.md), and closes the connection, whose stream can no longer be trusted.
 */
export function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title] = describe(error, this.server.requestTimeout);
  this.log.debug({ err: error, status }, 'client error');
  // The request whose body was arriving when the error came, if its headers had arrived
  // (Node's own handler looks here too): its path picks the dialect's shape.
  const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (socket.writable && !pending?.headersSent) {
    const body = JSON.stringify(new ApiError(status, title, shapeOfPath(pending?.req?.url ?? '')).body());
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function describe(error: NodeJS.ErrnoException, requestTimeoutMs: number): [number, string] {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, `The request did not arrive in time: headers and body must be sent within ${requestTimeoutMs / 1000} s.`];
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'The request headers are too large (at most 16 KiB in all).'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'The chunk extensions of the request body are too large.'];
    default:
      return [400, 'The request is not valid HTTP.'];
  }
}
