import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../domain/errors.js';
import { envelope } from '../envelope.js';
import { CreateWebhookRequest, ListDeliveriesQuery, ListWebhooksQuery, UpdateWebhookRequest, presentDelivery, presentWebhook } from './hooks-codec.js';
import { pagination } from './pagination.js';
import { Id, StoreHashParams } from './schemas.js';

const tags = ['Webhooks'];
// A hook sees events of carts, orders and customers alike: only a token that may write every
// family manages hooks (docs/webhooks.md), as with the store's API accounts.
const every = { scope: 'every' } as const;
const HookParams = Type.Object({ store_hash: Type.String(), webhook_id: Id });

const rawQuery = (request: FastifyRequest) => request.url.split('?')[1] ?? '';
const notFound = (id: number) => new NotFoundError('resource', `Webhook ${id} was not found.`);

/** Upstream's webhook subscriptions under `/v3/hooks` (webhooks.v3.yml): create, list, get, update, delete. */
export async function hookRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { webhooks } = app.consign;

  app.get('/', { config: every, schema: { tags, params: StoreHashParams, querystring: ListWebhooksQuery } }, async (request) => {
    const { page = 1, limit = 50, is_active: isActive, scope, destination } = request.query;
    const all = await webhooks.list(request.storeRecord, { ...(isActive !== undefined ? { isActive } : {}), ...(scope ? { scope } : {}), ...(destination ? { destination } : {}) });
    const data = all.slice((page - 1) * limit, page * limit).map((hook) => presentWebhook(hook, request.storeRecord.hash));
    return { data, meta: { pagination: pagination(rawQuery(request), all.length, data.length, limit, page) } };
  });

  // Upstream answers a created hook with 200.
  app.post('/', { config: every, schema: { tags, params: StoreHashParams, body: CreateWebhookRequest } }, async (request) => {
    const { scope, destination, is_active: isActive, headers } = request.body;
    const hook = await webhooks.create(
      request.storeRecord,
      { scope, destination, ...(isActive !== undefined ? { isActive } : {}), ...(headers !== undefined ? { headers } : {}) },
      `consign-api-account-${request.apiAccountId}`,
    );
    return envelope({ ...presentWebhook(hook, request.storeRecord.hash), secret: hook.secret });
  });

  app.get('/:webhook_id', { config: every, schema: { tags, params: HookParams } }, async (request) => {
    const hook = await webhooks.find(request.storeRecord, request.params.webhook_id);
    if (!hook) throw notFound(request.params.webhook_id);
    return envelope(presentWebhook(hook, request.storeRecord.hash));
  });

  app.put('/:webhook_id', { config: every, schema: { tags, params: HookParams, body: UpdateWebhookRequest } }, async (request) => {
    const { scope, destination, is_active: isActive, headers } = request.body;
    const hook = await webhooks.update(request.storeRecord, request.params.webhook_id, {
      ...(scope !== undefined ? { scope } : {}),
      ...(destination !== undefined ? { destination } : {}),
      ...(isActive !== undefined ? { isActive } : {}),
      ...(headers !== undefined ? { headers } : {}),
    });
    if (!hook) throw notFound(request.params.webhook_id);
    return envelope(presentWebhook(hook, request.storeRecord.hash));
  });

  // Upstream answers a deleted hook with 200 and the hook.
  app.delete('/:webhook_id', { config: every, schema: { tags, params: HookParams } }, async (request) => {
    const hook = await webhooks.remove(request.storeRecord, request.params.webhook_id);
    if (!hook) throw notFound(request.params.webhook_id);
    return envelope(presentWebhook(hook, request.storeRecord.hash));
  });
}

/** Consign's delivery log of a hook, newest first: `/v3/consign/hooks/{webhook_id}/deliveries`. */
export async function hookDeliveryRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { webhooks } = app.consign;

  app.get('/:webhook_id/deliveries', { config: every, schema: { tags, params: HookParams, querystring: ListDeliveriesQuery } }, async (request) => {
    const { page = 1, limit = 50 } = request.query;
    const found = await webhooks.deliveries(request.storeRecord, request.params.webhook_id, { page, limit });
    if (!found) throw notFound(request.params.webhook_id);
    const data = found.rows.map(presentDelivery);
    return { data, meta: { pagination: pagination(rawQuery(request), found.total, data.length, limit, page) } };
  });
}
