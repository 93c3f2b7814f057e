import { expect } from 'vitest';
import type { Access, ScopeFamily } from '../../src/domain/scopes.js';
import { AUSTIN } from './addresses.js';
import type { TestApp } from './app.js';

/**
 * Every server-to-server route with a request that succeeds, for the tests that walk all of them
 * (access.test.ts: each kind of token; idempotency.test.ts: every POST). Each test also checks
 * that the router holds no route missing here, so a new route must be added to stay green.
 */

/** Live resources of the demo store that a route's path and body can name; made fresh per case. */
export interface Resources {
  readonly cartId: string;
  readonly itemId: string;
  readonly addressId: string;
  readonly consignmentId: string;
  readonly couponCode: string;
  readonly feeId: string;
  readonly productId: number;
  readonly taxClassId: number;
  readonly taxZoneId: number;
  readonly couponId: number;
  readonly zoneId: number;
  readonly methodId: number;
  readonly pickupMethodId: number;
  readonly apiAccountId: number;
  readonly webhookId: number;
  /** An order, placed once per app from a checkout of its own. */
  readonly orderId: number;
}

export interface RouteCase {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below `/stores/{store_hash}`; `{name}` is a path parameter, filled from `ids` or Resources. */
  readonly path: string;
  /** `every`: only a token that may write (to read: read) in every family (API accounts, the request log). */
  readonly scope: ScopeFamily | 'every';
  readonly access: Access;
  /** Path parameters whose name is not a Resources field. */
  readonly ids?: (r: Resources) => Record<string, string | number>;
  readonly query?: (r: Resources) => string;
  /** A valid body. */
  readonly body?: (r: Resources) => unknown;
  /** What the request answers with a token holding the scope. */
  readonly ok: number;
  /** Something the route needs that not every route may have (a checkout holds one coupon at a time). */
  readonly setup?: (t: TestApp, r: Resources) => Promise<unknown>;
}

export const ADDRESS = { ...AUSTIN, phone: '5125550100' };
export const PRODUCT = { name: 'Route Test Product', type: 'physical', price: 10, weight: 1 };
const ZONE = { name: 'Route Test Zone', type: 'country', locations: [{ country_iso2: 'FR' }] };
const METHOD = { name: 'Route Test Rate', type: 'perorder', settings: { rate: 3 } };
const COUPON = { name: 'Route Test Coupon', code: 'ROUTETEST', type: 'per_total_discount', amount: '1.00' };
const TAX_ZONE = { name: 'Route Test Tax', locations: [{ country_code: 'FR' }], rates: [{ name: 'TVA', class_rates: [{ tax_class_id: 0, rate: 20 }] }] };
const FEE = { type: 'custom_fee', name: 'gift-wrap', display_name: 'Gift wrap', cost: 2, source: 'route-test' };
const CUSTOMER = { first_name: 'Route', last_name: 'Test', authentication: { new_password: 'routetest1' } };
const CUSTOMER_ADDRESS = { first_name: 'Route', last_name: 'Test', address1: '1 Route St', city: 'Austin', state_or_province: 'Texas', postal_code: '78701', country_code: 'US' };
const SEARCH = { search_area: { radius: { value: 50, unit: 'KM' }, coordinates: { latitude: 30.27, longitude: -97.74 } }, items: [{ variant_id: 1, quantity: 1 }] };

export const MANAGEMENT_ROUTES: readonly RouteCase[] = [
  // Carts v3
  { method: 'POST', path: '/v3/carts', scope: 'carts', access: 'write', body: () => ({ line_items: [{ product_id: 1, quantity: 1 }] }), ok: 201 },
  { method: 'GET', path: '/v3/carts/{cartId}', scope: 'carts', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v3/carts/{cartId}', scope: 'carts', access: 'write', body: () => ({ customer_id: 7 }), ok: 201 },
  { method: 'DELETE', path: '/v3/carts/{cartId}', scope: 'carts', access: 'write', ok: 204 },
  { method: 'POST', path: '/v3/carts/{cartId}/items', scope: 'carts', access: 'write', body: () => ({ line_items: [{ product_id: 5, quantity: 1 }] }), ok: 201 },
  { method: 'PUT', path: '/v3/carts/{cartId}/items/{itemId}', scope: 'carts', access: 'write', body: () => ({ line_item: { quantity: 3 } }), ok: 200 },
  { method: 'DELETE', path: '/v3/carts/{cartId}/items/{itemId}', scope: 'carts', access: 'write', ok: 200 },
  { method: 'POST', path: '/v3/carts/{cartId}/redirect_urls', scope: 'carts', access: 'write', ok: 201 },
  // Checkouts v3
  { method: 'GET', path: '/v3/checkouts/{checkoutId}', scope: 'checkouts', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v3/checkouts/{checkoutId}', scope: 'checkouts', access: 'write', body: () => ({ customer_message: 'Leave at the door' }), ok: 200 },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/billing-address', scope: 'checkouts', access: 'write', body: () => ADDRESS, ok: 200 },
  { method: 'PUT', path: '/v3/checkouts/{checkoutId}/billing-address/{addressId}', scope: 'checkouts', access: 'write', body: () => ({ ...ADDRESS, city: 'Dallas' }), ok: 200 },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/consignments', scope: 'checkouts', access: 'write', body: (r) => [{ address: ADDRESS, line_items: [{ item_id: r.itemId, quantity: 1 }] }], ok: 200 },
  { method: 'PUT', path: '/v3/checkouts/{checkoutId}/consignments/{consignmentId}', scope: 'checkouts', access: 'write', body: () => ({ address: { ...ADDRESS, address1: '1 Other St' } }), ok: 200 },
  { method: 'DELETE', path: '/v3/checkouts/{checkoutId}/consignments/{consignmentId}', scope: 'checkouts', access: 'write', ok: 200 },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/coupons', scope: 'checkouts', access: 'write', body: () => ({ coupon_code: 'MUG2' }), ok: 200 },
  { method: 'DELETE', path: '/v3/checkouts/{checkoutId}/coupons/{couponCode}', scope: 'checkouts', access: 'write', setup: (t, r) => t.api('POST', `/v3/checkouts/${r.cartId}/coupons`, { coupon_code: r.couponCode }), ok: 200 },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/fees', scope: 'checkouts', access: 'write', body: () => ({ fees: [{ ...FEE, name: 'second' }] }), ok: 200 },
  { method: 'PUT', path: '/v3/checkouts/{checkoutId}/fees', scope: 'checkouts', access: 'write', body: (r) => ({ fees: [{ ...FEE, id: r.feeId, cost: 3 }] }), ok: 200 },
  { method: 'DELETE', path: '/v3/checkouts/{checkoutId}/fees', scope: 'checkouts', access: 'write', body: (r) => ({ ids: [r.feeId] }), ok: 200 },
  { method: 'POST', path: '/v3/checkouts/{checkoutId}/orders', scope: 'checkouts', access: 'write', ok: 200 },
  // Catalog v3
  { method: 'GET', path: '/v3/catalog/products', scope: 'catalog', access: 'read', ok: 200 },
  { method: 'GET', path: '/v3/catalog/products/{productId}', scope: 'catalog', access: 'read', ok: 200 },
  { method: 'POST', path: '/v3/catalog/products', scope: 'catalog', access: 'write', body: () => PRODUCT, ok: 200 },
  { method: 'PUT', path: '/v3/catalog/products/{productId}', scope: 'catalog', access: 'write', body: () => ({ price: 11 }), ok: 200 },
  { method: 'DELETE', path: '/v3/catalog/products/{productId}', scope: 'catalog', access: 'write', ok: 204 },
  // Tax v3
  { method: 'GET', path: '/v3/tax/settings', scope: 'shipping', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v3/tax/settings', scope: 'shipping', access: 'write', body: () => ({ tax_entered_with_prices: false }), ok: 200 },
  { method: 'GET', path: '/v3/tax/classes', scope: 'shipping', access: 'read', ok: 200 },
  { method: 'POST', path: '/v3/tax/classes', scope: 'shipping', access: 'write', body: () => ({ name: 'Route Test Class' }), ok: 200 },
  { method: 'PUT', path: '/v3/tax/classes/{id}', scope: 'shipping', access: 'write', ids: (r) => ({ id: r.taxClassId }), body: () => ({ name: 'Renamed' }), ok: 200 },
  { method: 'DELETE', path: '/v3/tax/classes/{id}', scope: 'shipping', access: 'write', ids: (r) => ({ id: r.taxClassId }), ok: 204 },
  { method: 'GET', path: '/v3/tax/zones', scope: 'shipping', access: 'read', ok: 200 },
  { method: 'GET', path: '/v3/tax/zones/{id}', scope: 'shipping', access: 'read', ids: (r) => ({ id: r.taxZoneId }), ok: 200 },
  { method: 'POST', path: '/v3/tax/zones', scope: 'shipping', access: 'write', body: () => TAX_ZONE, ok: 200 },
  { method: 'PUT', path: '/v3/tax/zones/{id}', scope: 'shipping', access: 'write', ids: (r) => ({ id: r.taxZoneId }), body: () => ({ ...TAX_ZONE, name: 'Renamed' }), ok: 200 },
  { method: 'DELETE', path: '/v3/tax/zones/{id}', scope: 'shipping', access: 'write', ids: (r) => ({ id: r.taxZoneId }), ok: 204 },
  // Pickup v3
  { method: 'GET', path: '/v3/pickup/methods', scope: 'pickup', access: 'read', ok: 200 },
  { method: 'POST', path: '/v3/pickup/methods', scope: 'pickup', access: 'write', body: () => [{ location_id: 1, display_name: 'Route test window' }], ok: 200 },
  { method: 'PUT', path: '/v3/pickup/methods', scope: 'pickup', access: 'write', body: (r) => [{ id: r.pickupMethodId, location_id: 1, display_name: 'Renamed window' }], ok: 200 },
  { method: 'DELETE', path: '/v3/pickup/methods', scope: 'pickup', access: 'write', query: (r) => `?id:in=${r.pickupMethodId}`, ok: 204 },
  { method: 'POST', path: '/v3/pickup/options', scope: 'pickup', access: 'read', body: () => SEARCH, ok: 200 },
  // Orders v2
  { method: 'GET', path: '/v2/orders/{orderId}', scope: 'orders', access: 'read', ok: 200 },
  { method: 'GET', path: '/v2/orders/{orderId}/shipping_addresses', scope: 'orders', access: 'read', ok: 200 },
  { method: 'GET', path: '/v2/orders/{orderId}/products', scope: 'orders', access: 'read', ok: 200 },
  { method: 'GET', path: '/v2/orders/{orderId}/consignments', scope: 'orders', access: 'read', ok: 200 },
  { method: 'GET', path: '/v2/orders/{orderId}/coupons', scope: 'orders', access: 'read', ok: 200 },
  { method: 'GET', path: '/v2/orders/{orderId}/fees', scope: 'orders', access: 'read', ok: 200 },
  { method: 'GET', path: '/v2/orders/{orderId}/taxes', scope: 'orders', access: 'read', ok: 200 },
  // Checkout settings (checkouts.v3.yml)
  { method: 'GET', path: '/v3/checkouts/settings', scope: 'checkouts', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v3/checkouts/settings', scope: 'checkouts', access: 'write', body: () => ({ custom_checkout_supports_uco_settings: true }), ok: 200 },
  // Storefront settings (Consign's own)
  { method: 'GET', path: '/v3/storefront/settings', scope: 'shipping', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v3/storefront/settings', scope: 'shipping', access: 'write', body: () => ({ storefront_origins: ['https://shop.example.com'] }), ok: 200 },
  // Payment methods v2 (and Consign's extension to choose them)
  { method: 'GET', path: '/v2/payments/methods', scope: 'payments', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v2/payments/methods/{code}', scope: 'payments', access: 'write', ids: () => ({ code: 'cheque' }), body: () => ({ enabled: true }), ok: 200 },
  // Coupons v2
  { method: 'GET', path: '/v2/coupons', scope: 'marketing', access: 'read', ok: 200 },
  { method: 'GET', path: '/v2/coupons/{id}', scope: 'marketing', access: 'read', ids: (r) => ({ id: r.couponId }), ok: 200 },
  { method: 'POST', path: '/v2/coupons', scope: 'marketing', access: 'write', body: () => ({ ...COUPON, code: `ROUTE${Date.now()}${Math.floor(Math.random() * 1e6)}` }), ok: 201 },
  { method: 'PUT', path: '/v2/coupons/{id}', scope: 'marketing', access: 'write', ids: (r) => ({ id: r.couponId }), body: (r) => ({ ...COUPON, code: `R${r.couponId}`, name: 'Renamed' }), ok: 200 },
  { method: 'DELETE', path: '/v2/coupons/{id}', scope: 'marketing', access: 'write', ids: (r) => ({ id: r.couponId }), ok: 204 },
  // Shipping v2
  { method: 'GET', path: '/v2/shipping/zones', scope: 'shipping', access: 'read', ok: 200 },
  { method: 'POST', path: '/v2/shipping/zones', scope: 'shipping', access: 'write', body: () => ZONE, ok: 201 },
  { method: 'GET', path: '/v2/shipping/zones/{zoneId}', scope: 'shipping', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v2/shipping/zones/{zoneId}', scope: 'shipping', access: 'write', body: () => ({ name: 'Renamed zone' }), ok: 200 },
  { method: 'DELETE', path: '/v2/shipping/zones/{zoneId}', scope: 'shipping', access: 'write', ok: 204 },
  { method: 'GET', path: '/v2/shipping/zones/{zoneId}/methods', scope: 'shipping', access: 'read', ok: 200 },
  // Upstream answers 201 for a zone and 200 for a method (shipping.v2.yml).
  { method: 'POST', path: '/v2/shipping/zones/{zoneId}/methods', scope: 'shipping', access: 'write', body: () => ({ ...METHOD, name: 'Second rate' }), ok: 200 },
  { method: 'GET', path: '/v2/shipping/zones/{zoneId}/methods/{methodId}', scope: 'shipping', access: 'read', ok: 200 },
  { method: 'PUT', path: '/v2/shipping/zones/{zoneId}/methods/{methodId}', scope: 'shipping', access: 'write', body: () => ({ settings: { rate: 4 } }), ok: 200 },
  { method: 'DELETE', path: '/v2/shipping/zones/{zoneId}/methods/{methodId}', scope: 'shipping', access: 'write', ok: 204 },
  // API accounts (Consign's own): reading them too needs a token that may write everywhere.
  { method: 'GET', path: '/v3/consign/api-accounts', scope: 'every', access: 'write', ok: 200 },
  { method: 'POST', path: '/v3/consign/api-accounts', scope: 'every', access: 'write', body: () => ({ name: 'Route test', scopes: ['store_cart'] }), ok: 201 },
  { method: 'DELETE', path: '/v3/consign/api-accounts/{id}', scope: 'every', access: 'write', ids: (r) => ({ id: r.apiAccountId }), ok: 204 },
  // The request log (Consign's own) shows bodies of every family: a token that may read them all.
  { method: 'GET', path: '/v3/consign/requests', scope: 'every', access: 'read', ok: 200 },
  // Webhooks: a hook sees every family's events, so managing hooks needs a token that may write everywhere.
  { method: 'GET', path: '/v3/hooks', scope: 'every', access: 'write', ok: 200 },
  { method: 'POST', path: '/v3/hooks', scope: 'every', access: 'write', body: () => ({ scope: 'store/cart/*', destination: 'http://127.0.0.1:9/route-test' }), ok: 200 },
  { method: 'GET', path: '/v3/hooks/{webhook_id}', scope: 'every', access: 'write', ids: (r) => ({ webhook_id: r.webhookId }), ok: 200 },
  { method: 'PUT', path: '/v3/hooks/{webhook_id}', scope: 'every', access: 'write', ids: (r) => ({ webhook_id: r.webhookId }), body: () => ({ headers: { 'x-route': 'test' } }), ok: 200 },
  { method: 'DELETE', path: '/v3/hooks/{webhook_id}', scope: 'every', access: 'write', ids: (r) => ({ webhook_id: r.webhookId }), ok: 200 },
  { method: 'GET', path: '/v3/consign/hooks/{webhook_id}/deliveries', scope: 'every', access: 'write', ids: (r) => ({ webhook_id: r.webhookId }), ok: 200 },
  // Customers v3 (customer 1 and its address 1 are the demo fixture's; deletes name ids nobody has)
  { method: 'GET', path: '/v3/customers', scope: 'customers', access: 'read', ok: 200 },
  { method: 'POST', path: '/v3/customers', scope: 'customers', access: 'write', body: () => [{ ...CUSTOMER, email: `route${Date.now()}${Math.floor(Math.random() * 1e6)}@example.com` }], ok: 200 },
  { method: 'PUT', path: '/v3/customers', scope: 'customers', access: 'write', body: () => [{ id: 1, phone: '555-0100' }], ok: 200 },
  { method: 'DELETE', path: '/v3/customers', scope: 'customers', access: 'write', query: () => '?id:in=999999', ok: 204 },
  { method: 'GET', path: '/v3/customers/addresses', scope: 'customers', access: 'read', ok: 200 },
  { method: 'POST', path: '/v3/customers/addresses', scope: 'customers', access: 'write', body: () => [{ ...CUSTOMER_ADDRESS, customer_id: 1 }], ok: 200 },
  { method: 'PUT', path: '/v3/customers/addresses', scope: 'customers', access: 'write', body: () => [{ id: 1, address2: 'Suite 100' }], ok: 200 },
  { method: 'DELETE', path: '/v3/customers/addresses', scope: 'customers', access: 'write', query: () => '?id:in=999999', ok: 204 },
  { method: 'GET', path: '/v2/shipping/carriers', scope: 'shipping', access: 'read', ok: 200 },
  { method: 'POST', path: '/v2/shipping/carriers', scope: 'shipping', access: 'write', body: () => ({ code: 'acme', name: 'Acme', rate_url: 'http://127.0.0.1:9/rate', zone_ids: [], origin: { zip: '78701', country_iso2: 'US' } }), ok: 201 },
  // No carrier id is known in advance: one that the setup makes sure is not connected, so past the scope check it is 404.
  {
    method: 'DELETE', path: '/v2/shipping/carriers/{carrierId}', scope: 'shipping', access: 'write', ids: (r) => ({ carrierId: r.zoneId }), ok: 404,
    setup: async (t, r) => t.app.consign.carriers.disconnect((await t.app.consign.accounts.findStore(t.hash))!, r.zoneId),
  },
  { method: 'GET', path: '/v3/checkouts/{checkoutId}/consignments/{consignmentId}/shipping-options/explain', scope: 'checkouts', access: 'read', ok: 200 },
  { method: 'POST', path: '/v3/consign/shipping/explain', scope: 'checkouts', access: 'read', body: () => ({ address: { country_code: 'US', state_or_province_code: 'TX', postal_code: '78701' }, line_items: [{ product_id: 1, quantity: 1 }] }), ok: 200 },
  { method: 'GET', path: '/v3/consign/checkouts', scope: 'checkouts', access: 'read', query: () => '?limit=5', ok: 200 },
  { method: 'GET', path: '/v3/consign/payment-methods', scope: 'payments', access: 'read', ok: 200 },
];

export const routeLabel = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** The route's URL below /stores/{store_hash}, its path parameters filled in. */
export function routeUrl(route: RouteCase, r: Resources): string {
  const ids: Record<string, unknown> = { ...r, checkoutId: r.cartId, ...route.ids?.(r) };
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(ids[name] ?? 1))) + (route.query?.(r) ?? '');
}

/** The management routes of the router, as `METHOD /v3/...` (HEAD and OPTIONS aside). */
export function routerManagementRoutes(t: TestApp): string[] {
  const prefix = '/stores/:store_hash';
  return t.app.routeTable
    .filter((r) => r.url.startsWith(`${prefix}/`) && r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .map((r) => `${r.method} ${r.url.slice(prefix.length).replace(/\/$/, '').replace(/:(\w+)/g, '{$1}')}`);
}

type CartResources = Pick<Resources, 'cartId' | 'itemId' | 'addressId' | 'consignmentId' | 'couponCode' | 'feeId'>;
type ConfigResources = Omit<Resources, keyof CartResources | 'orderId'>;

async function ok(t: TestApp, method: string, path: string, body?: unknown) {
  const response = await t.api(method, path, body);
  expect(response.statusCode, `${method} ${path}: ${response.body}`).toBeLessThan(300);
  return response.json();
}

/** A cart with two lines in one priced consignment, a billing address and a fee. */
export async function prepareCart(t: TestApp): Promise<CartResources> {
  const cart = (await ok(t, 'POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }] })).data;
  const [lamp, mugs] = cart.line_items.physical_items;
  const checkout = (await ok(t, 'POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [
    { address: ADDRESS, line_items: [{ item_id: lamp.id, quantity: 1 }, { item_id: mugs.id, quantity: 2 }] },
  ])).data;
  const consignment = checkout.consignments[0];
  await ok(t, 'PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: consignment.available_shipping_options[0].id });
  const billed = (await ok(t, 'POST', `/v3/checkouts/${cart.id}/billing-address`, ADDRESS)).data;
  const fee = (await ok(t, 'POST', `/v3/checkouts/${cart.id}/fees`, { fees: [FEE] })).data.fees[0];
  return { cartId: cart.id, itemId: lamp.id, addressId: billed.billing_address.id, consignmentId: consignment.id, couponCode: 'SAVE10', feeId: fee.id };
}

/** One configuration item of each kind the routes name. */
export async function prepareConfig(t: TestApp): Promise<ConfigResources> {
  const zone = await ok(t, 'POST', '/v2/shipping/zones', ZONE);
  return {
    productId: (await ok(t, 'POST', '/v3/catalog/products', PRODUCT)).data.id,
    taxClassId: (await ok(t, 'POST', '/v3/tax/classes', { name: 'Route Test Class' })).data.id,
    taxZoneId: (await ok(t, 'POST', '/v3/tax/zones', TAX_ZONE)).data.id,
    couponId: (await ok(t, 'POST', '/v2/coupons', { ...COUPON, code: `PREP${Date.now()}${Math.floor(Math.random() * 1e6)}` })).id,
    zoneId: zone.id,
    methodId: (await ok(t, 'POST', `/v2/shipping/zones/${zone.id}/methods`, METHOD)).id,
    pickupMethodId: (await ok(t, 'POST', '/v3/pickup/methods', [{ location_id: 1, display_name: 'Route test window' }])).data[0].id,
    apiAccountId: (await ok(t, 'POST', '/v3/consign/api-accounts', { name: 'Route test account', scopes: ['store_cart_read_only'] })).data.id,
    // Inactive: the route tests' writes record no events for it.
    webhookId: (await ok(t, 'POST', '/v3/hooks', { scope: 'store/order/created', destination: 'http://127.0.0.1:9/route-test', is_active: false })).data.id,
  };
}

/** Everything, with the id of an order placed from another checkout. */
export async function prepareResources(t: TestApp, orderId: number): Promise<Resources> {
  return { ...(await prepareCart(t)), ...(await prepareConfig(t)), orderId };
}

/** `shared` with fresh resources of what `route` may change or delete: a cart, or configuration items. */
export async function freshResourcesFor(t: TestApp, route: RouteCase, shared: Resources): Promise<Resources> {
  if (route.access === 'read') return shared;
  return /^\/v3\/(carts|checkouts)\//.test(route.path) ? { ...shared, ...(await prepareCart(t)) } : { ...shared, ...(await prepareConfig(t)) };
}

/** Places an order from a fresh checkout; returns its id. */
export async function placeOrder(t: TestApp): Promise<number> {
  const { cartId } = await prepareCart(t);
  const order = await t.api('POST', `/v3/checkouts/${cartId}/orders`);
  expect(order.statusCode, order.body).toBe(200);
  return order.json().data.id;
}
