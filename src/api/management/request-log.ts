import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DEFAULT_REQUEST_LOG_LIMITS } from '../../services/request-log/request-log.js';
import { envelope } from '../envelope.js';
import { ApiError } from '../errors.js';
import { presentLoggedRequest } from '../request-log/presenter.js';
import { StoreHashParams } from './schemas.js';

const tags = ['Request log (Consign)'];
/**
 * The log shows bodies of every kind (customers, orders, payments), so reading it takes a token
 * that may read every family; reads of the log are not themselves logged.
 */
const config = { scope: 'every', access: 'read', requestLog: false } as const;

/**
 * `GET /stores/{hash}/v3/consign/requests`, a Consign extension: the store's latest requests as
 * this process answered them, newest first, secrets masked (docs/request-log.md).
 */
export async function requestLogRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { requestLog } = app.consign;
  const perStore = requestLog?.limits.perStore ?? DEFAULT_REQUEST_LOG_LIMITS.perStore;
  const Query = Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: perStore, default: Math.min(50, perStore), description: `At most ${perStore}, the requests kept per store.` })),
  });
  app.get('/', { config, schema: { tags, params: StoreHashParams, querystring: Query } }, async (request) => {
    if (!requestLog) throw new ApiError(404, 'The request log is off in this process (CONSIGN_REQUEST_LOG=0).');
    const limit = request.query.limit ?? Math.min(50, perStore);
    return envelope(requestLog.recent(request.storeRecord.id, limit).map(presentLoggedRequest));
  });
}
