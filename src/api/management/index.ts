import type { FastifyInstance } from 'fastify';
import { type Access, type ScopeFamily, grants, grantsEverything, grantsReadingEverything, scopesGranting } from '../../domain/scopes.js';
import type { StoreRecord } from '../../store/store.js';
import { forbidden, forbiddenUnlessEverything, forbiddenUnlessReadingEverything, unauthorized } from '../errors.js';
import { countFailedAuthentication, enforceRateLimits, failedAuthentications } from '../rate-limit.js';
import { apiAccountRoutes } from './api-accounts.js';
import { cartRoutes } from './carts.js';
import { catalogRoutes } from './catalog.js';
import { checkoutSettingsRoutes } from './checkout-settings.js';
import { checkoutRoutes } from './checkouts.js';
import { consignmentRoutes } from './consignments.js';
import { customerRoutes } from './customers.js';
import { hookDeliveryRoutes, hookRoutes } from './hooks.js';
import { redirectUrlRoutes } from './redirect-urls.js';
import { requestLogRoutes } from './request-log.js';
import { checkoutCouponRoutes, couponRoutes } from './coupons.js';
import { feeRoutes } from './fees.js';
import { checkoutOrderRoutes, orderRoutes } from './orders.js';
import { paymentMethodRoutes, paymentMethodSettingsRoutes } from './payment-methods.js';
import { pickupRoutes } from './pickup.js';
import { shippingRoutes } from './shipping.js';
import { carrierRoutes } from './carriers.js';
import { draftExplainRoutes, shippingExplainRoutes } from './shipping-explain.js';
import { checkoutListRoutes } from './checkout-list.js';
import { storefrontSettingsRoutes } from './storefront-settings.js';
import { taxRoutes } from './tax.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which scopes guard the route, and whether it reads or writes; `every`: a token that may write (or, to read, read) everywhere. */
    scope?: ScopeFamily | 'every';
    access?: Access;
  }
  interface FastifyRequest {
    /** The store the request's token belongs to (management routes only). */
    storeRecord: StoreRecord;
  }
}

/**
 * The server-to-server dialect under `/stores/{store_hash}`. Every request is authenticated by
 * `X-Auth-Token` before anything else is looked at: an unknown token, or a token of another
 * store, gets the same 401 (so a token reveals nothing about stores it does not belong to); a
 * token without the route's scope gets 403.
 */
export async function managementRoutes(app: FastifyInstance): Promise<void> {
  app.decorateRequest('storeRecord', null as unknown as StoreRecord);
  app.addHook('onRequest', async (request, reply) => {
    const token = request.headers['x-auth-token'];
    const { accounts } = app.consign;
    const account = typeof token === 'string' && token !== '' ? await accounts.authenticate(token) : undefined;
    const hash = (request.params as { store_hash?: string }).store_hash ?? '';
    const store = account ? await accounts.findStore(hash) : undefined;
    if (!account || !store || store.id !== account.storeId) {
      // The client gets the same 401 whatever the reason; the log says which, for whoever runs
      // the service (a mistyped hash and a mistyped token look alike otherwise). Never the token.
      const refused = !account ? (typeof token === 'string' && token !== '' ? 'unknown token' : 'no X-Auth-Token') : !store ? 'unknown store hash' : 'token of another store';
      request.log.info({ refused, store_hash: hash.slice(0, 64) }, `refused: ${refused}`);
      await countFailedAuthentication(app, request, reply);
      throw unauthorized();
    }
    // Known from here on, so that the store's request log holds its 429s and 403s too.
    request.storeRecord = store;
    // Counted once the caller is known, before scopes: a 429 changes nothing and says nothing more.
    // An address out of failed authentications gets 429 even with the right token.
    await enforceRateLimits(app, request, reply, store, account.id, failedAuthentications(app, request));
    // Read once: Fastify builds `routeOptions` afresh on every read.
    const config = request.routeOptions.config;
    const { scope, access = 'read' } = config;
    // `every` without an access (the API accounts) means writing everywhere, even to read.
    if (scope === 'every' && config.access === 'read') {
      if (!grantsReadingEverything(account.scopes)) {
        request.log.info({ refused: 'missing scope', store_hash: hash.slice(0, 64), needs: 'every scope, read-only or not' }, 'refused: missing scope');
        throw forbiddenUnlessReadingEverything();
      }
    } else if (scope === 'every') {
      if (!grantsEverything(account.scopes)) {
        request.log.info({ refused: 'missing scope', store_hash: hash.slice(0, 64), needs: 'every scope' }, 'refused: missing scope');
        throw forbiddenUnlessEverything();
      }
    } else if (scope && !grants(account.scopes, scope, access)) {
      request.log.info({ refused: 'missing scope', store_hash: hash.slice(0, 64), needs: scopesGranting(scope, access) }, 'refused: missing scope');
      throw forbidden(scopesGranting(scope, access));
    }
    request.apiAccountId = account.id;
  });
  await app.register(cartRoutes, { prefix: '/v3/carts' });
  await app.register(redirectUrlRoutes, { prefix: '/v3/carts' });
  await app.register(checkoutSettingsRoutes, { prefix: '/v3/checkouts' });
  await app.register(checkoutRoutes, { prefix: '/v3/checkouts' });
  await app.register(consignmentRoutes, { prefix: '/v3/checkouts' });
  await app.register(shippingExplainRoutes, { prefix: '/v3/checkouts' });
  await app.register(checkoutCouponRoutes, { prefix: '/v3/checkouts' });
  await app.register(feeRoutes, { prefix: '/v3/checkouts' });
  await app.register(checkoutOrderRoutes, { prefix: '/v3/checkouts' });
  await app.register(orderRoutes, { prefix: '/v2/orders' });
  await app.register(couponRoutes, { prefix: '/v2/coupons' });
  await app.register(taxRoutes, { prefix: '/v3/tax' });
  await app.register(catalogRoutes, { prefix: '/v3/catalog' });
  await app.register(shippingRoutes, { prefix: '/v2/shipping' });
  await app.register(carrierRoutes, { prefix: '/v2/shipping/carriers' });
  await app.register(pickupRoutes, { prefix: '/v3/pickup' });
  await app.register(storefrontSettingsRoutes, { prefix: '/v3/storefront' });
  await app.register(apiAccountRoutes, { prefix: '/v3/consign/api-accounts' });
  await app.register(checkoutListRoutes, { prefix: '/v3/consign/checkouts' });
  await app.register(paymentMethodSettingsRoutes, { prefix: '/v3/consign/payment-methods' });
  await app.register(draftExplainRoutes, { prefix: '/v3/consign/shipping/explain' });
  await app.register(requestLogRoutes, { prefix: '/v3/consign/requests' });
  await app.register(paymentMethodRoutes, { prefix: '/v2/payments' });
  await app.register(customerRoutes, { prefix: '/v3/customers' });
  await app.register(hookRoutes, { prefix: '/v3/hooks' });
  await app.register(hookDeliveryRoutes, { prefix: '/v3/consign/hooks' });
}
