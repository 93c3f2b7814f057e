import type { FastifyReply, FastifyRequest } from 'fastify';
import { assignCustomer, releaseCustomer } from '../../domain/customer-checkout.js';
import type { Customer } from '../../domain/customers.js';
import { sendSession } from './session.js';
import { changeOwnCheckout } from './own-checkout.js';

/**
 * Signs the browser in as `customer`: the session's cart becomes the customer's checkout, and the
 * browser gets a new session token (and CSRF token) holding both, while the token it had names
 * nothing any more. So a token someone planted or saw before the sign-in never reaches the
 * customer's account (session fixation).
 */
export async function signInBrowser(request: FastifyRequest, reply: FastifyReply, customer: Customer): Promise<void> {
  const context = request.storefront;
  if (context.cartId !== undefined) {
    await changeOwnCheckout(request, context.cartId, undefined, 'checkout', (current) => assignCustomer(current, customer));
  }
  await replaceSession(request, reply, customer.id);
}

/**
 * Signs the browser out: the cart stays in the browser, a guest's again (releaseCustomer), under a
 * new session token. A browser that is not signed in is left as it is.
 */
export async function signOutBrowser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const context = request.storefront;
  const customerId = context.customerId;
  if (customerId === undefined) return;
  if (context.cartId !== undefined) {
    await changeOwnCheckout(request, context.cartId, undefined, 'checkout', (current) => (current.customerId === customerId ? releaseCustomer(current) : current));
  }
  await replaceSession(request, reply, null);
}

async function replaceSession(request: FastifyRequest, reply: FastifyReply, customerId: number | null): Promise<void> {
  const { sessions } = request.server.consign;
  const context = request.storefront;
  const token = await sessions.start(context.store, context.cartId, customerId);
  if (context.session !== undefined) await sessions.end(context.session, context.store);
  context.customerId = customerId ?? undefined;
  sendSession(request, reply, token);
}
