import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Checkout, addItems, createCart, isEmpty, removeItem, updateItem } from '../../domain/checkout.js';
import type { Loaded } from '../../services/checkout-service.js';
import { presentStorefrontCart } from './presenter.js';
import { optionalVersion } from '../request-parts.js';
import { toLineItems } from './requests.js';
import { AddCartItemsRequest, CartItemParams, CartParams, CreateCartRequest, IncludeQuery, UpdateCartItemRequest } from './schemas.js';
import { holdCart, newCartSession, requireOwnCart } from './session.js';
import { storefrontOrigin } from '../storefront-links.js';
import { changeOwnCheckout, readOwnCheckout } from './own-checkout.js';

/** The line routes change the session's cart and answer with what they wrote (session.ts, `rememberedSession`). */
const REMEMBERED = { rememberedSession: true };
const tags = ['Carts (storefront)'];

/** Upstream's storefront Carts API (`carts.sf.yml`): the session's cart, and nobody else's. */
export async function cartRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;

  // An array, as upstream's: empty without a session or a live cart.
  app.get('/carts', { schema: { tags, querystring: IncludeQuery } }, async (request) => {
    const { cartId } = request.storefront;
    if (cartId === undefined) return [];
    const { checkout, config } = await readOwnCheckout(request, cartId, 'cart');
    return [presentStorefrontCart(checkout, config, await storefrontOrigin(request, config))];
  });

  app.post('/carts', { schema: { tags, querystring: IncludeQuery, body: CreateCartRequest } }, async (request, reply) => {
    const { store, customerId } = request.storefront;
    // A signed-in shopper's new cart is theirs from the start (docs/customers.md).
    const customer = customerId === undefined ? undefined : (await app.consign.customers.find(store, customerId))?.customer;
    const session = newCartSession(app, request);
    const { checkout, config } = await checkouts.create(
      store,
      (config, now) =>
        createCart(
          { id: randomUUID(), storeId: store.id, channelId: 1, customerId: customer?.id ?? 0, email: customer?.email ?? '', locale: request.body.locale ?? 'en', currency: config.settings.currency, now },
          toLineItems(request.body, config.catalog, config.settings.currency.decimalPlaces),
        ),
      { session: session.binding },
    );
    holdCart(request, reply, session.token, checkout.id);
    return presentStorefrontCart(checkout, config, await storefrontOrigin(request, config));
  });

  app.delete('/carts/:cartId', { schema: { tags, params: CartParams } }, async (request, reply) => {
    requireOwnCart(request, request.params.cartId, 'cart');
    await changeOwnCheckout(request, request.params.cartId, undefined, 'cart', () => null);
    return reply.code(204).send();
  });

  app.post('/carts/:cartId/items', { config: REMEMBERED, schema: { tags, params: CartParams, querystring: IncludeQuery, body: AddCartItemsRequest } }, async (request) => {
    requireOwnCart(request, request.params.cartId, 'cart');
    const { checkout, config } = await changeOwnCheckout(request, request.params.cartId, request.body.version, 'cart', (current, config) => {
      return addItems(current, toLineItems(request.body, config.catalog, current.currency.decimalPlaces));
    });
    return presentStorefrontCart(checkout!, config, await storefrontOrigin(request, config));
  });

  app.put('/carts/:cartId/items/:itemId', { config: REMEMBERED, schema: { tags, params: CartItemParams, querystring: IncludeQuery, body: UpdateCartItemRequest } }, async (request) => {
    requireOwnCart(request, request.params.cartId, 'cart');
    const { checkout, config } = await changeOwnCheckout(request, request.params.cartId, request.body.version, 'cart', (current) => {
      return updateItem(current, request.params.itemId, { quantity: request.body.lineItem.quantity });
    });
    return presentStorefrontCart(checkout!, config, await storefrontOrigin(request, config));
  });

  app.delete('/carts/:cartId/items/:itemId', { schema: { tags, params: CartItemParams, querystring: IncludeQuery } }, async (request) => {
    requireOwnCart(request, request.params.cartId, 'cart');
    const { checkout, config } = await removeLine(app, request, request.params.cartId, request.params.itemId, 'cart');
    return presentStorefrontCart(checkout, config, await storefrontOrigin(request, config));
  });
}

/**
 * Removes a line of the session's cart. Removing the last one deletes the cart, as upstream
 * documents, yet upstream lists no answer but 200 with the cart (carts.sf `deleteCartLineItem`)
 * or checkout (checkouts.sf `deleteCheckoutLineItem`): so the answer is the cart as the deletion
 * left it, with no items and no consignments, one version on. It is gone afterwards: `GET /carts`
 * answers `[]`.
 */
export async function removeLine(app: FastifyInstance, request: FastifyRequest, cartId: string, itemId: string, resource: 'cart' | 'checkout'): Promise<Loaded & { checkout: Checkout }> {
  let emptied: Checkout | undefined;
  const { checkout, config } = await changeOwnCheckout(request, cartId, optionalVersion(request.body), resource, (current, _config, now) => {
    const next = removeItem(current, itemId);
    if (!isEmpty(next)) return next;
    emptied = { ...next, consignments: [], version: current.version + 1, updatedTime: now };
    return null;
  });
  return { checkout: checkout ?? emptied!, config };
}
