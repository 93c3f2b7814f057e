import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { setBillingAddress, setCustomerMessage, updateBillingAddress, updateItem } from '../../domain/checkout.js';
import { NotFoundError } from '../../domain/errors.js';
import { type Command, newAddressId } from '../../services/checkout-service.js';
import type { Address } from '../../domain/address.js';
import { presentCheckoutFor, saveAddressesAsked } from './checkout-view.js';
import { removeLine } from './carts.js';
import { DELETE_INCLUDES, storefrontIncludes, toAddress } from './requests.js';
import {
  BillingAddressParams,
  BillingAddressRequest,
  CheckoutItemParams,
  CheckoutParams,
  IncludeQuery,
  UpdateCartItemRequest,
  UpdateCheckoutRequest,
} from './schemas.js';
import { requireOwnCart } from './session.js';
import { changeOwnCheckout, readOwnCheckout } from './own-checkout.js';

const tags = ['Checkouts (storefront)'];

/**
 * Upstream's storefront Checkouts API (`checkouts.sf.yml`). The checkout SDK reads and updates the
 * checkout at the singular `/checkout/{id}`; both spellings answer the same.
 */
export async function checkoutRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  /**
   * Checks ownership, applies `command`, saves `saving` to a signed-in shopper's address book, and
   * presents the checkout with the request's includes.
   */
  const change = async (request: FastifyRequest, version: number | undefined, command: Command, saving?: Address) => {
    const { checkoutId } = request.params as { checkoutId: string };
    requireOwnCart(request, checkoutId, 'checkout');
    const { checkout, config } = await changeOwnCheckout(request, checkoutId, version, 'checkout', command);
    if (!checkout) throw new NotFoundError('checkout', 'Checkout not found.');
    await saveAddressesAsked(request, checkout, [saving]);
    return presentCheckoutFor(request, checkout, config, storefrontIncludes((request.query as { include?: string }).include));
  };

  for (const path of ['/checkouts/:checkoutId', '/checkout/:checkoutId']) {
    app.get(path, { schema: { tags, params: CheckoutParams, querystring: IncludeQuery } }, async (request) => {
      requireOwnCart(request, request.params.checkoutId, 'checkout');
      const { checkout, config } = await readOwnCheckout(request, request.params.checkoutId, 'checkout');
      return presentCheckoutFor(request, checkout, config, storefrontIncludes(request.query.include));
    });

    app.put(path, { schema: { tags, params: CheckoutParams, querystring: IncludeQuery, body: UpdateCheckoutRequest } }, async (request) =>
      change(request, request.body.version, (current) => {
        return setCustomerMessage(current, request.body.customerMessage);
      }),
    );
  }

  app.put('/checkouts/:checkoutId/carts/:cartId/items/:itemId', { schema: { tags, params: CheckoutItemParams, querystring: IncludeQuery, body: UpdateCartItemRequest } }, async (request) => {
    if (request.params.cartId !== request.params.checkoutId) throw new NotFoundError('checkout', 'Checkout not found.');
    return change(request, request.body.version, (current) => {
      return updateItem(current, request.params.itemId, { quantity: request.body.lineItem.quantity });
    });
  });

  // Removing the last item deletes the cart; the answer is still 200 with the checkout (see removeLine).
  app.delete('/checkouts/:checkoutId/carts/:cartId/items/:itemId', { schema: { tags, params: CheckoutItemParams, querystring: IncludeQuery } }, async (request) => {
    if (request.params.cartId !== request.params.checkoutId) throw new NotFoundError('checkout', 'Checkout not found.');
    requireOwnCart(request, request.params.checkoutId, 'checkout');
    const { checkout, config } = await removeLine(app, request, request.params.checkoutId, request.params.itemId, 'checkout');
    return presentCheckoutFor(request, checkout, config, storefrontIncludes(request.query.include, DELETE_INCLUDES));
  });

  app.post('/checkouts/:checkoutId/billing-address', { schema: { tags, params: CheckoutParams, querystring: IncludeQuery, body: BillingAddressRequest } }, async (request) => {
    const address = toAddress(request.body, 'billingAddress');
    return change(request, request.body.version, (current) => {
      return setBillingAddress(current, address, newAddressId());
    }, request.body.shouldSaveAddress ? address : undefined);
  });

  app.put('/checkouts/:checkoutId/billing-address/:addressId', { schema: { tags, params: BillingAddressParams, querystring: IncludeQuery, body: BillingAddressRequest } }, async (request) => {
    const address = toAddress(request.body, 'billingAddress');
    return change(request, request.body.version, (current) => {
      return updateBillingAddress(current, request.params.addressId, address);
    }, request.body.shouldSaveAddress ? address : undefined);
  });
}
