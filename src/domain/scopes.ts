/**
 * OAuth scopes of upstream's API accounts that Consign understands, grouped by what they guard.
 * Upstream spells the checkout scope two ways (`store_checkout` in its scope table and guides,
 * `store_checkouts` in the OpenAPI file); both are accepted.
 */
export const SCOPE_FAMILIES = {
  carts: { write: ['store_cart'], read: ['store_cart_read_only'] },
  checkouts: { write: ['store_checkout', 'store_checkouts'], read: ['store_checkout_read_only', 'store_checkouts_read_only'] },
  shipping: { write: ['store_v2_information'], read: ['store_v2_information_read_only'] },
  pickup: { write: ['store_fulfillment_methods_manage'], read: ['store_fulfillment_methods_read_only'] },
  catalog: { write: ['store_v2_products'], read: ['store_v2_products_read_only'] },
  orders: { write: ['store_v2_orders'], read: ['store_v2_orders_read_only'] },
  marketing: { write: ['store_v2_marketing'], read: ['store_v2_marketing_read_only'] },
  // Upstream's read scope of its payment methods list; choosing them is Consign's (docs/payments.md).
  payments: { write: ['store_payments_methods_manage'], read: ['store_payments_methods_read'] },
  customers: { write: ['store_v2_customers'], read: ['store_v2_customers_read_only'] },
} as const;

export type ScopeFamily = keyof typeof SCOPE_FAMILIES;
export type Access = 'read' | 'write';

export const KNOWN_SCOPES: readonly string[] = Object.values(SCOPE_FAMILIES).flatMap((f) => [...f.write, ...f.read]);

/** The scopes that grant `access` to `family`: a write scope also grants reading. */
export function scopesGranting(family: ScopeFamily, access: Access): readonly string[] {
  const { write, read } = SCOPE_FAMILIES[family];
  return access === 'write' ? write : [...write, ...read];
}

export function grants(held: readonly string[], family: ScopeFamily, access: Access): boolean {
  return scopesGranting(family, access).some((scope) => held.includes(scope));
}

/** One canonical spelling of every scope: what the demo token and `--scopes all` receive. */
export const ALL_SCOPES: readonly string[] = Object.values(SCOPE_FAMILIES).flatMap((f) => [f.write[0], f.read[0]]);

/**
 * Whether `held` grants writing in every scope family: what Consign asks of a token that manages
 * the store's API accounts (a token could otherwise mint one with more scopes than its own).
 */
export function grantsEverything(held: readonly string[]): boolean {
  return (Object.keys(SCOPE_FAMILIES) as ScopeFamily[]).every((family) => grants(held, family, 'write'));
}

/** The write scopes that together grant everything (one spelling of each family). */
export const EVERY_WRITE_SCOPE: readonly string[] = Object.values(SCOPE_FAMILIES).map((f) => f.write[0]);

/**
 * Whether `held` grants reading in every scope family (a write scope reads too): what Consign asks
 * of a token that reads the store's request log, which shows bodies of every family.
 */
export function grantsReadingEverything(held: readonly string[]): boolean {
  return (Object.keys(SCOPE_FAMILIES) as ScopeFamily[]).every((family) => grants(held, family, 'read'));
}
