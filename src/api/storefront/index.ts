import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { cartRoutes } from './carts.js';
import { checkoutExtensionRoutes } from './checkout-extensions.js';
import { internalOrderRoutes } from './checkout-order.js';
import { checkoutRoutes } from './checkouts.js';
import { consignmentRoutes } from './consignments.js';
import { countryRoutes } from './countries.js';
import { couponRoutes } from './coupons.js';
import { customerSignInRoutes } from './customer-sign-in.js';
import { customerRoutes } from './customers.js';
import { useStorefrontErrors } from './errors.js';
import { storefrontOrderRoutes } from './orders.js';
import { paymentRoutes } from './payments.js';
import { pickupOptionRoutes } from './pickup-options.js';
import { bindCart, storefrontGuard } from './session.js';
import { settingsRoutes } from './settings.js';

/**
 * The storefront dialect under `/api/storefront`, spoken to shoppers' browsers: the store comes
 * from the host, access from the session cookie, and every change needs the session's CSRF token
 * (session.ts). Its hooks stay inside this plugin; the server-to-server routes never see them.
 */
export async function storefrontRoutes(app: FastifyInstance): Promise<void> {
  speaksToBrowsers(app);
  answerPreflights(app);
  await app.register(cartRoutes);
  await app.register(checkoutRoutes);
  await app.register(consignmentRoutes);
  await app.register(couponRoutes);
  await app.register(pickupOptionRoutes);
  await app.register(settingsRoutes);
  await app.register(checkoutExtensionRoutes);
  await app.register(customerRoutes);
  await app.register(paymentRoutes);
  await app.register(storefrontOrderRoutes);
}

/**
 * What every route group answering browsers shares: the store and session from the request
 * (session.ts), and errors in the storefront's words (errors.ts).
 */
export function speaksToBrowsers(app: FastifyInstance): void {
  app.decorateRequest('storefront', null as never);
  app.addHook('onRequest', storefrontGuard(app));
  useStorefrontErrors(app);
}

/** BigCommerce's internal storefront paths the checkout SDK calls (`/internalapi/v1/...`). */
export async function internalApiRoutes(app: FastifyInstance): Promise<void> {
  speaksToBrowsers(app);
  answerPreflights(app);
  await app.register(countryRoutes);
  await app.register(customerSignInRoutes);
  await app.register(internalOrderRoutes);
}

/**
 * CORS preflights for every storefront path. The guard has already refused an origin the store
 * does not allow, and added the CORS headers for one it does.
 */
function answerPreflights(app: FastifyInstance): void {
  const paths = new Set<string>();
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    if (methods.includes('OPTIONS') || methods.every((m) => m === 'HEAD')) return;
    if (paths.has(route.url)) return;
    paths.add(route.url);
    app.route({
      method: 'OPTIONS',
      url: route.url.slice(app.prefix.length) || '/',
      schema: { hide: true },
      handler: async (request, reply) => {
        reply.header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
        reply.header('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? 'Content-Type, X-XSRF-TOKEN');
        reply.header('Access-Control-Max-Age', '600');
        return reply.code(204).send();
      },
    });
  });
}

const HandoffQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 50 })),
  id: Type.Optional(Type.String({ maxLength: 64 })),
  token: Type.Optional(Type.String({ maxLength: 200 })),
});

/**
 * Upstream's hand-off from server to browser: `POST /v3/carts/{id}/redirect_urls` returns
 * `cart.php` links; opening one binds its cart to a new session of the browser and sends the
 * shopper on to the store's hosted checkout page (`/checkout`, hosted/index.ts), with any other
 * query parameters passed along. Each link works once.
 */
export async function handoffRoutes(app: FastifyInstance): Promise<void> {
  speaksToBrowsers(app);
  app.get('/cart.php', { schema: { hide: true, querystring: HandoffQuery } }, async (request, reply) => {
    const { id, token } = request.query as { id?: string; token?: string };
    // The token is spent only by the store and cart it was made for: a link opened at the wrong
    // host, or with its id changed, leaves it valid for the right one.
    const taken = id !== undefined && token !== undefined && (await app.consign.sessions.takeHandoff(token, request.storefront.store, id));
    if (!taken) {
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send('<!doctype html><title>Link expired</title><p>This cart link has expired or has already been used. Ask the store for a new one.</p>');
    }
    await bindCart(app, request, reply, id);
    const passed = new URLSearchParams(request.query as Record<string, string>);
    for (const reserved of ['action', 'id', 'token', 'embedded']) passed.delete(reserved);
    const query = passed.toString();
    return reply.redirect(`/checkout${query ? `?${query}` : ''}`, 303);
  });
}
