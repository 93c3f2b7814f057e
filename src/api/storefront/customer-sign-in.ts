import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CUSTOMER_LIMITS } from '../../domain/customers.js';
import { presentInternalCustomer } from './customer-presenter.js';
import { signInBrowser, signOutBrowser } from './customer-session.js';
import { internalError } from './internal-errors.js';

const tags = ['Customers (storefront)'];

export const SignInRequest = Type.Object({
  email: Type.String({ maxLength: CUSTOMER_LIMITS.email }),
  password: Type.String({ maxLength: CUSTOMER_LIMITS.password }),
  /** A buy-now cart's id, which the SDK sends; the session's cart is the one signed in with. */
  cartId: Type.Optional(Type.String({ maxLength: 64 })),
});

export const INVALID_LOGIN = 'Your email address or password is incorrect. Try again, or make sure you have an account with this store.';
export const THROTTLED_LOGIN = 'You have made too many attempts to sign in. Wait a few minutes and try again.';

/**
 * The checkout SDK's `signInCustomer` and `signOutCustomer`, at BigCommerce's internal path
 * `/internalapi/v1/checkout/customer`. Both answer `{data: {customer}, meta: {}}`
 * (InternalCustomerResponseBody) and give the browser a new session token. Failed sign-ins are
 * limited per email and per client (customer-sign-in.ts) and answered in the internal API's
 * error shape, with checkout-js's types: 401 `invalid_login`, 429 `throttled_login`.
 */
export async function customerSignInRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { customerSignIn, customers } = app.consign;

  app.post('/checkout/customer', { schema: { tags, body: SignInRequest } }, async (request, reply) => {
    const { store } = request.storefront;
    const result = await customerSignIn.signIn(store, request.body.email, request.body.password, request.ip);
    if (result.outcome === 'throttled') {
      return reply.code(429).header('Retry-After', String(Math.max(1, Math.ceil(result.retryAfterMs / 1000)))).send(internalError(429, 'throttled_login', THROTTLED_LOGIN));
    }
    if (result.outcome === 'refused') return reply.code(401).send(internalError(401, 'invalid_login', INVALID_LOGIN));
    await signInBrowser(request, reply, result.customer);
    return presentInternalCustomer(await customers.find(store, result.customer.id));
  });

  // The SDK may send `{cartId}` (a buy-now cart); the session's cart is the one signed out with.
  app.delete('/checkout/customer', { schema: { tags } }, async (request, reply) => {
    await signOutBrowser(request, reply);
    return presentInternalCustomer(undefined);
  });
}
