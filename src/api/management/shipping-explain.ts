import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { randomUUID } from 'node:crypto';
import { createCart } from '../../domain/checkout.js';
import { createConsignments } from '../../domain/consignments.js';
import { invalid } from '../../domain/errors.js';
import { fromMinor } from '../../domain/money.js';
import type { ShippingExplanation, Verdict } from '../../domain/shipping/explain.js';
import { consignmentContext } from '../../services/checkout-service.js';
import type { StoreConfig } from '../../services/store-config.js';
import type { StoreRecord } from '../../store/store.js';
import { envelope } from '../envelope.js';
import { LIMITS } from '../request-parts.js';
import { toAddress, toLineItems } from './requests.js';
import { Id, StoreHashParams, addressFields } from './schemas.js';

const tags = ['Consignments (server-to-server)'];
const read = { scope: 'checkouts', access: 'read' } as const;
const Params = Type.Object({ store_hash: Type.String(), checkoutId: Type.String(), consignmentId: Type.String() });

const VerdictSchema = Type.Object(
  {
    offered: Type.Boolean(),
    option_ids: Type.Optional(Type.Array(Type.String())),
    cost: Type.Optional(Type.Number({ description: 'What the shopper pays for the cheapest option it gives, handling included.' })),
    reason: Type.Optional(Type.String({ description: 'Why it is left out: zone_not_matched, zone_outranked, not_priced, replaced_by_free_shipping, fallback_not_needed, carrier_timeout, carrier_breaker_open, ...' })),
    detail: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const ShippingExplanationSchema = Type.Object(
  {
    consignment_id: Type.String(),
    zones: Type.Array(Type.Object({
      zone_id: Type.Integer(),
      name: Type.String(),
      verdict: Type.String(),
      detail: Type.String(),
      methods: Type.Array(Type.Object({ method_id: Type.Integer(), name: Type.String(), verdict: VerdictSchema }, { additionalProperties: false })),
    }, { additionalProperties: false })),
    carriers: Type.Array(Type.Object({ carrier_id: Type.Integer(), name: Type.String(), verdict: VerdictSchema }, { additionalProperties: false })),
    options: Type.Array(
      Type.Object({ id: Type.String(), type: Type.String(), description: Type.String(), cost: Type.Number(), transit_time: Type.String() }, { additionalProperties: false }),
      { description: 'What the consignment is offered in the end, cheapest first: zone free shipping too, which is no method of its own. Costs include handling.' },
    ),
  },
  { additionalProperties: false, description: 'A Consign extension: why each method and carrier of the store is or is not offered.' },
);

/** What the console's explain view sends: a destination and items, as a consignment and a cart would hold them. */
export const DraftExplainRequest = Type.Object({
  address: Type.Object({ ...addressFields, country_code: Type.String({ pattern: '^[A-Za-z]{2}$' }) }),
  line_items: Type.Array(Type.Object({ product_id: Id, variant_id: Type.Optional(Id), quantity: Type.Integer({ minimum: 1, maximum: LIMITS.quantity }) }), {
    minItems: 1,
    maxItems: LIMITS.itemsPerRequest,
  }),
});

/**
 * `GET /v3/checkouts/{id}/consignments/{cid}/shipping-options/explain`, a Consign extension: every
 * zone, method and carrier of the store with its verdict for this consignment (docs/shipping-rates.md).
 */
export async function shippingExplainRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;
  app.get('/:checkoutId/consignments/:consignmentId/shipping-options/explain', { config: read, schema: { tags, params: Params } }, async (request) => {
    const { explanation, config } = await checkouts.explain(request.storeRecord, request.params.checkoutId, request.params.consignmentId);
    return envelope(present(request.params.consignmentId, explanation, config.settings.currency.decimalPlaces));
  });
}

/**
 * `POST /v3/consign/shipping/explain`, a Consign extension: the same verdicts for an address and
 * items typed in (the console's explain view), from a checkout built in memory and never saved.
 * Its `consignment_id` names that unsaved consignment.
 */
export async function draftExplainRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;
  app.post('/', { config: read, schema: { tags, params: StoreHashParams, body: DraftExplainRequest } }, async (request) => {
    const { explanation, consignmentId, config } = await checkouts.explainDraft(request.storeRecord, (config, now) => draft(request.storeRecord, request.body, config, now));
    return envelope(present(consignmentId, explanation, config.settings.currency.decimalPlaces));
  });
}

/** A cart of the items with one consignment of all of them to the address, as a client would make them. */
function draft(record: StoreRecord, body: Static<typeof DraftExplainRequest>, config: StoreConfig, now: string) {
  const currency = config.settings.currency;
  const lines = toLineItems({ line_items: body.line_items }, config.catalog, currency.decimalPlaces);
  // Said in the body's terms (the lines are still in its order): the consignment's own refusal
  // would name a line id the client never saw.
  const digital = lines.products.findIndex((line) => line.kind !== 'physical');
  if (digital >= 0) throw invalid(`Product ${body.line_items[digital]!.product_id} is digital: it is never shipped, so no shipping method applies to it.`, { [`line_items.${digital}.product_id`]: 'digital' });
  const cart = createCart({ id: randomUUID(), storeId: record.id, channelId: 1, customerId: 0, email: '', locale: 'en', currency, now }, lines);
  const items = cart.lineItems.products.map((line) => ({ itemId: line.id, quantity: line.quantity }));
  return createConsignments(cart, [{ address: toAddress(body.address), items }], consignmentContext(config));
}

function present(consignmentId: string, e: ShippingExplanation, places: number): Static<typeof ShippingExplanationSchema> {
  const verdict = (v: Verdict, detail?: string): Static<typeof VerdictSchema> =>
    v.offered
      ? { offered: true, option_ids: [...v.optionIds], ...(v.cost === undefined ? {} : { cost: fromMinor(v.cost, places) }), ...(detail ? { detail } : {}) }
      : { offered: false, reason: v.reason, detail: v.detail };
  return {
    consignment_id: consignmentId,
    zones: e.zones.map((z) => ({
      zone_id: z.zoneId,
      name: z.name,
      verdict: z.verdict,
      detail: z.detail,
      methods: z.methods.map((m) => ({ method_id: m.methodId, name: m.name, verdict: verdict(m.verdict) })),
    })),
    carriers: e.carriers.map((c) => ({ carrier_id: c.carrierId, name: c.name, verdict: verdict(c.verdict, c.detail) })),
    options: e.options.map((o) => ({ id: o.id, type: o.type, description: o.description, cost: fromMinor(o.cost + o.handlingCost, places), transit_time: o.transitTime })),
  };
}
