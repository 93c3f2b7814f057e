import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { StoreSettings } from '../../domain/store-settings.js';
import { productNotFound } from '../../services/catalog-service.js';
import { CreateProductRequest, UpdateProductRequest, presentProduct, toProductInput, toProductRequest } from './catalog-codec.js';
import { envelope } from '../envelope.js';
import { pagination } from './pagination.js';
import { Id, StoreHashParams } from './schemas.js';

const ProductParams = Type.Object({ store_hash: Type.String(), productId: Id });
const ListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 50 })),
  // Upstream's `id:in` is a comma-separated list (`?id:in=1,2,3`).
  'id:in': Type.Optional(Type.String({ pattern: '^\\d{1,10}(,\\d{1,10}){0,249}$' })),
});

const tags = ['Catalog'];
const write = { scope: 'catalog', access: 'write' } as const;
const read = { scope: 'catalog', access: 'read' } as const;



/** Just enough of upstream's Catalog v3 for a checkout: products with their variants nested. */
export async function catalogRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { configs, catalog } = app.consign;

  app.get('/products', { config: read, schema: { tags, params: StoreHashParams, querystring: ListQuery } }, async (request) => {
    const config = await configs.get(request.storeRecord);
    const { page = 1, limit = 50 } = request.query;
    const wanted = request.query['id:in']?.split(',').map(Number);
    const all = config.catalog.products.filter((p) => !wanted || wanted.includes(p.id));
    const data = all.slice((page - 1) * limit, page * limit).map((p) => presentProduct(p, config));
    return { data, meta: { pagination: pagination(request.url.split('?')[1] ?? '', all.length, data.length, limit, page) } };
  });

  app.get('/products/:productId', { config: read, schema: { tags, params: ProductParams } }, async (request) => {
    const config = await configs.get(request.storeRecord);
    const product = config.catalog.product(request.params.productId);
    if (!product) throw productNotFound(request.params.productId);
    return envelope(presentProduct(product, config));
  });

  app.post('/products', { config: write, schema: { tags, params: StoreHashParams, body: CreateProductRequest } }, async (request) => {
    const config = await configs.get(request.storeRecord);
    const [created] = await catalog.create(request.storeRecord, [toProductInput(request.body, config.settings)]);
    return envelope(presentProduct(created!, config));
  });

  // A partial update: merged into the product as stored, inside the transaction that writes it.
  app.put('/products/:productId', { config: write, schema: { tags, params: ProductParams, body: UpdateProductRequest } }, async (request) => {
    let settings: StoreSettings | undefined;
    const updated = await catalog.update(request.storeRecord, request.params.productId, (current, stored) => {
      settings = stored;
      const merged = { ...toProductRequest(current, { settings }), ...request.body };
      return { input: toProductInput(merged, settings), replaceVariants: request.body.variants !== undefined };
    });
    return envelope(presentProduct(updated, { settings: settings! }));
  });

  app.delete('/products/:productId', { config: write, schema: { tags, params: ProductParams } }, async (request, reply) => {
    const deleted = await catalog.delete(request.storeRecord, [request.params.productId]);
    if (deleted === 0) throw productNotFound(request.params.productId);
    return reply.code(204).send();
  });
}
