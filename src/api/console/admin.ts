import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ALL_SCOPES, KNOWN_SCOPES } from '../../domain/scopes.js';
import { parseSettings } from '../../domain/store-settings.js';
import type { StoreRecord } from '../../store/store.js';
import { envelope } from '../envelope.js';
import { ApiError } from '../errors.js';
import { presentApiAccount } from '../management/api-account-presenter.js';
import { guardConsole } from './access.js';

const StoreHash = Type.String({ pattern: '^[a-z0-9]{1,32}$' });
const CreateStoreRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  hash: Type.Optional(StoreHash),
});
const CreateTokenRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  scopes: Type.Optional(Type.Array(Type.Union(KNOWN_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, maxItems: KNOWN_SCOPES.length })),
});

export interface ConsoleOptions {
  /** CONSIGN_CONSOLE_TOKEN: the credential that lets other machines in; local only without it. */
  readonly credential?: string;
}

/**
 * `/consign/admin`, a Consign extension for operators (the console, scripts on this machine): what
 * the per-store API cannot do because it starts from a store, namely listing and creating stores,
 * and a first token for one. Guarded like the console page (access.ts); the CLI's `store create`
 * and `token create` do the same through the same service. Everything else the console does goes
 * through the public management API with a token made here.
 */
export async function consoleAdminRoutes(plugin: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  guardConsole(app, options.credential);
  // Every field has a default, so a POST with no body is a POST of {} (`curl -X POST .../tokens`).
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined) request.body = {};
  });
  const { accounts } = app.consign;
  const hide = true;

  app.get('/stores', { schema: { hide } }, async () => envelope((await accounts.listStores()).map(presentStore)));

  app.post('/stores', { schema: { hide, body: CreateStoreRequest } }, async (request, reply) => {
    const { name, hash } = request.body;
    if (hash !== undefined && (await accounts.findStore(hash))) throw new ApiError(409, `A store with hash ${hash} exists already.`, 'v3', { hash: 'taken' });
    const record = await accounts.createStore({ ...(hash ? { hash } : {}), settings: name ? { name } : {} });
    return reply.code(201).send(envelope(presentStore(record)));
  });

  app.post('/stores/:hash/tokens', { schema: { hide, params: Type.Object({ hash: Type.String() }), body: CreateTokenRequest } }, async (request, reply) => {
    const record = await accounts.findStore(request.params.hash);
    if (!record) throw new ApiError(404, `No store has the hash ${request.params.hash.slice(0, 64)}.`);
    const { name = 'console', scopes = ALL_SCOPES } = request.body;
    const { account, token } = await accounts.createApiAccount(record.id, scopes, { name });
    return reply.code(201).send(envelope({ ...presentApiAccount(account), token, store_hash: record.hash }));
  });
}

function presentStore(record: StoreRecord) {
  const settings = parseSettings(record.settings);
  return { hash: record.hash, name: record.name, demo: settings.demo, currency_code: settings.currency.code };
}
