import type { Store } from '../store/store.js';

/**
 * The routes whose saved answers (Idempotency-Key) describe a cart or checkout: a key's scope ends
 * with its route's pattern (api/idempotency.ts). Resetting a store forgets these with its carts,
 * so that a retry afterwards is not answered with a cart that no longer exists. Configuration
 * routes keep theirs, as the configuration stays.
 */
const CART_ROUTE_SCOPES = ['POST /stores/:store_hash/v3/carts', 'POST /stores/:store_hash/v3/checkouts', 'POST /api/storefront/'] as const;

/**
 * Resets a store's shopping (`consign reset`): drops every cart and checkout, with their sessions
 * and the saved answers of requests on them, in one transaction; keeps the configuration, tokens
 * and orders. Returns how many carts were dropped.
 */
export async function resetCarts(store: Store, storeId: number): Promise<number> {
  return store.atomically(async (tx) => {
    const deleted = await tx.deleteCarts(storeId);
    await tx.deleteIdempotencyKeys(storeId, CART_ROUTE_SCOPES);
    return deleted;
  });
}
