import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { explainConsignment } from '../../domain/consignment-explain.js';
import { fromMinor } from '../../domain/money.js';
import type { ShippingExplanation, Verdict } from '../../domain/shipping/explain.js';
import { consignmentContext } from '../../services/checkout-service.js';
import { envelope } from '../envelope.js';

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
  },
  { additionalProperties: false, description: 'A Consign extension: why each method and carrier of the store is or is not offered.' },
);

/**
 * `GET /v3/checkouts/{id}/consignments/{cid}/shipping-options/explain`, a Consign extension: every
 * zone, method and carrier of the store with its verdict for this consignment (docs/shipping-rates.md).
 */
export async function shippingExplainRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;
  app.get('/:checkoutId/consignments/:consignmentId/shipping-options/explain', { config: read, schema: { tags, params: Params } }, async (request) => {
    const { checkout, config } = await checkouts.get(request.storeRecord, request.params.checkoutId, 'checkout');
    const explanation = explainConsignment(checkout, request.params.consignmentId, consignmentContext(config));
    return envelope(present(request.params.consignmentId, explanation, config.settings.currency.decimalPlaces));
  });
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
  };
}
