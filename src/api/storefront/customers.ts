import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { checkCustomerAddress, fromCheckoutAddress } from '../../domain/customer-addresses.js';
import { CUSTOMER_LIMITS, checkEmail, checkPassword } from '../../domain/customers.js';
import { EmailTakenError } from '../../services/customers/customer-service.js';
import { ApiError } from '../errors.js';
import { STOREFRONT_ADDRESS_NAMES } from './checkout-view.js';
import { presentCustomer } from './customer-presenter.js';
import { signInBrowser } from './customer-session.js';
import { toAddress } from './requests.js';
import { AddressRequest } from './schemas.js';

const tags = ['Customers (storefront)'];

const CustomField = Type.Object({ fieldId: Type.String({ maxLength: 250 }), fieldValue: Type.Unknown() });
export const CreateAccountRequest = Type.Object({
  firstName: Type.String({ minLength: 1, maxLength: CUSTOMER_LIMITS.name }),
  lastName: Type.String({ minLength: 1, maxLength: CUSTOMER_LIMITS.name }),
  email: Type.String({ maxLength: CUSTOMER_LIMITS.email }),
  password: Type.String({ maxLength: CUSTOMER_LIMITS.password }),
  acceptsMarketingEmails: Type.Optional(Type.Boolean()),
  customFields: Type.Optional(Type.Array(CustomField, { maxItems: 50 })),
  /** A reCAPTCHA token; Consign has no spam protection to check it against. */
  token: Type.Optional(Type.String({ maxLength: 5000 })),
});

/**
 * The storefront's customer routes the checkout SDK calls: `createCustomerAccount` posts to
 * `/customer` (customers.sf.yml documents `/customers`; both answer), and
 * `createCustomerAddress` (multi-address shipping) to `/customer-address`.
 */
export async function customerRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { customers } = app.consign;

  for (const path of ['/customer', '/customers']) {
    // Upstream answers 204; the new customer is signed in, and the session's cart is theirs.
    app.post(path, { schema: { tags, body: CreateAccountRequest } }, async (request, reply) => {
      const body = request.body;
      const email = checkEmail(body.email, 'email');
      checkPassword(body.password, 'password');
      let created;
      try {
        [created] = await customers.create(request.storefront.store, [
          {
            customer: {
              email,
              firstName: body.firstName,
              lastName: body.lastName,
              company: '',
              phone: '',
              notes: '',
              customerGroupId: 0,
              acceptsMarketingEmails: body.acceptsMarketingEmails ?? false,
              forcePasswordReset: false,
              registrationIpAddress: request.ip,
            },
            password: body.password,
          },
        ]);
      } catch (error) {
        // checkout-js shows "email in use" for a 409, reading the email after the message's colon.
        if (error instanceof EmailTakenError) throw new ApiError(409, `There's already an account for this email address: ${error.email}`, 'storefront');
        throw error;
      }
      await signInBrowser(request, reply, created!.customer);
      return reply.code(204).send();
    });
  }

  // The SDK merges the answer into the customer it holds: the signed-in customer, addresses and all.
  app.post('/customer-address', { schema: { tags, body: AddressRequest } }, async (request, reply) => {
    const { customerId, store } = request.storefront;
    if (customerId === undefined) throw new ApiError(401, 'Sign in to save an address to your account.', 'storefront');
    const entry = checkCustomerAddress(fromCheckoutAddress(toAddress(request.body), customerId), STOREFRONT_ADDRESS_NAMES);
    const before = (await customers.find(store, customerId))?.addresses.length ?? 0;
    await customers.saveAddress(store, entry);
    const found = await customers.find(store, customerId);
    if (!found) throw new ApiError(401, 'Sign in to save an address to your account.', 'storefront');
    // 201 when the address was added; 200 when the customer had it already.
    return reply.code(found.addresses.length > before ? 201 : 200).send(presentCustomer(found));
  });
}
