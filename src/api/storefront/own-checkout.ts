import type { FastifyRequest } from 'fastify';
import type { Checkout } from '../../domain/checkout.js';
import type { Command, Loaded } from '../../services/checkout-service.js';
import type { StoreConfig } from '../../services/store-config.js';

/**
 * The session's own cart, read or changed through the checkout service in the request's store,
 * with what the session's read already found of it (`seen`): when this process keeps that version,
 * the service needs no read of its own (a write still checks the version it writes over). A
 * session no read confirmed (`confirmed` false) is checked by the change itself.
 */
export function readOwnCheckout(request: FastifyRequest, id: string, resource: 'cart' | 'checkout'): Promise<Loaded> {
  return request.server.consign.checkouts.get(request.storefront.store, id, resource, request.storefront.seen);
}

export function changeOwnCheckout(
  request: FastifyRequest,
  id: string,
  expectedVersion: number | undefined,
  resource: 'cart' | 'checkout',
  command: Command,
): Promise<{ checkout: Checkout | null; config: StoreConfig }> {
  const { store, session, seen, confirmed } = request.storefront;
  const { checkouts, sessions } = request.server.consign;
  return checkouts.mutate(store, id, expectedVersion, resource, command, { seen, ...(confirmed || session === undefined ? {} : { session: sessions.unconfirmed(session, store) }) });
}
