import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { toConsignmentUpdate } from '../../domain/consignment-update.js';
import { type ConsignmentUpdate, createConsignments, deleteConsignment, updateConsignment } from '../../domain/consignments.js';
import { parseAmount } from '../../domain/money.js';
import { consignmentContext } from '../../services/checkout-service.js';
import { VersionConflictError } from '../../domain/errors.js';
import { LIMITS, Version, optionalVersion } from '../request-parts.js';
import { managementIncludes } from './checkouts.js';
import { envelope } from '../envelope.js';
import { presentCheckout } from './presenter.js';
import { toAddress } from './requests.js';
import { CheckoutQuery, addressFields } from './schemas.js';
import { storefrontOrigin } from '../storefront-links.js';

const tags = ['Consignments (server-to-server)'];
const write = { scope: 'checkouts', access: 'write' } as const;

/**
 * Upstream's create schema also lists state_or_province and postal_code as required, while its
 * prose requires only email and country_code; Consign follows the prose (docs/consignments.md)
 * and checks the rest when an order is placed.
 */
const ConsignmentAddress = Type.Object({
  ...addressFields,
  email: Type.String({ maxLength: LIMITS.email }),
  country_code: Type.String({ pattern: '^[A-Za-z]{2}$' }),
});
const LineItems = Type.Array(
  Type.Object({ item_id: Type.String({ minLength: 1, maxLength: 64 }), quantity: Type.Integer({ minimum: 1, maximum: LIMITS.quantity }) }),
  { maxItems: LIMITS.itemsPerRequest },
);
const PickupOption = Type.Object({ pickup_method_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

const CreateConsignment = Type.Object({
  address: Type.Optional(ConsignmentAddress),
  /** Deprecated upstream; accepted as an alias of `address`. */
  shipping_address: Type.Optional(ConsignmentAddress),
  line_items: LineItems,
  /** Makes it a pickup consignment (then without an address). */
  pickup_option: Type.Optional(PickupOption),
  version: Version,
});
const CreateConsignmentsRequest = Type.Array(CreateConsignment, { minItems: 1, maxItems: LIMITS.consignmentsPerRequest });

const UpdateConsignmentRequest = Type.Object({
  address: Type.Optional(ConsignmentAddress),
  shipping_address: Type.Optional(ConsignmentAddress),
  line_items: Type.Optional(LineItems),
  shipping_option_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  custom_shipping: Type.Optional(Type.Object({ price: Type.Number({ minimum: 0, maximum: LIMITS.price }), description: Type.String({ maxLength: LIMITS.text }) })),
  pickup_option: Type.Optional(PickupOption),
  version: Version,
});

const ConsignmentParams = Type.Object({ store_hash: Type.String(), checkoutId: Type.String(), consignmentId: Type.String() });
const CheckoutParams = Type.Object({ store_hash: Type.String(), checkoutId: Type.String() });

/** Turns an update body into the one kind of change upstream allows per request (the rule: domain/consignment-update.ts). */
function toUpdate(body: Static<typeof UpdateConsignmentRequest>, decimalPlaces: number): ConsignmentUpdate {
  const address = body.address ?? body.shipping_address;
  return toConsignmentUpdate(
    {
      ...(address ? { address: toAddress(address) } : {}),
      ...(body.line_items ? { items: body.line_items.map((i) => ({ itemId: i.item_id, quantity: i.quantity })) } : {}),
      ...(body.shipping_option_id !== undefined ? { shippingOptionId: body.shipping_option_id } : {}),
      ...(body.custom_shipping
        ? { customShipping: { price: parseAmount(body.custom_shipping.price, decimalPlaces, 'custom_shipping.price'), description: body.custom_shipping.description } }
        : {}),
      ...(body.pickup_option ? { pickupMethodId: body.pickup_option.pickup_method_id } : {}),
    },
    { address: 'address', lineItems: 'line_items', shippingOptionId: 'shipping_option_id', customShipping: 'custom_shipping', pickupOption: 'pickup_option' },
  );
}

/** Upstream's consignment endpoints (`checkouts.v3.yml`); each answers with the whole checkout. */
export async function consignmentRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;

  app.post('/:checkoutId/consignments', { config: write, schema: { tags, params: CheckoutParams, querystring: CheckoutQuery, body: CreateConsignmentsRequest } }, async (request) => {
    const body = request.body;
    const requests = body.map((c, index) => {
      const address = c.address ?? c.shipping_address;
      // The domain refuses an element with neither an address nor a pickup option, or with both.
      // `items` first: V8 (Node 20) builds keys that follow a spread some forty times slower.
      return {
        items: c.line_items.map((i) => ({ itemId: i.item_id, quantity: i.quantity })),
        ...(address ? { address: toAddress(address, `${index}.address`) } : {}),
        ...(c.pickup_option ? { pickupMethodId: c.pickup_option.pickup_method_id } : {}),
      };
    });
    // Each element of upstream's array carries its own `version`; all are checked against the checkout's.
    const versions = [...new Set(body.flatMap((c) => (c.version === undefined ? [] : [c.version])))];
    if (versions.length > 1) throw new VersionConflictError(request.params.checkoutId, versions[0]!);
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.checkoutId, versions[0], 'checkout', (current, config) => {
      return createConsignments(current, requests, consignmentContext(config));
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });

  app.put('/:checkoutId/consignments/:consignmentId', { config: write, schema: { tags, params: ConsignmentParams, querystring: CheckoutQuery, body: UpdateConsignmentRequest } }, async (request) => {
    const { checkoutId, consignmentId } = request.params;
    const { checkout, config } = await checkouts.mutate(request.storeRecord, checkoutId, request.body.version, 'checkout', (current, config) => {
      return updateConsignment(current, consignmentId, toUpdate(request.body, current.currency.decimalPlaces), consignmentContext(config));
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });

  // The body is optional here (`{version}` or nothing), which a body schema cannot say; it is checked by hand.
  app.delete('/:checkoutId/consignments/:consignmentId', { config: write, schema: { tags, params: ConsignmentParams, querystring: CheckoutQuery } }, async (request) => {
    const { checkoutId, consignmentId } = request.params;
    const { checkout, config } = await checkouts.mutate(request.storeRecord, checkoutId, optionalVersion(request.body), 'checkout', (current) => {
      return deleteConsignment(current, consignmentId);
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });
}
