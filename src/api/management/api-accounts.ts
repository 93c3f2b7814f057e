import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../domain/errors.js';
import { KNOWN_SCOPES } from '../../domain/scopes.js';
import { envelope } from '../envelope.js';
import { presentApiAccount } from './api-account-presenter.js';
import { Id, StoreHashParams } from './schemas.js';

const tags = ['API accounts (Consign)'];
// Only a token that may write everywhere manages tokens: a narrower one could mint a wider one.
const every = { scope: 'every' } as const;

const CreateApiAccountRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  scopes: Type.Array(Type.Union(KNOWN_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, maxItems: KNOWN_SCOPES.length }),
  expires_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
});
const IdParams = Type.Object({ store_hash: Type.String(), id: Id });

/**
 * Consign's own API (upstream manages API accounts in its control panel, with no public API):
 * list, create and revoke a store's tokens under `/stores/{hash}/v3/consign/api-accounts`. The
 * token is in the answer to its creation and never again; a revoked one is refused at once by the
 * process that revoked it and within a second by every other (docs/api.md#listing-revoking-and-expiring-tokens).
 */
export async function apiAccountRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts } = app.consign;

  app.get('/', { config: every, schema: { tags, params: StoreHashParams } }, async (request) =>
    envelope((await accounts.listApiAccounts(request.storeRecord.id)).map(presentApiAccount)),
  );

  app.post('/', { config: every, schema: { tags, params: StoreHashParams, body: CreateApiAccountRequest } }, async (request, reply) => {
    const { name, scopes, expires_at: expiresAt } = request.body;
    const created = await accounts.createApiAccount(request.storeRecord.id, scopes, {
      name,
      ...(expiresAt ? { expiresAt: Date.parse(expiresAt) } : {}),
    });
    return reply.code(201).send(envelope({ ...presentApiAccount(created.account), token: created.token }));
  });

  app.delete('/:id', { config: every, schema: { tags, params: IdParams } }, async (request, reply) => {
    const { id } = request.params;
    if (!(await accounts.revokeApiAccount(request.storeRecord.id, id))) throw new NotFoundError('resource', `API account ${id} was not found.`);
    return reply.code(204).send();
  });
}
