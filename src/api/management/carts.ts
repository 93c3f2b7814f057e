import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { addItems, createCart, isEmpty, removeItem, setCustomerId, updateItem } from '../../domain/checkout.js';
import { DomainError } from '../../domain/errors.js';
import { parseAmount } from '../../domain/money.js';
import { envelope } from '../envelope.js';
import { presentCart } from './presenter.js';
import { createRedirectUrls } from './redirect-urls.js';
import { optionalVersion, parseInclude } from '../request-parts.js';
import { toLineItems } from './requests.js';
import {
  AddCartItemsRequest,
  CartItemParams,
  CartParams,
  CartQuery,
  CreateCartRequest,
  StoreHashParams,
  UpdateCartItemRequest,
  UpdateCartRequest,
} from './schemas.js';
import { storefrontOrigin } from '../storefront-links.js';

const tags = ['Carts (server-to-server)'];
const write = { scope: 'carts', access: 'write' } as const;
const read = { scope: 'carts', access: 'read' } as const;

/** Upstream's Carts v3 API (`carts.v3.yml`). The cart id is the checkout id. */
export async function cartRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;

  app.post('/', { config: write, schema: { tags, params: StoreHashParams, querystring: CartQuery, body: CreateCartRequest } }, async (request, reply) => {
    const body = request.body;
    const { checkout, config } = await checkouts.create(request.storeRecord, (config, now) => {
      const currency = config.settings.currency;
      // carts.v3.yml: "Passing a non-transactional display currency will result in a `400` error."
      if (body.currency && body.currency.code.toUpperCase() !== currency.code) {
        throw new DomainError(400, `The currency ${body.currency.code} is not a transactional currency of this store.`, { 'currency.code': `must be ${currency.code}` });
      }
      return createCart(
        {
          id: randomUUID(),
          storeId: request.storeRecord.id,
          channelId: body.channel_id ?? 1,
          customerId: body.customer_id ?? 0,
          email: body.email ?? '',
          locale: body.locale ?? 'en',
          currency,
          now,
        },
        toLineItems(body, config.catalog, currency.decimalPlaces),
      );
    });
    // Upstream's include=redirect_urls: the cart's hand-off links, made with the cart.
    const links = parseInclude(request.query.include).has('redirect_urls') ? { redirect_urls: await createRedirectUrls(app, request, checkout.id) } : {};
    return reply.code(201).send(envelope({ ...presentCart(checkout, config, await storefrontOrigin(request, config)), ...links }));
  });

  app.get('/:cartId', { config: read, schema: { tags, params: CartParams, querystring: CartQuery } }, async (request) => {
    const { checkout, config } = await checkouts.get(request.storeRecord, request.params.cartId, 'cart');
    return envelope(presentCart(checkout, config, await storefrontOrigin(request, config)));
  });

  app.put('/:cartId', { config: write, schema: { tags, params: CartParams, body: UpdateCartRequest } }, async (request, reply) => {
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.cartId, request.body.version, 'cart', (current) => {
      return setCustomerId(current, request.body.customer_id);
    });
    return reply.code(201).send(envelope(presentCart(checkout!, config, await storefrontOrigin(request, config))));
  });

  app.delete('/:cartId', { config: write, schema: { tags, params: CartParams } }, async (request, reply) => {
    await checkouts.mutate(request.storeRecord, request.params.cartId, undefined, 'cart', () => null);
    return reply.code(204).send();
  });

  app.post('/:cartId/items', { config: write, schema: { tags, params: CartParams, querystring: CartQuery, body: AddCartItemsRequest } }, async (request, reply) => {
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.cartId, request.body.version, 'cart', (current, config) => {
      return addItems(current, toLineItems(request.body, config.catalog, current.currency.decimalPlaces));
    });
    return reply.code(201).send(envelope(presentCart(checkout!, config, await storefrontOrigin(request, config))));
  });

  app.put('/:cartId/items/:itemId', { config: write, schema: { tags, params: CartItemParams, body: UpdateCartItemRequest } }, async (request) => {
    const { line_item: item, version } = request.body;
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.cartId, version, 'cart', (current) => {
      const listPrice = item.list_price === undefined ? undefined : parseAmount(item.list_price, current.currency.decimalPlaces, 'line_item.list_price');
      return updateItem(current, request.params.itemId, { quantity: item.quantity, listPrice, productId: item.product_id, variantId: item.variant_id });
    });
    return envelope(presentCart(checkout!, config, await storefrontOrigin(request, config)));
  });

  app.delete('/:cartId/items/:itemId', { config: write, schema: { tags, params: CartItemParams } }, async (request, reply) => {
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.cartId, optionalVersion(request.body), 'cart', (current) => {
      const next = removeItem(current, request.params.itemId);
      return isEmpty(next) ? null : next;
    });
    if (!checkout) return reply.code(204).send();
    return envelope(presentCart(checkout, config, await storefrontOrigin(request, config)));
  });
}
