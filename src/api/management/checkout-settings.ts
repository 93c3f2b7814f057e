import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { type CheckoutScripts, changeCheckoutScripts, scriptUrlProblem } from '../../domain/checkout-scripts.js';
import { invalid } from '../../domain/errors.js';
import { envelope } from '../envelope.js';
import { StoreHashParams } from './schemas.js';

const tags = ['Checkout settings'];
// Upstream files these under its Checkouts scopes (checkouts.v3.yml); so does Consign.
const read = { scope: 'checkouts', access: 'read' } as const;
const write = { scope: 'checkouts', access: 'write' } as const;

const ScriptUrl = Type.String({ maxLength: 2048, description: 'An absolute http(s) URL; empty for the store\'s own page.' });
const SriHash = Type.String({ maxLength: 200, pattern: '^$|^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$', description: 'e.g. `sha384-…`; empty for none.' });

/** Upstream's `CheckoutsSettingsRequest`: every field optional, those sent replace the stored ones. */
export const CheckoutSettingsRequest = Type.Object({
  custom_checkout_script_url: Type.Optional(ScriptUrl),
  order_confirmation_use_custom_checkout_script: Type.Optional(Type.Boolean()),
  custom_order_confirmation_script_url: Type.Optional(ScriptUrl),
  custom_checkout_supports_uco_settings: Type.Optional(Type.Boolean()),
  custom_checkout_sri_hash: Type.Optional(SriHash),
  custom_order_confirmation_sri_hash: Type.Optional(SriHash),
});

/**
 * Upstream's Checkout Settings, `GET|PUT /stores/{hash}/v3/checkouts/settings`: which scripts the
 * store's hosted checkout and order-confirmation pages load (hosted/index.ts, docs/checkout-js.md).
 */
export async function checkoutSettingsRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { configs } = app.consign;

  app.get('/settings', { config: read, schema: { tags, params: StoreHashParams } }, async (request) =>
    envelope(present((await configs.get(request.storeRecord)).settings.checkoutScripts)),
  );

  app.put('/settings', { config: write, schema: { tags, params: StoreHashParams, body: CheckoutSettingsRequest } }, async (request) => {
    const change = checkoutScriptsChange(request.body);
    const settings = await configs.updateSettings(request.storeRecord, (stored) => ({
      ...stored,
      checkoutScripts: changeCheckoutScripts(stored.checkoutScripts, change),
    }));
    return envelope(present(settings.checkoutScripts));
  });
}

/**
 * The change a request (or a fixture's `checkout_settings`) asks for, once its script URLs are
 * known to be loadable by a page: 422 on the field otherwise.
 */
export function checkoutScriptsChange(body: Static<typeof CheckoutSettingsRequest>): Partial<CheckoutScripts> {
  const errors = Object.fromEntries(
    (['custom_checkout_script_url', 'custom_order_confirmation_script_url'] as const).flatMap((field) => {
      const problem = scriptUrlProblem(body[field] ?? '');
      return problem ? [[field, problem]] : [];
    }),
  );
  if (Object.keys(errors).length > 0) throw invalid('A checkout script URL cannot be loaded by a page.', errors);
  return fromRequest(body);
}

function fromRequest(body: Static<typeof CheckoutSettingsRequest>): Partial<CheckoutScripts> {
  const change: { -readonly [K in keyof CheckoutScripts]?: CheckoutScripts[K] } = {};
  if (body.custom_checkout_script_url !== undefined) change.customCheckoutScriptUrl = body.custom_checkout_script_url;
  if (body.order_confirmation_use_custom_checkout_script !== undefined) change.orderConfirmationUseCustomCheckoutScript = body.order_confirmation_use_custom_checkout_script;
  if (body.custom_order_confirmation_script_url !== undefined) change.customOrderConfirmationScriptUrl = body.custom_order_confirmation_script_url;
  if (body.custom_checkout_supports_uco_settings !== undefined) change.customCheckoutSupportsUcoSettings = body.custom_checkout_supports_uco_settings;
  if (body.custom_checkout_sri_hash !== undefined) change.customCheckoutSriHash = body.custom_checkout_sri_hash;
  if (body.custom_order_confirmation_sri_hash !== undefined) change.customOrderConfirmationSriHash = body.custom_order_confirmation_sri_hash;
  return change;
}

function present(scripts: CheckoutScripts) {
  return {
    custom_checkout_script_url: scripts.customCheckoutScriptUrl,
    order_confirmation_use_custom_checkout_script: scripts.orderConfirmationUseCustomCheckoutScript,
    custom_order_confirmation_script_url: scripts.customOrderConfirmationScriptUrl,
    custom_checkout_supports_uco_settings: scripts.customCheckoutSupportsUcoSettings,
    custom_checkout_sri_hash: scripts.customCheckoutSriHash,
    custom_order_confirmation_sri_hash: scripts.customOrderConfirmationSriHash,
  };
}
