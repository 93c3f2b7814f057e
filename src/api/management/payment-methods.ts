import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PaymentMethodSettings } from '../../domain/payments/methods.js';
import { envelope } from '../envelope.js';
import { handleError } from '../errors.js';

const tags = ['Payment methods'];

/** A method as upstream's v2 list has it (`payment_Base`), plus Consign's settings on its own route. */
export function presentPaymentMethod(method: PaymentMethodSettings) {
  return { code: method.code, name: method.displayName, test_mode: method.testMode };
}

export function presentPaymentMethodSettings(method: PaymentMethodSettings) {
  return { ...presentPaymentMethod(method), enabled: method.enabled, instructions: method.instructions };
}

export const PaymentMethodRequest = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  instructions: Type.Optional(Type.String({ maxLength: 2000 })),
});

/**
 * Upstream's `GET /v2/payments/methods` (methods_payments.v2.yml: the enabled methods, by name A
 * to Z, scope `store_payments_methods_read`), and Consign's extension to choose them,
 * `PUT /v2/payments/methods/{code}` (docs/payments.md). Bare JSON, v2 errors.
 */
export async function paymentMethodRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { payments } = app.consign;
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply, 'v2'));

  const ListQuery = Type.Object({
    page: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250 })),
  });
  app.get('/methods', { config: { scope: 'payments', access: 'read' }, schema: { tags, querystring: ListQuery } }, async (request) => {
    const { page = 1, limit = 50 } = request.query;
    const enabled = (await payments.methods(request.storeRecord)).filter((m) => m.enabled);
    const sorted = enabled.sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));
    return sorted.slice((page - 1) * limit, page * limit).map(presentPaymentMethod);
  });

  const Params = Type.Object({ store_hash: Type.String(), code: Type.String() });
  app.put('/methods/:code', { config: { scope: 'payments', access: 'write' }, schema: { tags, params: Params, body: PaymentMethodRequest } }, async (request) => {
    const { enabled, name, instructions } = request.body;
    const saved = await payments.configure(request.storeRecord, request.params.code, {
      ...(enabled === undefined ? {} : { enabled }),
      ...(name === undefined ? {} : { displayName: name }),
      ...(instructions === undefined ? {} : { instructions }),
    });
    return presentPaymentMethodSettings(saved);
  });
}

/**
 * `GET /v3/consign/payment-methods`, a Consign extension: every method Consign offers with the
 * store's settings for it, enabled or not (upstream's v2 list has only the enabled ones), so that a
 * client such as the console can offer to enable any of them (docs/payments.md).
 */
export async function paymentMethodSettingsRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { payments } = app.consign;
  app.get('/', { config: { scope: 'payments', access: 'read' }, schema: { tags } }, async (request) => {
    return envelope((await payments.methods(request.storeRecord)).map(presentPaymentMethodSettings));
  });
}
