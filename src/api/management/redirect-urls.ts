import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalid } from '../../domain/errors.js';
import { parseSettings } from '../../domain/store-settings.js';
import { envelope } from './index.js';

const tags = ['Carts (server-to-server)'];
const write = { scope: 'carts', access: 'write' } as const;

const Params = Type.Object({ store_hash: Type.String(), cartId: Type.String({ maxLength: 64 }) });
/**
 * The body is optional (`{ query_params }` or nothing), which a body schema cannot say, so it is
 * checked by hand: query parameters to pass on to the page the links lead to.
 */
function queryParams(body: unknown): Record<string, string> {
  if (body === undefined || body === null) return {};
  const params = typeof body === 'object' && !Array.isArray(body) ? (body as { query_params?: unknown }).query_params : body;
  if (params === undefined) return {};
  const valid =
    typeof params === 'object' && params !== null && !Array.isArray(params) && Object.keys(params).length <= 20 &&
    Object.entries(params).every(([key, value]) => key.length <= 100 && typeof value === 'string' && value.length <= 500);
  if (!valid) throw invalid('query_params must be an object of at most 20 string values.', { query_params: 'must be an object of strings' });
  return params as Record<string, string>;
}

/**
 * `POST /v3/carts/{cartId}/redirect_urls`: single-use links, valid for 30 days, that hand a cart
 * made server-to-server over to a shopper's browser (docs/storefront.md).
 */
export async function redirectUrlRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts, sessions } = app.consign;

  app.post('/:cartId/redirect_urls', { config: write, schema: { tags, params: Params } }, async (request, reply) => {
    const { checkout } = await checkouts.get(request.storeRecord, request.params.cartId, 'cart');
    // Checked before the token is made: a refused request leaves no hand-off behind.
    const extra = new URLSearchParams(queryParams(request.body)).toString();
    const token = await sessions.createHandoff(request.storeRecord, checkout.id);
    const base = `${storefrontOrigin(request)}/cart.php`;
    const link = (query: string) => `${base}?${query}&id=${checkout.id}&token=${token}${extra ? `&${extra}` : ''}`;
    return reply.code(201).send(
      envelope({
        cart_url: link('action=load'),
        checkout_url: link('action=loadInCheckout'),
        embedded_checkout_url: link('embedded=1&action=loadInCheckout'),
      }),
    );
  });
}

/** The store's first storefront host (on the port this request came in on), or this request's own origin. */
function storefrontOrigin(request: FastifyRequest): string {
  const own = request.headers.host ?? 'localhost';
  const [host] = parseSettings(request.storeRecord.settings).storefrontHosts;
  const port = own.match(/:(\d+)$/)?.[1];
  return `${request.protocol}://${host ? `${host}${port ? `:${port}` : ''}` : own}`;
}
