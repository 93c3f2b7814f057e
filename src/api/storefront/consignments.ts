import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { toConsignmentUpdate } from '../../domain/consignment-update.js';
import { createConsignments, deleteConsignment, updateConsignment } from '../../domain/consignments.js';
import { VersionConflictError } from '../../domain/errors.js';
import { consignmentContext } from '../../services/checkout-service.js';
import { presentCheckoutFor, saveAddressesAsked } from './checkout-view.js';
import { optionalVersion } from '../request-parts.js';
import { DELETE_INCLUDES, PUT_CONSIGNMENT_INCLUDES, storefrontIncludes, toAddress } from './requests.js';
import { CheckoutParams, ConsignmentParams, CreateConsignmentsRequest, IncludeQuery, UpdateConsignmentRequest } from './schemas.js';
import { parseForOwnCart, requireOwnCart } from './session.js';
import { changeOwnCheckout } from './own-checkout.js';

const tags = ['Consignments (storefront)'];
/** Each route changes the session's cart and answers with what it wrote (session.ts, `rememberedSession`). */
const REMEMBERED = { rememberedSession: true };
const FIELDS = { address: 'address', lineItems: 'lineItems', shippingOptionId: 'shippingOptionId', pickupOption: 'pickupOption' } as const;

/** Upstream's storefront consignment endpoints; the same domain commands as the server-to-server ones. */
export async function consignmentRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/checkouts/:checkoutId/consignments', { config: REMEMBERED, schema: { tags, params: CheckoutParams, querystring: IncludeQuery, body: CreateConsignmentsRequest } }, async (request) => {
    const { checkoutId } = request.params;
    requireOwnCart(request, checkoutId, 'checkout');
    const { requests, version } = await parseForOwnCart(request, checkoutId, 'checkout', () => {
      const requests = request.body.map((c, index) => {
        const address = c.address ?? c.shippingAddress ?? c.shipping_address;
        // The domain refuses an element with neither an address nor a pickup option, or with both;
        // a `shippingOptionId` (upstream's create schema has one) is selected once the consignment is quoted.
        // `items` first: V8 (Node 20) builds keys that follow a spread some forty times slower.
        return {
          items: c.lineItems.map((i) => ({ itemId: i.itemId, quantity: i.quantity })),
          ...(address ? { address: toAddress(address, `${index}.address`) } : {}),
          ...(c.pickupOption ? { pickupMethodId: c.pickupOption.pickupMethodId } : {}),
          ...(c.shippingOptionId !== undefined ? { shippingOptionId: c.shippingOptionId } : {}),
        };
      });
      // Each element of upstream's array carries its own `version`; all are checked against the checkout's.
      const versions = [...new Set(request.body.flatMap((c) => (c.version === undefined ? [] : [c.version])))];
      if (versions.length > 1) throw new VersionConflictError(checkoutId, versions[0]!);
      return { requests, version: versions[0] };
    });
    const { checkout, config } = await changeOwnCheckout(request, checkoutId, version, 'checkout', (current, config) => {
      return createConsignments(current, requests, consignmentContext(config));
    });
    await saveAddressesAsked(request, checkout, request.body.map((c, index) => ((c.address ?? c.shippingAddress)?.shouldSaveAddress ? requests[index]!.address : undefined)));
    return presentCheckoutFor(request, checkout!, config, storefrontIncludes(request.query.include));
  });

  app.put('/checkouts/:checkoutId/consignments/:consignmentId', { config: REMEMBERED, schema: { tags, params: ConsignmentParams, querystring: IncludeQuery, body: UpdateConsignmentRequest } }, async (request) => {
    const { checkoutId, consignmentId } = request.params;
    const body = request.body;
    requireOwnCart(request, checkoutId, 'checkout');
    const address = body.address ?? body.shippingAddress ?? body.shipping_address;
    const { newAddress, update } = await parseForOwnCart(request, checkoutId, 'checkout', () => {
      const newAddress = address ? toAddress(address) : undefined;
      const update = toConsignmentUpdate(
        {
          ...(newAddress ? { address: newAddress } : {}),
          ...(body.lineItems ? { items: body.lineItems.map((i) => ({ itemId: i.itemId, quantity: i.quantity })) } : {}),
          ...(body.shippingOptionId !== undefined ? { shippingOptionId: body.shippingOptionId } : {}),
          ...(body.pickupOption ? { pickupMethodId: body.pickupOption.pickupMethodId } : {}),
        },
        FIELDS,
      );
      return { newAddress, update };
    });
    const { checkout, config } = await changeOwnCheckout(request, checkoutId, body.version, 'checkout', (current, config) => {
      return updateConsignment(current, consignmentId, update, consignmentContext(config));
    });
    await saveAddressesAsked(request, checkout, [address?.shouldSaveAddress ? newAddress : undefined]);
    return presentCheckoutFor(request, checkout!, config, storefrontIncludes(request.query.include, PUT_CONSIGNMENT_INCLUDES));
  });

  // Upstream declares no `include` here, yet the checkout SDK sends one; it is honoured.
  app.delete('/checkouts/:checkoutId/consignments/:consignmentId', { config: REMEMBERED, schema: { tags, params: ConsignmentParams, querystring: IncludeQuery } }, async (request) => {
    const { checkoutId, consignmentId } = request.params;
    requireOwnCart(request, checkoutId, 'checkout');
    const version = await parseForOwnCart(request, checkoutId, 'checkout', () => optionalVersion(request.body));
    const { checkout, config } = await changeOwnCheckout(request, checkoutId, version, 'checkout', (current) => {
      return deleteConsignment(current, consignmentId);
    });
    return presentCheckoutFor(request, checkout!, config, storefrontIncludes(request.query.include, DELETE_INCLUDES));
  });
}
