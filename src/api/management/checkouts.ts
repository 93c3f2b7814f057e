import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { setBillingAddress, setCustomerMessage, updateBillingAddress } from '../../domain/checkout.js';
import { newAddressId } from '../../services/checkout-service.js';
import { envelope } from '../envelope.js';
import { type ManagementIncludes, presentCheckout } from './presenter.js';
import { parseInclude } from '../request-parts.js';
import { toAddress } from './requests.js';
import { BillingAddressParams, BillingAddressRequest, CheckoutParams, CheckoutQuery, UpdateCheckoutRequest } from './schemas.js';
import { storefrontOrigin } from '../storefront-links.js';

const tags = ['Checkouts (server-to-server)'];
const write = { scope: 'checkouts', access: 'write' } as const;
const read = { scope: 'checkouts', access: 'read' } as const;

export function managementIncludes(include: string | readonly string[] | undefined): ManagementIncludes {
  return { availableShippingOptions: parseInclude(include).has('consignments.available_shipping_options') };
}


/** Upstream's Checkouts v3 API (`checkouts.v3.yml`): the checkout object and its billing address. */
export async function checkoutRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { checkouts } = app.consign;

  app.get('/:checkoutId', { config: read, schema: { tags, params: CheckoutParams, querystring: CheckoutQuery } }, async (request) => {
    const { checkout, config } = await checkouts.get(request.storeRecord, request.params.checkoutId, 'checkout');
    return envelope(presentCheckout(checkout, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });

  app.put('/:checkoutId', { config: write, schema: { tags, params: CheckoutParams, querystring: CheckoutQuery, body: UpdateCheckoutRequest } }, async (request) => {
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.checkoutId, request.body.version, 'checkout', (current) => {
      return setCustomerMessage(current, request.body.customer_message);
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });

  app.post('/:checkoutId/billing-address', { config: write, schema: { tags, params: CheckoutParams, querystring: CheckoutQuery, body: BillingAddressRequest } }, async (request) => {
    const address = toAddress(request.body, '');
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.checkoutId, request.body.version, 'checkout', (current) => {
      return setBillingAddress(current, address, newAddressId());
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });

  app.put('/:checkoutId/billing-address/:addressId', { config: write, schema: { tags, params: BillingAddressParams, querystring: CheckoutQuery, body: BillingAddressRequest } }, async (request) => {
    const address = toAddress(request.body, '');
    const { checkout, config } = await checkouts.mutate(request.storeRecord, request.params.checkoutId, request.body.version, 'checkout', (current) => {
      return updateBillingAddress(current, request.params.addressId, address);
    });
    return envelope(presentCheckout(checkout!, config, managementIncludes(request.query.include), await storefrontOrigin(request, config)));
  });
}
