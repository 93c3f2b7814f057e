import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { invalid } from '../../domain/errors.js';
import { type Fee, MAX_FEES, addFees, deleteFees, updateFees } from '../../domain/fees.js';
import { parseAmount } from '../../domain/money.js';
import type { StoreConfig } from '../../services/store-config.js';
import { managementIncludes } from './checkouts.js';
import { envelope } from '../envelope.js';
import { presentCheckout } from './presenter.js';
import { LIMITS } from '../request-parts.js';
import { CheckoutQuery, MAX_ID } from './schemas.js';
import { storefrontOrigin } from '../storefront-links.js';

const FeeFields = {
  type: Type.Literal('custom_fee'),
  name: Type.String({ minLength: 1, maxLength: 50 }),
  display_name: Type.String({ minLength: 1, maxLength: 200 }),
  // Upstream sets no minimum: a negative fee takes something off (docs/coupons.md).
  cost: Type.Number({ minimum: -LIMITS.price, maximum: LIMITS.price }),
  source: Type.String({ minLength: 1, maxLength: 50 }),
  tax_class_id: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: MAX_ID }), Type.Null()])),
};
const NewFee = Type.Object(FeeFields);
const ChangedFee = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), ...FeeFields });
const Params = Type.Object({ store_hash: Type.String(), checkoutId: Type.String() });

function toFee(body: Static<typeof NewFee>, id: string, config: StoreConfig, index: number): Fee {
  const taxClassId = body.tax_class_id ?? null;
  if (taxClassId !== null && !config.tax.classes.some((c) => c.id === taxClassId)) {
    throw invalid(`Tax class ${taxClassId} does not exist.`, { [`fees.${index}.tax_class_id`]: 'unknown tax class' });
  }
  return {
    id,
    name: body.name,
    displayName: body.display_name,
    cost: parseAmount(body.cost, config.settings.currency.decimalPlaces, `fees.${index}.cost`),
    source: body.source,
    taxClassId,
  };
}

/** Upstream's checkout fees (at most five; no `version` field upstream; a fee without a class is taxed by the store's fee class). */
export async function feeRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;
  const tags = ['Checkout fees (server-to-server)'];
  const write = { scope: 'checkouts', access: 'write' } as const;

  app.post('/:checkoutId/fees', { config: write, schema: { tags, params: Params, querystring: CheckoutQuery, body: Type.Object({ fees: Type.Array(NewFee, { minItems: 1, maxItems: MAX_FEES }) }) } }, async (request) => {
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.checkoutId, undefined, 'checkout', (current, config) => {
      return addFees(current, request.body.fees.map((f, i) => toFee(f, randomUUID(), config, i)), config.tax);
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });

  app.put('/:checkoutId/fees', { config: write, schema: { tags, params: Params, querystring: CheckoutQuery, body: Type.Object({ fees: Type.Array(ChangedFee, { minItems: 1, maxItems: MAX_FEES }) }) } }, async (request) => {
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.checkoutId, undefined, 'checkout', (current, config) => {
      return updateFees(current, request.body.fees.map((f, i) => toFee(f, f.id, config, i)), config.tax);
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });

  app.delete('/:checkoutId/fees', { config: write, schema: { tags, params: Params, querystring: CheckoutQuery, body: Type.Object({ ids: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: MAX_FEES }) }) } }, async (request) => {
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.checkoutId, undefined, 'checkout', (current) => {
      return deleteFees(current, request.body.ids);
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });
}
