import type { FastifyInstance } from 'fastify';

const tags = ['Checkout settings (storefront)'];

/**
 * `GET /api/storefront/checkout-extensions`: the checkout extensions (iframes and web workers that
 * apps add to checkout regions) the checkout SDK's `loadExtensions` asks for, and checkout-js
 * awaits beside the checkout before it renders. Consign hosts no apps, so there are none: an
 * empty list, which the SDK stores as "no extension in any region".
 */
export async function checkoutExtensionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/checkout-extensions', { schema: { tags } }, async () => []);
}
