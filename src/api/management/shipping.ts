import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { StoreRecord } from '../../store/store.js';
import { methodNotFound, zoneNotFound } from '../../services/shipping-service.js';
import { handleError } from '../errors.js';
import {
  MethodRequest,
  MethodUpdateRequest,
  ZoneRequest,
  ZoneUpdateRequest,
  mergeMethodRequest,
  mergeZoneRequest,
  presentMethod,
  presentZone,
  toMethodInput,
  toZoneInput,
} from './shipping-codec.js';
import { Id, StoreHashParams } from './schemas.js';

const ZoneParams = Type.Object({ store_hash: Type.String(), zoneId: Id });
const MethodParams = Type.Object({ store_hash: Type.String(), zoneId: Id, methodId: Id });

/**
 * A zone of 40,000 postcodes is about 1.5 MB as compact JSON and can pass 2 MiB once ids,
 * ZIP+4 codes or indentation are added, so zone writes accept up to 8 MiB (or the app's limit
 * when that is larger). The management hook has authenticated the caller before a byte is parsed.
 */
const ZONE_BODY_LIMIT = 8 * 1024 * 1024;

const zoneTags = ['Shipping Zones'];
const methodTags = ['Shipping Method'];
const write = { scope: 'shipping', access: 'write' } as const;
const read = { scope: 'shipping', access: 'read' } as const;

/**
 * Upstream's Shipping v2 configuration API (`shipping.v2.yml`): zones and their methods, as bare
 * JSON (no `data`/`meta` envelope), with every error in v2's `[{status, message}]` shape. Reads come
 * from the cached configuration; every write drops it, so the next read and quote see the change.
 */
export async function shippingRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { configs, shipping } = app.consign;
  const zoneBodyLimit = Math.max(app.initialConfig.bodyLimit ?? 0, ZONE_BODY_LIMIT);
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply, 'v2'));

  const storeShipping = async (record: StoreRecord) => {
    const config = await configs.get(record);
    return { zones: config.shipping.zones, places: config.settings.currency.decimalPlaces };
  };
  const findZone = async (record: StoreRecord, zoneId: number) => {
    const { zones, places } = await storeShipping(record);
    const zone = zones.find((z) => z.id === zoneId);
    if (!zone) throw zoneNotFound(zoneId);
    return { zone, places };
  };
  const findMethod = async (record: StoreRecord, zoneId: number, methodId: number) => {
    const { zone, places } = await findZone(record, zoneId);
    const method = zone.methods.find((m) => m.id === methodId);
    if (!method) throw methodNotFound(methodId);
    return { method, places };
  };

  app.get('/zones', { config: read, schema: { tags: zoneTags, params: StoreHashParams } }, async (request) => {
    const { zones, places } = await storeShipping(request.storeRecord);
    return zones.map((zone) => presentZone(zone, places));
  });

  app.post('/zones', { config: write, bodyLimit: zoneBodyLimit, schema: { tags: zoneTags, params: StoreHashParams, body: ZoneRequest } }, async (request, reply) => {
    const { places } = await storeShipping(request.storeRecord);
    const zone = await shipping.createZone(request.storeRecord, toZoneInput(request.body, places));
    return reply.code(201).send(presentZone(zone, places));
  });

  app.get('/zones/:zoneId', { config: read, schema: { tags: zoneTags, params: ZoneParams } }, async (request) => {
    const { zone, places } = await findZone(request.storeRecord, request.params.zoneId);
    return presentZone(zone, places);
  });

  app.put('/zones/:zoneId', { config: write, bodyLimit: zoneBodyLimit, schema: { tags: zoneTags, params: ZoneParams, body: ZoneUpdateRequest } }, async (request) => {
    // A partial update: merged into the zone as stored, inside the transaction that writes it.
    let places = 0;
    const zone = await shipping.updateZone(request.storeRecord, request.params.zoneId, (current, settings) => {
      places = settings.currency.decimalPlaces;
      return toZoneInput(mergeZoneRequest(current, request.body, places), places);
    });
    return presentZone(zone, places);
  });

  app.delete('/zones/:zoneId', { config: write, schema: { tags: zoneTags, params: ZoneParams } }, async (request, reply) => {
    await shipping.deleteZone(request.storeRecord, request.params.zoneId);
    return reply.code(204).send();
  });

  app.get('/zones/:zoneId/methods', { config: read, schema: { tags: methodTags, params: ZoneParams } }, async (request) => {
    const { zone, places } = await findZone(request.storeRecord, request.params.zoneId);
    return zone.methods.map((method) => presentMethod(method, places));
  });

  // Upstream answers a created method with 200, not 201.
  app.post('/zones/:zoneId/methods', { config: write, schema: { tags: methodTags, params: ZoneParams, body: MethodRequest } }, async (request) => {
    const { zoneId } = request.params;
    const { places } = await storeShipping(request.storeRecord);
    const method = await shipping.createMethod(request.storeRecord, zoneId, toMethodInput(request.body, places));
    return presentMethod(method, places);
  });

  app.get('/zones/:zoneId/methods/:methodId', { config: read, schema: { tags: methodTags, params: MethodParams } }, async (request) => {
    const { method, places } = await findMethod(request.storeRecord, request.params.zoneId, request.params.methodId);
    return presentMethod(method, places);
  });

  app.put('/zones/:zoneId/methods/:methodId', { config: write, schema: { tags: methodTags, params: MethodParams, body: MethodUpdateRequest } }, async (request) => {
    const { zoneId, methodId } = request.params;
    // A partial update: merged into the method as stored, inside the transaction that writes it.
    let places = 0;
    const method = await shipping.updateMethod(request.storeRecord, zoneId, methodId, (current, settings) => {
      places = settings.currency.decimalPlaces;
      return toMethodInput(mergeMethodRequest(current, request.body, places), places);
    });
    return presentMethod(method, places);
  });

  app.delete('/zones/:zoneId/methods/:methodId', { config: write, schema: { tags: methodTags, params: MethodParams } }, async (request, reply) => {
    await shipping.deleteMethod(request.storeRecord, request.params.zoneId, request.params.methodId);
    return reply.code(204).send();
  });
}
