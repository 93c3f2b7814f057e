import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type PageScript, checkoutPageScript, orderConfirmationPageScript } from '../../domain/checkout-scripts.js';
import { sendCheckoutSdk, sendPageFile } from '../demo/index.js';
import { speaksToBrowsers } from '../storefront/index.js';
import { CONTAINER_ID, type CheckoutConfig, type HostedPage, type HostedScript, hostedPage, messagePage } from './page.js';

/** Where Consign's own checkout (the demo page's app, in its hosted mode) serves its files. */
const OWN_ASSETS = '/checkout/assets/';
const OWN_FILES = ['app.js', 'markup.js', 'style.css'] as const;

const OrderParams = Type.Object({ orderId: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) });

/**
 * Every store's hosted checkout pages, on its storefront host, as upstream serves them:
 *
 * - `GET /checkout`: the session's checkout (once its order is complete, a redirect to its confirmation);
 * - `GET /checkout/order-confirmation`: the session's order (where checkout-js goes after placing it);
 * - `GET /checkout/order-confirmation/{orderId}`: an order by id (upstream's order permalink).
 *
 * Each sets `window.checkoutConfig` and loads the store's checkout script from its Checkout
 * Settings (checkout-scripts.ts), or Consign's own checkout when it has none. Which orders and
 * checkouts a browser may read is the storefront API's to decide; a page only names them.
 * See docs/checkout-js.md.
 */
export async function hostedCheckoutRoutes(app: FastifyInstance): Promise<void> {
  speaksToBrowsers(app);
  const { configs, checkouts, orders } = app.consign;

  /** The session's checkout, when the session holds a live cart. */
  const sessionCheckout = async (request: FastifyRequest) => {
    const { store, cartId } = request.storefront;
    return cartId === undefined ? undefined : (await checkouts.get(store, cartId, 'checkout')).checkout;
  };

  app.get('/checkout', { schema: { hide: true } }, async (request, reply) => {
    const checkout = await sessionCheckout(request);
    if (!checkout) return send(reply, 200, messagePage('Checkout', 'Your cart is empty.'));
    // An order still waiting for its card (one declined, say) is paid for on the checkout page.
    if (checkout.orderId !== null && (await orders.isComplete(request.storefront.store, Number(checkout.orderId)))) {
      return reply.redirect('/checkout/order-confirmation', 303);
    }
    const { settings } = await configs.get(request.storefront.store);
    const script = checkoutPageScript(settings.checkoutScripts);
    return send(reply, 200, hostedPage('Checkout', config(script, { checkoutId: checkout.id }), hosted(script)));
  });

  const confirmation = async (request: FastifyRequest, reply: FastifyReply, orderId: number) => {
    const { settings } = await configs.get(request.storefront.store);
    const script = orderConfirmationPageScript(settings.checkoutScripts);
    return send(reply, 200, hostedPage('Order confirmation', config(script, { orderId }), hosted(script)));
  };

  app.get('/checkout/order-confirmation', { schema: { hide: true } }, async (request, reply) => {
    const orderId = (await sessionCheckout(request))?.orderId;
    if (orderId === null || orderId === undefined) return send(reply, 404, messagePage('Order confirmation', 'There is no order to confirm in this browser.'));
    return confirmation(request, reply, Number(orderId));
  });

  app.get('/checkout/order-confirmation/:orderId', { schema: { hide: true, params: OrderParams } }, async (request, reply) =>
    confirmation(request, reply, Number((request.params as { orderId: string }).orderId)),
  );

  for (const file of OWN_FILES) {
    app.get(`${OWN_ASSETS}${file}`, { schema: { hide: true } }, async (_request, reply) => sendPageFile(reply, file));
  }
  app.get(`${OWN_ASSETS}checkout-sdk.js`, { schema: { hide: true } }, async (_request, reply) => sendCheckoutSdk(reply));
}

/** The loader's config: `publicPath` is the folder of the script, as checkout-js would infer it. */
function config(script: PageScript | undefined, subject: { checkoutId: string } | { orderId: number }): CheckoutConfig {
  const publicPath = script ? new URL('./', script.url).href : OWN_ASSETS;
  return { containerId: CONTAINER_ID, ...subject, publicPath };
}

function hosted(script: PageScript | undefined): HostedScript {
  return script ? { url: script.url, ...(script.integrity ? { integrity: script.integrity } : {}) } : { url: `${OWN_ASSETS}app.js`, module: true };
}

function send(reply: FastifyReply, status: number, page: HostedPage): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', page.contentSecurityPolicy)
    .header('cache-control', 'no-store')
    .send(page.html);
}
