import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../domain/errors.js';
import { normaliseOrigin } from '../../domain/store-settings.js';
import type { SeenCart } from '../../services/checkout-service.js';
import { SESSION_TTL_MS } from '../../services/storefront-sessions.js';
import type { SessionBinding, StoreRecord } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { IDEMPOTENCY_HEADER } from '../idempotency.js';
import { enforceRateLimits } from '../rate-limit.js';

/** Upstream's session cookie name; HttpOnly, so page scripts never see it. */
export const SESSION_COOKIE = 'SHOP_SESSION_TOKEN';
/** Readable by the page; the checkout SDK copies it into the X-XSRF-TOKEN header of every request. */
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'x-xsrf-token';

/** What a storefront request is about: the store its host selects, and the browser's session. */
export interface StorefrontContext {
  readonly store: StoreRecord;
  /**
   * The session token from the cookie, when it names a live session of this store: a token the
   * service issued. Any other cookie value is no session.
   */
  session: string | undefined;
  /**
   * The cart the session holds in this store, while that cart is live: a deleted or expired cart
   * is no cart here, so no route needs to ask again (docs/storefront.md).
   */
  cartId: string | undefined;
  /** That cart as the session's read found it, while it is the session's cart (for `CheckoutService`, which checks the id). */
  seen: SeenCart | undefined;
  /** The customer the session is signed in as (docs/customers.md). */
  customerId: number | undefined;
  /**
   * False when the session is this process's memory of it, not a read (a route with
   * `rememberedSession`): a change of its cart checks that it still holds it (own-checkout.ts).
   */
  confirmed: boolean;
  /** Set when the request comes from an allowed cross-origin page. */
  readonly crossOrigin: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    storefront: StorefrontContext;
  }
  interface FastifyContextConfig {
    /**
     * A change may take the session from this process's memory with no read, since its write
     * checks that the session still holds the cart. So a route with it uses the session only to
     * change its cart through `changeOwnCheckout`, refuses what it parses before that only through
     * `parseForOwnCart`, and answers with what the change wrote (saving addresses to the session's
     * customer, as `saveAddressesAsked` does, allows for one deleted since). A route that opts in
     * needs that audit: anything else it did with the session would be unchecked.
     */
    rememberedSession?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The storefront's guard, as an onRequest hook for every route that speaks to browsers:
 *
 * 1. The store is chosen by the Host header (or the default store).
 * 2. Same origin by default: a request whose Origin is another origin is refused unless the store
 *    allows that origin, in which case it gets CORS headers with credentials.
 * 3. The session is the cookie's, if the service issued it for this store and it is live; a
 *    cookie value the service does not hold is ignored (no session fixation). A session in use
 *    is extended, and its cookies sent again with a fresh Max-Age.
 * 4. CSRF: a state-changing request of a session must carry the session's X-XSRF-TOKEN too. One
 *    without a session has none to misuse, so a page's first POST /api/storefront/carts needs no
 *    token.
 */
export function storefrontGuard(app: FastifyInstance) {
  const { storefronts, sessions } = app.consign;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const store = await storefronts.storeFor(request.headers.host);
    if (!store) throw new ApiError(404, 'No store answers at this host.');
    // Most requests are same-origin and send no Origin: no look-up of the allowed origins for them.
    const crossOrigin = request.headers.origin === undefined ? undefined : await checkOrigin(request, reply, await storefronts.allowedOrigins(store));
    // After the CORS headers, so that a page allowed to call may read its 429 too.
    await enforceRateLimits(app, request, reply, store);
    const cookieToken = readCookie(request, SESSION_COOKIE);
    const recalled = cookieToken !== undefined && remembers(request) ? sessions.recall(cookieToken, store) : undefined;
    // Only with its CSRF token: whether a request without it is refused depends on the session
    // still being live (one that ended is no session, and needs no token), which only a read tells.
    const remembered = recalled && carriesCsrfToken(request, sessions.csrfToken(recalled.token)) ? recalled : undefined;
    const session = remembered ?? (cookieToken === undefined ? undefined : await sessions.resume(cookieToken, store));
    request.storefront = { store, session: session?.token, cartId: session?.cartId, seen: session?.seen, customerId: session?.customerId, confirmed: session?.confirmed ?? true, crossOrigin };
    if (!session) return;
    // Derived once: it is a hash, and both the check and the offer need it.
    const csrfToken = sessions.csrfToken(session.token);
    // A remembered session was taken only with its token (above): checked once.
    if (!SAFE_METHODS.has(request.method) && session !== remembered && !carriesCsrfToken(request, csrfToken)) {
      throw new ApiError(403, 'The X-XSRF-TOKEN header is missing or does not match this session.');
    }
    if (session.extended) appendCookie(reply, cookie(request, SESSION_COOKIE, session.token, true));
    offerCsrfToken(request, reply, csrfToken, session.extended);
  };
}

/**
 * Whether the request may take its session from the process's memory (`rememberedSession`): a
 * change, and not one with an `Idempotency-Key`, whose replay would answer before any write
 * confirmed the session.
 */
function remembers(request: FastifyRequest): boolean {
  return !SAFE_METHODS.has(request.method) && request.routeOptions.config.rememberedSession === true && request.headers[IDEMPOTENCY_HEADER] === undefined;
}

/** Whether the request's X-XSRF-TOKEN header is `csrfToken`. */
function carriesCsrfToken(request: FastifyRequest, csrfToken: string): boolean {
  const sent = request.headers[XSRF_HEADER];
  return typeof sent === 'string' && sameSecret(sent, csrfToken);
}

/** Returns the allowed cross-origin Origin, or undefined when the request is same-origin. */
async function checkOrigin(request: FastifyRequest, reply: FastifyReply, allowed: readonly string[]): Promise<string | undefined> {
  const origin = request.headers.origin;
  if (origin === undefined || (origin === 'null' && SAFE_METHODS.has(request.method))) return undefined;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ApiError(403, 'The Origin header is not a valid origin.');
  }
  if (host === request.headers.host) return undefined;
  if (!allowed.includes(normaliseOrigin(origin))) {
    // A cross-origin read gets no CORS headers (the browser hides the answer); a change is refused outright.
    if (SAFE_METHODS.has(request.method) && request.method !== 'OPTIONS') return undefined;
    throw new ApiError(403, `Requests from ${origin} are not allowed by this store's storefront settings.`);
  }
  reply.header('Access-Control-Allow-Origin', origin);
  reply.header('Access-Control-Allow-Credentials', 'true');
  reply.header(
    'Access-Control-Expose-Headers',
    // Token: a placed order's payment token, which the checkout SDK reads (docs/payments.md).
    'X-XSRF-TOKEN, Idempotent-Replayed, Token, X-Rate-Limit-Time-Window-Ms, X-Rate-Limit-Time-Reset-Ms, X-Rate-Limit-Requests-Quota, X-Rate-Limit-Requests-Left',
  );
  reply.header('Vary', 'Origin');
  return origin;
}

/**
 * Makes the CSRF token available to the page: as the XSRF-TOKEN cookie when the browser lacks it
 * (same origin), and as a response header a cross-origin page may read (docs/storefront.md).
 */
function offerCsrfToken(request: FastifyRequest, reply: FastifyReply, token: string, renew = false): void {
  if (renew || readCookie(request, XSRF_COOKIE) !== token) appendCookie(reply, cookie(request, XSRF_COOKIE, token, false));
  if (request.storefront.crossOrigin) reply.header('X-XSRF-TOKEN', token);
}

/**
 * Makes `cartId` the cart of a new session of the browser in the request's store. Binding a cart
 * always issues a fresh token, whatever session the browser had: a token anyone knew before (a
 * cookie planted by someone else, even one the service issued to them) never holds the cart.
 */
export async function bindCart(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, cartId: string): Promise<void> {
  const { sessions } = app.consign;
  const context = request.storefront;
  const token = sessions.newToken();
  await sessions.bind(token, context.store, cartId, context.customerId);
  holdCart(request, reply, token, cartId);
}

/**
 * `bindCart` for a cart this request creates: the new session's token, and the binding for the
 * cart's insert to write with the cart (`CheckoutService.create`); once it is saved, `holdCart`
 * sends the session.
 */
export function newCartSession(app: FastifyInstance, request: FastifyRequest): { token: string; binding: (cartId: string) => SessionBinding } {
  const { sessions } = app.consign;
  const context = request.storefront;
  const token = sessions.newToken();
  return { token, binding: (cartId) => sessions.binding(token, context.store, cartId, context.customerId) };
}

/** Makes the session `token`, bound to `cartId`, the request's and the browser's. */
export function holdCart(request: FastifyRequest, reply: FastifyReply, token: string, cartId: string): void {
  const context = request.storefront;
  context.session = token;
  context.cartId = cartId;
  context.seen = undefined;
  sendSession(request, reply, token);
}

/**
 * Sends a session the service has just started (a sign-in, a sign-out) as the browser's new
 * session cookie, with its CSRF token; `request.storefront` names it from now on.
 */
export function sendSession(request: FastifyRequest, reply: FastifyReply, token: string): void {
  request.storefront.session = token;
  request.storefront.confirmed = true;
  appendCookie(reply, cookie(request, SESSION_COOKIE, token, true));
  offerCsrfToken(request, reply, request.server.consign.sessions.csrfToken(token));
}

/**
 * The session's cart, when it is `cartId`. Any other id, whether it exists or belongs to another
 * session, is answered exactly as a cart that does not exist: an id alone grants nothing.
 */
export function requireOwnCart(request: FastifyRequest, cartId: string, resource: 'cart' | 'checkout'): void {
  if (request.storefront.cartId === undefined || request.storefront.cartId !== cartId) throw notOwn(resource);
}

/**
 * `parse`, a route's reading of its request between `requireOwnCart` and the change of the cart.
 * For a session taken from memory (`confirmed` false), a request `parse` refuses is refused only
 * while the session still holds the cart: one that ended is no session, and its cart is not found,
 * as its read would have answered before anything was parsed.
 */
export async function parseForOwnCart<T>(request: FastifyRequest, cartId: string, resource: 'cart' | 'checkout', parse: () => T): Promise<T> {
  try {
    return parse();
  } catch (error) {
    const { store, session, confirmed } = request.storefront;
    if (!confirmed && session !== undefined && (await request.server.consign.sessions.unconfirmed(session, store).confirm()) !== cartId) throw notOwn(resource);
    throw error;
  }
}

function notOwn(resource: 'cart' | 'checkout'): NotFoundError {
  return resource === 'cart' ? new NotFoundError('cart', 'Cart not found.') : new NotFoundError('checkout', 'Checkout not found.');
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

function cookie(request: FastifyRequest, name: string, value: string, httpOnly: boolean): string {
  const attributes = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${SESSION_TTL_MS / 1000}`, 'SameSite=Lax'];
  if (httpOnly) attributes.push('HttpOnly');
  if (request.protocol === 'https') attributes.push('Secure');
  return attributes.join('; ');
}

function appendCookie(reply: FastifyReply, value: string): void {
  // Fastify appends Set-Cookie values rather than replacing them.
  reply.header('set-cookie', value);
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
