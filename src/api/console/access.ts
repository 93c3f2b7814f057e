import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

/** The environment variable that lets clients off this machine use the console (docs/console.md). */
export const CONSOLE_TOKEN_VARIABLE = 'CONSIGN_CONSOLE_TOKEN';

/** What a browser shows when it asks for the credential (HTTP Basic: any user name, the token as password). */
const REALM = 'Basic realm="Consign console", charset="UTF-8"';

/**
 * Guards a route group of the console (its page and its admin API) for `credential`, the
 * operator's CONSIGN_CONSOLE_TOKEN. A client on this machine passes; any other must present the
 * credential, as `Authorization: Bearer TOKEN` (scripts) or HTTP Basic with the token as password
 * (a browser asks for it once and sends it on every request of the page). Without a credential
 * configured, every other client gets 403: the console is local by default.
 */
export function guardConsole(app: FastifyInstance, credential: string | undefined): void {
  app.addHook('onRequest', async (request) => {
    if (isLocal(request)) return;
    if (credential === undefined || credential === '') {
      throw new ApiError(
        403,
        `The console answers only clients on this machine. To use it from elsewhere, start Consign with ${CONSOLE_TOKEN_VARIABLE} set and send that credential (docs/console.md).`,
      );
    }
    if (!presents(request.headers.authorization, credential)) {
      throw new ApiError(401, `The console needs its credential: Authorization: Bearer followed by the value of ${CONSOLE_TOKEN_VARIABLE} (docs/console.md).`, 'v3', {}, { 'WWW-Authenticate': REALM });
    }
  });
}

/**
 * A loopback client that did not come through a proxy. A request carrying a forwarding header came
 * through one, and a proxy on this machine connects from loopback whoever its client is: such a
 * request is not local, whatever its socket says. (Consign does not trust forwarding headers for
 * anything else, so a client cannot make itself local with one.)
 */
function isLocal(request: FastifyRequest): boolean {
  const headers = request.headers;
  if (headers.forwarded !== undefined || headers['x-forwarded-for'] !== undefined || headers['x-real-ip'] !== undefined) return false;
  return isLoopback(request.socket.remoteAddress);
}

/** 127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function presents(authorization: string | undefined, credential: string): boolean {
  if (authorization === undefined) return false;
  const [scheme = '', value = ''] = authorization.trim().split(/\s+/, 2);
  let sent: string;
  if (scheme.toLowerCase() === 'bearer') sent = value;
  else if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    sent = decoded.slice(decoded.indexOf(':') + 1);
  } else return false;
  // Compared as digests, so that neither the length nor the content leaks through timing.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(sent), digest(credential));
}
