import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalid } from '../../domain/errors.js';
import { ownHost } from '../../services/storefront-directory.js';
import { envelope } from '../envelope.js';

const tags = ['Carts (server-to-server)'];
const write = { scope: 'carts', access: 'write' } as const;

const Params = Type.Object({ store_hash: Type.String(), cartId: Type.String() });
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
  const { checkouts } = app.consign;

  app.post('/:cartId/redirect_urls', { config: write, schema: { tags, params: Params } }, async (request, reply) => {
    const { checkout } = await checkouts.get(request.storeRecord, request.params.cartId, 'cart');
    return reply.code(201).send(envelope(await createRedirectUrls(app, request, checkout.id, queryParams(request.body))));
  });
}

/**
 * The links of a cart, each with the same new single-use token: also what `include=redirect_urls`
 * adds to a cart made by `POST /v3/carts`.
 */
export async function createRedirectUrls(app: FastifyInstance, request: FastifyRequest, cartId: string, query: Record<string, string> = {}) {
  const token = await app.consign.sessions.createHandoff(request.storeRecord, cartId);
  const { settings } = await app.consign.configs.get(request.storeRecord);
  const base = `${storefrontOrigin(request, settings.storefrontHosts)}/cart.php`;
  const extra = new URLSearchParams(query).toString();
  const link = (action: string) => `${base}?${action}&id=${cartId}&token=${token}${extra ? `&${extra}` : ''}`;
  return {
    cart_url: link('action=load'),
    checkout_url: link('action=loadInCheckout'),
    embedded_checkout_url: link('embedded=1&action=loadInCheckout'),
  };
}

/**
 * Where the store's storefront answers, on the port this request came in on: its first
 * storefront host, or else `{store_hash}.localhost`, where every store answers with no setup.
 * (The API's own host would select the default store, whose session could not hold this cart.)
 */
function storefrontOrigin(request: FastifyRequest, hosts: readonly string[]): string {
  const [claimed] = hosts;
  const port = (request.headers.host ?? '').match(/:(\d+)$/)?.[1];
  return `${request.protocol}://${claimed ?? ownHost(request.storeRecord.hash)}${port ? `:${port}` : ''}`;
}
