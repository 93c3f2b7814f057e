import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { invalid } from '../../domain/errors.js';
import { searchPickupOptions } from '../../domain/pickup.js';
import { PickupService } from '../../services/pickup-service.js';
import { ApiError } from '../errors.js';
import { pagination } from './pagination.js';
import { envelope } from '../envelope.js';
import {
  CreatePickupMethodsRequest,
  DeletePickupMethodsQuery,
  ListPickupMethodsQuery,
  PickupOptionsRequest,
  UpdatePickupMethodsRequest,
  filterPickupMethods,
  presentPickupMethod,
  presentPickupOptions,
  toPickupMethodChanges,
  toPickupMethodInputs,
} from './pickup-codec.js';
import { StoreHashParams } from './schemas.js';

/** Upstream's batch limits (`pickup_methods.v3.yml`). */
export const PICKUP_METHODS_CREATE_LIMIT = 100;
export const PICKUP_METHODS_UPDATE_LIMIT = 10;

const methodTags = ['Pickup Methods'];
const optionTags = ['Pickup Options'];
const write = { scope: 'pickup', access: 'write' } as const;
const read = { scope: 'pickup', access: 'read' } as const;

/** Upstream's status for "the client requests too many objects". */
function tooMany(limit: number): ApiError {
  return new ApiError(413, `At most ${limit} pickup methods can be sent in one request.`, 'v3', { body: `at most ${limit} items` });
}

/**
 * Upstream's Pickup Methods API (`/v3/pickup/methods`: list, batch create, batch update, delete)
 * and Pickup Options search (`/v3/pickup/options`, answered without the `data` envelope, as
 * upstream does). Reads come from the cached configuration; writes are configuration changes,
 * so a checkout's pickup consignment is re-checked against them on its next read.
 */
export async function pickupRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { configs } = app.consign;
  const pickup = new PickupService(configs);

  app.get('/methods', { config: read, schema: { tags: methodTags, params: StoreHashParams, querystring: ListPickupMethodsQuery } }, async (request) => {
    const { methods } = (await configs.get(request.storeRecord)).pickup;
    const { page = 1, limit = 50 } = request.query;
    const all = filterPickupMethods(methods, request.query);
    const data = all.slice((page - 1) * limit, page * limit).map(presentPickupMethod);
    const rawQuery = request.url.split('?')[1] ?? '';
    return { data, meta: { pagination: pagination(rawQuery, all.length, data.length, limit, page) } };
  });

  // Upstream answers a created batch with 200 and the created methods.
  app.post('/methods', { config: write, schema: { tags: methodTags, params: StoreHashParams, body: CreatePickupMethodsRequest } }, async (request) => {
    if (request.body.length > PICKUP_METHODS_CREATE_LIMIT) throw tooMany(PICKUP_METHODS_CREATE_LIMIT);
    return envelope((await pickup.createMethods(request.storeRecord, toPickupMethodInputs(request.body))).map(presentPickupMethod));
  });

  app.put('/methods', { config: write, schema: { tags: methodTags, params: StoreHashParams, body: UpdatePickupMethodsRequest } }, async (request) => {
    if (request.body.length > PICKUP_METHODS_UPDATE_LIMIT) throw tooMany(PICKUP_METHODS_UPDATE_LIMIT);
    return envelope((await pickup.updateMethods(request.storeRecord, toPickupMethodChanges(request.body))).map(presentPickupMethod));
  });

  app.delete('/methods', { config: write, schema: { tags: methodTags, params: StoreHashParams, querystring: DeletePickupMethodsQuery } }, async (request, reply) => {
    await pickup.deleteMethods(request.storeRecord, request.query['id:in'].split(',').map(Number));
    return reply.code(204).send();
  });

  // A search, so reading access suffices although it is a POST.
  app.post('/options', { config: read, schema: { tags: optionTags, params: StoreHashParams, body: PickupOptionsRequest } }, async (request) => {
    const config = await configs.get(request.storeRecord);
    const { search_area: area, items } = request.body;
    items.forEach((item, index) => {
      if (!config.catalog.variant(item.variant_id)) {
        throw invalid(`Variant ${item.variant_id} does not exist.`, { [`items.${index}.variant_id`]: 'no variant with this id' });
      }
    });
    const options = searchPickupOptions(config.pickup, {
      coordinates: area.coordinates,
      radius: area.radius,
      items: items.map((i) => ({ variantId: i.variant_id, quantity: i.quantity })),
    });
    return presentPickupOptions(options);
  });
}
