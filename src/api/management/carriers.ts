import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../domain/errors.js';
import { handleError } from '../errors.js';
import { CarrierRequest, carrierJson, toCarrierInput } from './carrier-codec.js';
import { Id } from './schemas.js';
import { StoreHashParams } from './schemas.js';

const CarrierParams = Type.Object({ store_hash: Type.String(), carrierId: Id });
const tags = ['Shipping Carriers'];
const write = { scope: 'shipping', access: 'write' } as const;
const read = { scope: 'shipping', access: 'read' } as const;

/**
 * Carrier apps (a Consign extension beside Shipping v2, in its bare-JSON style and error shape):
 * list, connect (after the carrier accepts `check_connection_options`), disconnect.
 */
export async function carrierRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { configs, carriers } = app.consign;
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply, 'v2'));

  app.get('/', { config: read, schema: { tags, params: StoreHashParams } }, async (request) => {
    const config = await configs.get(request.storeRecord);
    return config.carriers.list.map((c) => carrierJson(c, config.settings.currency.decimalPlaces));
  });

  app.post('/', { config: write, schema: { tags, params: StoreHashParams, body: CarrierRequest } }, async (request, reply) => {
    const config = await configs.get(request.storeRecord);
    const places = config.settings.currency.decimalPlaces;
    const input = toCarrierInput(request.body, places, new Set(config.shipping.zones.map((z) => z.id)));
    const id = await carriers.connect(request.storeRecord, input);
    return reply.code(201).send(carrierJson({ ...input, id }, places));
  });

  app.delete('/:carrierId', { config: write, schema: { tags, params: CarrierParams } }, async (request, reply) => {
    if (!(await carriers.disconnect(request.storeRecord, request.params.carrierId))) {
      throw new NotFoundError('resource', `Carrier ${request.params.carrierId} was not found.`);
    }
    return reply.code(204).send();
  });
}
