import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/api/seed.js';
import { AUSTIN } from '../helpers/addresses.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Contract, type DocumentedOperation } from '../helpers/openapi.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from '../storefront/shopper.js';

/**
 * The contract's safety net: the OpenAPI document (/openapi.json) against the answers the service
 * really gives. Every operation is driven to its success answers, and probed for the errors it
 * documents; every answer must be a status its operation lists, with a body its schema (closed
 * objects) accepts. So a presenter that adds, drops or renames a field, or a route that answers a
 * status it does not document, fails here until the document says the same (src/api/openapi/).
 */
const GIFT = { name: 'Gift', theme: 'General', amount: 25, quantity: 1, sender: { name: 'Sam', email: 'sam@example.com' }, recipient: { name: 'Rae', email: 'rae@example.com' } };
/** An id no cart, item or address can have: longer than any Consign makes (and so not found, not invalid). */
const UNKNOWN = 'no-such-id-' + 'x'.repeat(60);
/** The storefront's ids are at most 64 characters (its route schemas): an unknown one of a plausible length. */
const SF_UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Ids of live resources, by path parameter name, filled in as the flows create them. */
type Ids = Record<string, string | number>;

/** A valid body for each operation that takes one: what the 404 probes send with unknown ids. */
const BODIES: Record<string, (ids: Ids) => unknown> = {
  'POST /stores/{store_hash}/v3/carts': () => ({ line_items: [{ product_id: 1, quantity: 1 }] }),
  'PUT /stores/{store_hash}/v3/carts/{cartId}': () => ({ customer_id: 1 }),
  'POST /stores/{store_hash}/v3/carts/{cartId}/items': () => ({ line_items: [{ product_id: 4, quantity: 1 }] }),
  'PUT /stores/{store_hash}/v3/carts/{cartId}/items/{itemId}': () => ({ line_item: { quantity: 2 } }),
  'PUT /stores/{store_hash}/v3/checkouts/{checkoutId}': () => ({ customer_message: 'Ring twice' }),
  'POST /stores/{store_hash}/v3/checkouts/{checkoutId}/billing-address': () => AUSTIN,
  'PUT /stores/{store_hash}/v3/checkouts/{checkoutId}/billing-address/{addressId}': () => AUSTIN,
  'POST /stores/{store_hash}/v3/checkouts/{checkoutId}/consignments': (ids) => [{ address: AUSTIN, line_items: [{ item_id: ids.itemId, quantity: 1 }] }],
  'PUT /stores/{store_hash}/v3/checkouts/{checkoutId}/consignments/{consignmentId}': () => ({ address: AUSTIN }),
  'POST /stores/{store_hash}/v3/checkouts/{checkoutId}/coupons': () => ({ coupon_code: 'SAVE10' }),
  'POST /stores/{store_hash}/v3/checkouts/{checkoutId}/fees': () => ({ fees: [{ type: 'custom_fee', name: 'Bag', display_name: 'Bag fee', cost: 0.5, source: 'test' }] }),
  'PUT /stores/{store_hash}/v3/checkouts/{checkoutId}/fees': (ids) => ({ fees: [{ id: ids.feeId, type: 'custom_fee', name: 'Bag', display_name: 'Bag fee', cost: 0.75, source: 'test' }] }),
  'DELETE /stores/{store_hash}/v3/checkouts/{checkoutId}/fees': (ids) => ({ ids: [ids.feeId] }),
  'POST /stores/{store_hash}/v2/coupons': (ids) => ({ name: 'Three off', code: `THREE${ids.run}`, type: 'per_total_discount', amount: 3 }),
  'PUT /stores/{store_hash}/v2/coupons/{id}': (ids) => ({ name: 'Four off', code: `FOUR${ids.run}`, type: 'per_total_discount', amount: '4.00' }),
  'PUT /stores/{store_hash}/v3/tax/settings': () => ({ show_prices_including_tax: false }),
  'POST /stores/{store_hash}/v3/tax/classes': () => ({ name: 'Books' }),
  'PUT /stores/{store_hash}/v3/tax/classes/{id}': () => ({ name: 'Printed books' }),
  'POST /stores/{store_hash}/v3/tax/zones': () => ({ name: 'Ontario', locations: [{ country_code: 'CA', subdivision_codes: ['ON'] }], rates: [{ name: 'HST', class_rates: [{ tax_class_id: 0, rate: 13 }] }] }),
  'PUT /stores/{store_hash}/v3/tax/zones/{id}': () => ({ name: 'Ontario', enabled: false, locations: [{ country_code: 'CA' }], rates: [] }),
  'POST /stores/{store_hash}/v3/catalog/products': (ids) => ({ name: 'Contract Kettle', type: 'physical', sku: `KETTLE-${ids.run}`, price: 30, weight: 2, variants: [{ sku: `KETTLE-${ids.run}-R`, option_values: [{ option_display_name: 'Colour', label: 'Red' }] }] }),
  'PUT /stores/{store_hash}/v3/catalog/products/{productId}': () => ({ price: 31.5 }),
  'POST /stores/{store_hash}/v3/consign/api-accounts': () => ({ name: 'Contract bot', scopes: ['store_cart', 'store_checkouts_read_only'], expires_at: '2099-01-01T00:00:00Z' }),
  'PUT /stores/{store_hash}/v3/checkouts/settings': () => ({ custom_checkout_supports_uco_settings: true }),
  'POST /stores/{store_hash}/v3/hooks': () => ({ scope: 'store/cart/*', destination: 'http://127.0.0.1:9/contract', headers: { 'x-contract': 'yes' }, is_active: false }),
  'PUT /stores/{store_hash}/v3/hooks/{webhook_id}': () => ({ headers: null }),
  'PUT /stores/{store_hash}/v2/payments/methods/{code}': () => ({ enabled: true, instructions: 'Pay the courier.' }),
  'PUT /stores/{store_hash}/v3/storefront/settings': (ids) => ({ storefront_origins: [`https://shop-${String(ids.run).toLowerCase()}.example.com`] }),
  'POST /stores/{store_hash}/v2/shipping/zones': () => ({ name: 'Mexico', type: 'country', locations: [{ country_iso2: 'MX' }], handling_fees: { percentage_surcharge: '5', display_separately: true } }),
  'PUT /stores/{store_hash}/v2/shipping/zones/{zoneId}': () => ({ name: 'Mexico (all)' }),
  'POST /stores/{store_hash}/v2/shipping/zones/{zoneId}/methods': () => ({ name: 'By weight', type: 'weight', settings: { default_cost: 4, default_cost_type: 'fixed_amount', range: [{ lower_limit: 0, upper_limit: 10, shipping_cost: 7 }] } }),
  'PUT /stores/{store_hash}/v2/shipping/zones/{zoneId}/methods/{methodId}': () => ({ settings: { default_cost: 5 } }),
  'POST /stores/{store_hash}/v2/shipping/carriers': () => ({ code: 'acme', name: 'Acme', rate_url: 'http://127.0.0.1:9/rate', zone_ids: [], origin: { zip: '78701', country_iso2: 'US' } }),
  'POST /stores/{store_hash}/v3/pickup/methods': () => [{ location_id: 1, display_name: 'Locker pickup' }],
  'PUT /stores/{store_hash}/v3/pickup/methods': (ids) => [{ id: ids.pickupMethodId, display_name: 'Locker pickup (24h)' }],
  'POST /stores/{store_hash}/v3/pickup/options': () => ({ search_area: { radius: { value: 50, unit: 'KM' }, coordinates: { latitude: 30.27, longitude: -97.74 } }, items: [{ variant_id: 1, quantity: 1 }] }),
  'POST /api/storefront/carts': () => ({ lineItems: [{ productId: 1, quantity: 1 }, { productId: 9, quantity: 1 }], giftCertificates: [GIFT] }),
  'POST /api/storefront/carts/{cartId}/items': () => ({ lineItems: [{ productId: 4, quantity: 1 }, { productId: 10, quantity: 1 }] }),
  'PUT /api/storefront/carts/{cartId}/items/{itemId}': () => ({ lineItem: { quantity: 2 } }),
  'PUT /api/storefront/checkouts/{checkoutId}': () => ({ customerMessage: 'Ring twice' }),
  'PUT /api/storefront/checkout/{checkoutId}': () => ({ customerMessage: 'Ring once' }),
  'PUT /api/storefront/checkouts/{checkoutId}/carts/{cartId}/items/{itemId}': () => ({ lineItem: { quantity: 3 } }),
  'POST /api/storefront/checkouts/{checkoutId}/billing-address': () => ({ ...SF_AUSTIN, phone: '(512) 555-0199' }),
  'PUT /api/storefront/checkouts/{checkoutId}/billing-address/{addressId}': () => SF_AUSTIN,
  'POST /api/storefront/checkouts/{checkoutId}/consignments': (ids) => [{ address: SF_AUSTIN, lineItems: [{ itemId: ids.itemId, quantity: 1 }] }],
  'PUT /api/storefront/checkouts/{checkoutId}/consignments/{consignmentId}': () => ({ address: SF_AUSTIN }),
  'POST /api/storefront/checkouts/{checkoutId}/coupons': () => ({ couponCode: 'SAVE10' }),
  'POST /api/storefront/pickup-options': () => ({ searchArea: { radius: { value: 50, unit: 'KM' }, coordinates: { latitude: 30.27, longitude: -97.74 } }, items: [{ variantId: 1, quantity: 1 }] }),
};

describe.each(STORE_KINDS)('the OpenAPI document describes every answer exactly, on %s', (kind) => {
  let t: TestApp;
  let contract: Contract;
  const ids: Ids = { run: `${kind.toUpperCase()}${Date.now()}` };

  beforeAll(async () => {
    t = await createTestApp(kind);
    contract = new Contract((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json());
  });
  afterAll(async () => t.close());

  const fill = (path: string, with_: Ids = ids) => path.replace('{store_hash}', t.hash).replace(/\{(\w+)\}/g, (_, name: string) => String(with_[name] ?? 1));
  /** The path with ids nothing has: integer ids out of use, string ids longer than any Consign makes. */
  const unknownPath = (path: string) =>
    path
      .replace('{store_hash}', t.hash)
      .replace(/\{(\w+)\}/g, (_, name: string) => (['orderId', 'id', 'productId', 'zoneId', 'methodId', 'carrierId', 'webhook_id'].includes(name) ? '999999' : path.startsWith('/api/') ? SF_UNKNOWN : UNKNOWN));

  /** A server-to-server request, checked against the document. */
  const api = async (method: string, path: string, body?: unknown, options: Parameters<TestApp['api']>[3] = {}): Promise<LightMyRequestResponse> => {
    const response = await t.api(method, path, body, options);
    contract.check(method, path.startsWith('/stores/') ? path : `/stores/${t.hash}${path}`, response);
    return response;
  };
  /** A storefront request of `shopper`, checked against the document. */
  const sf = async (shopper: Shopper, method: string, path: string, body?: unknown, options: Parameters<Shopper['request']>[3] = {}) => {
    const response = await shopper.request(method, path, body, options);
    contract.check(method, path, response);
    return response;
  };
  /** A storefront request with a body sent as it is (Shopper sends JSON), with the shopper's cookies and CSRF token. */
  const sfRaw = async (shopper: Shopper, method: string, path: string, payload: string, headers: Record<string, string> = {}) => {
    const cookie = [...shopper.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const xsrf = shopper.cookies.get('XSRF-TOKEN');
    const response = await t.app.inject({
      method: method as 'POST',
      url: path,
      headers: { host: 'consign.test', 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...(xsrf ? { 'x-xsrf-token': decodeURIComponent(xsrf) } : {}), ...headers },
      payload,
    });
    contract.check(method, path, response);
    return response;
  };
  const expectStatus = (response: LightMyRequestResponse, status: number, label = '') => expect(response.statusCode, `${label} ${response.body.slice(0, 400)}`).toBe(status);
  const body = (key: string) => BODIES[key]!(ids);

  it('documents every operation with a summary, an operationId, its success answers with schemas, its errors and its credentials', () => {
    const keys = contract.operations.map((o) => o.key);
    expect(contract.operations.length).toBeGreaterThanOrEqual(82);
    const document = (t.app.swagger() as unknown as { paths: Record<string, Record<string, Record<string, unknown>>> }).paths;
    const operationIds = new Set<unknown>();
    for (const operation of contract.operations) {
      const described = document[operation.path]![operation.method.toLowerCase()]!;
      expect(described.summary, operation.key).toEqual(expect.any(String));
      expect(operationIds.has(described.operationId), `${operation.key}: operationId ${String(described.operationId)} is used twice`).toBe(false);
      operationIds.add(described.operationId);
      const successes = operation.statuses.filter((s) => s < 300);
      expect(successes.length, operation.key).toBeGreaterThan(0);
      expect(operation.statuses.some((s) => s >= 400), operation.key).toBe(true);
      const management = operation.path.startsWith('/stores/');
      const storefrontSecurity = operation.method === 'GET' ? [{}, { StorefrontSession: [] }] : [{}, { StorefrontSession: [], StorefrontCsrf: [] }];
      expect(described.security, operation.key).toEqual(management ? [{ X_Auth_Token: [] }] : storefrontSecurity);
      if (management) expect(operation.statuses, operation.key).toEqual(expect.arrayContaining([401, 403, 429]));
    }
    expect(keys).toContain('DELETE /stores/{store_hash}/v3/carts/{cartId}/items/{itemId}');
  });

  it('server-to-server: every success answer matches its schema', async () => {
    // Catalog
    expectStatus(await api('GET', '/v3/catalog/products?limit=5&page=2'), 200);
    const product = await api('POST', '/v3/catalog/products', body('POST /stores/{store_hash}/v3/catalog/products'));
    expectStatus(product, 200);
    ids.productId = product.json().data.id;
    expectStatus(await api('GET', `/v3/catalog/products/${ids.productId}`), 200);
    expectStatus(await api('PUT', `/v3/catalog/products/${ids.productId}`, body('PUT /stores/{store_hash}/v3/catalog/products/{productId}')), 200);
    // Tax
    expectStatus(await api('GET', '/v3/tax/settings'), 200);
    expectStatus(await api('PUT', '/v3/tax/settings', body('PUT /stores/{store_hash}/v3/tax/settings')), 200);
    const taxClass = await api('POST', '/v3/tax/classes', body('POST /stores/{store_hash}/v3/tax/classes'));
    expectStatus(taxClass, 200);
    expectStatus(await api('GET', '/v3/tax/classes'), 200);
    expectStatus(await api('PUT', `/v3/tax/classes/${taxClass.json().data.id}`, body('PUT /stores/{store_hash}/v3/tax/classes/{id}')), 200);
    const taxZone = await api('POST', '/v3/tax/zones', body('POST /stores/{store_hash}/v3/tax/zones'));
    expectStatus(taxZone, 200);
    const taxZoneId = taxZone.json().data.id;
    expectStatus(await api('GET', '/v3/tax/zones'), 200);
    expectStatus(await api('GET', `/v3/tax/zones/${taxZoneId}`), 200);
    expectStatus(await api('PUT', `/v3/tax/zones/${taxZoneId}`, body('PUT /stores/{store_hash}/v3/tax/zones/{id}')), 200);
    expectStatus(await api('DELETE', `/v3/tax/zones/${taxZoneId}`), 204);
    expectStatus(await api('DELETE', `/v3/tax/classes/${taxClass.json().data.id}`), 204);
    // Shipping v2
    const zone = await api('POST', '/v2/shipping/zones', body('POST /stores/{store_hash}/v2/shipping/zones'));
    expectStatus(zone, 201);
    ids.zoneId = zone.json().id;
    expectStatus(await api('GET', '/v2/shipping/zones'), 200);
    expectStatus(await api('GET', `/v2/shipping/zones/${ids.zoneId}`), 200);
    expectStatus(await api('PUT', `/v2/shipping/zones/${ids.zoneId}`, body('PUT /stores/{store_hash}/v2/shipping/zones/{zoneId}')), 200);
    const method = await api('POST', `/v2/shipping/zones/${ids.zoneId}/methods`, body('POST /stores/{store_hash}/v2/shipping/zones/{zoneId}/methods'));
    expectStatus(method, 200);
    ids.methodId = method.json().id;
    expectStatus(await api('POST', `/v2/shipping/zones/${ids.zoneId}/methods`, { name: 'Flat', type: 'perorder', settings: { rate: 9 } }), 200);
    expectStatus(await api('POST', `/v2/shipping/zones/${ids.zoneId}/methods`, { name: 'Free', type: 'freeshipping' }), 200);
    expectStatus(await api('GET', `/v2/shipping/zones/${ids.zoneId}/methods`), 200);
    expectStatus(await api('GET', `/v2/shipping/zones/${ids.zoneId}/methods/${ids.methodId}`), 200);
    expectStatus(await api('PUT', `/v2/shipping/zones/${ids.zoneId}/methods/${ids.methodId}`, body('PUT /stores/{store_hash}/v2/shipping/zones/{zoneId}/methods/{methodId}')), 200);
    expectStatus(await api('DELETE', `/v2/shipping/zones/${ids.zoneId}/methods/${ids.methodId}`), 204);
    const carrier = await api('POST', '/v2/shipping/carriers', body('POST /stores/{store_hash}/v2/shipping/carriers'));
    expectStatus(carrier, 201);
    expectStatus(await api('GET', '/v2/shipping/carriers'), 200);
    expectStatus(await api('DELETE', `/v2/shipping/carriers/${carrier.json().id}`), 204);
    // Pickup
    const pickup = await api('POST', '/v3/pickup/methods', body('POST /stores/{store_hash}/v3/pickup/methods'));
    expectStatus(pickup, 200);
    ids.pickupMethodId = pickup.json().data[0].id;
    expectStatus(await api('GET', '/v3/pickup/methods?limit=2'), 200);
    expectStatus(await api('PUT', '/v3/pickup/methods', body('PUT /stores/{store_hash}/v3/pickup/methods')), 200);
    expectStatus(await api('DELETE', `/v3/pickup/methods?id:in=${ids.pickupMethodId}`), 204);
    expectStatus(await api('POST', '/v3/pickup/options', body('POST /stores/{store_hash}/v3/pickup/options')), 200);
    // Coupons v2
    const coupon = await api('POST', '/v2/coupons', body('POST /stores/{store_hash}/v2/coupons'));
    expectStatus(coupon, 201);
    ids.id = coupon.json().id;
    expectStatus(await api('GET', '/v2/coupons'), 200);
    expectStatus(await api('GET', `/v2/coupons/${ids.id}`), 200);
    expectStatus(await api('PUT', `/v2/coupons/${ids.id}`, body('PUT /stores/{store_hash}/v2/coupons/{id}')), 200);
    expectStatus(await api('DELETE', `/v2/coupons/${ids.id}`), 204);
    expectStatus(await api('DELETE', `/v2/shipping/zones/${ids.zoneId}`), 204);
    expectStatus(await api('DELETE', `/v3/catalog/products/${ids.productId}`), 204);

    // API accounts (Consign's own): one that expires, listed, then revoked.
    const account = await api('POST', '/v3/consign/api-accounts', body('POST /stores/{store_hash}/v3/consign/api-accounts'));
    expectStatus(account, 201);
    ids.id = account.json().data.id;
    expectStatus(await api('GET', '/v3/consign/api-accounts'), 200);
    expectStatus(await api('DELETE', `/v3/consign/api-accounts/${ids.id}`), 204);
    // The request log (Consign's own): the requests above, every kind of body among them.
    expectStatus(await api('GET', '/v3/consign/requests?limit=200'), 200);

    // Webhooks (inactive: nothing is sent to the address that answers nothing) and a delivery log.
    const hook = await api('POST', '/v3/hooks', body('POST /stores/{store_hash}/v3/hooks'));
    expectStatus(hook, 200);
    const hookId = hook.json().data.id;
    expectStatus(await api('GET', '/v3/hooks?is_active=false'), 200);
    expectStatus(await api('GET', `/v3/hooks/${hookId}`), 200);
    expectStatus(await api('PUT', `/v3/hooks/${hookId}`, body('PUT /stores/{store_hash}/v3/hooks/{webhook_id}')), 200);
    expectStatus(await api('GET', `/v3/consign/hooks/${hookId}/deliveries`), 200);
    expectStatus(await api('DELETE', `/v3/hooks/${hookId}`), 200);

    // Payment methods
    expectStatus(await api('GET', '/v2/payments/methods?page=1&limit=10'), 200);
    expectStatus(await api('PUT', '/v2/payments/methods/cod', body('PUT /stores/{store_hash}/v2/payments/methods/{code}')), 200);
    expectStatus(await api('GET', '/v3/consign/payment-methods'), 200);
    // Storefront hosts
    expectStatus(await api('GET', '/v3/storefront/settings'), 200);
    expectStatus(await api('PUT', '/v3/storefront/settings', body('PUT /stores/{store_hash}/v3/storefront/settings')), 200);

    // Checkout settings
    expectStatus(await api('GET', '/v3/checkouts/settings'), 200);
    expectStatus(await api('PUT', '/v3/checkouts/settings', body('PUT /stores/{store_hash}/v3/checkouts/settings')), 200);

    // Carts: every kind of line.
    const tote = (await api('GET', '/v3/catalog/products/2')).json().data;
    const created = await api('POST', '/v3/carts', {
      line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }, { product_id: 2, variant_id: tote.variants[1].id, quantity: 1 }, { product_id: 9, quantity: 1 }],
      custom_items: [{ sku: 'ENGRAVE', name: 'Engraving', quantity: 1, list_price: 5 }],
      gift_certificates: [GIFT],
    });
    expectStatus(created, 201);
    const cart = created.json().data;
    ids.cartId = ids.checkoutId = cart.id;
    ids.itemId = cart.line_items.physical_items[0].id;
    expectStatus(await api('GET', `/v3/carts/${ids.cartId}`), 200);
    expectStatus(await api('PUT', `/v3/carts/${ids.cartId}`, body('PUT /stores/{store_hash}/v3/carts/{cartId}')), 201);
    expectStatus(await api('POST', `/v3/carts/${ids.cartId}/items`, body('POST /stores/{store_hash}/v3/carts/{cartId}/items')), 201);
    expectStatus(await api('PUT', `/v3/carts/${ids.cartId}/items/${cart.line_items.physical_items[1].id}`, body('PUT /stores/{store_hash}/v3/carts/{cartId}/items/{itemId}')), 200);
    expectStatus(await api('DELETE', `/v3/carts/${ids.cartId}/items/${cart.line_items.physical_items[2].id}`), 200);
    expectStatus(await api('POST', `/v3/carts/${ids.cartId}/redirect_urls`, { query_params: { utm_source: 'test' } }), 201);
    // A cart whose last line is deleted, and a cart deleted whole: 204.
    const single = (await api('POST', '/v3/carts', body('POST /stores/{store_hash}/v3/carts'))).json().data;
    expectStatus(await api('DELETE', `/v3/carts/${single.id}/items/${single.line_items.physical_items[0].id}`), 204);
    const doomed = (await api('POST', '/v3/carts', body('POST /stores/{store_hash}/v3/carts'))).json().data;
    expectStatus(await api('DELETE', `/v3/carts/${doomed.id}`), 204);

    // Checkout: everything it can hold.
    const checkout = `/v3/checkouts/${ids.checkoutId}`;
    expectStatus(await api('GET', `${checkout}?include=consignments.available_shipping_options`), 200);
    expectStatus(await api('PUT', checkout, body('PUT /stores/{store_hash}/v3/checkouts/{checkoutId}')), 200);
    const billing = await api('POST', `${checkout}/billing-address`, body('POST /stores/{store_hash}/v3/checkouts/{checkoutId}/billing-address'));
    expectStatus(billing, 200);
    ids.addressId = billing.json().data.billing_address.id;
    expectStatus(await api('PUT', `${checkout}/billing-address/${ids.addressId}`, body('PUT /stores/{store_hash}/v3/checkouts/{checkoutId}/billing-address/{addressId}')), 200);
    const physical = (await api('GET', checkout)).json().data.cart.line_items.physical_items as { id: string; quantity: number }[];
    const consigned = await api('POST', `${checkout}/consignments?include=consignments.available_shipping_options`, [
      { address: AUSTIN, line_items: physical.map((i) => ({ item_id: i.id, quantity: i.quantity })) },
    ]);
    expectStatus(consigned, 200);
    const consignment = consigned.json().data.consignments[0];
    ids.consignmentId = consignment.id;
    expectStatus(await api('PUT', `${checkout}/consignments/${ids.consignmentId}`, { shipping_option_id: consignment.available_shipping_options[0].id }), 200);
    expectStatus(await api('GET', `${checkout}/consignments/${ids.consignmentId}/shipping-options/explain`), 200);
    expectStatus(await api('POST', '/v3/consign/shipping/explain', { address: { country_code: 'US', state_or_province_code: 'TX', postal_code: '75201' }, line_items: [{ product_id: 1, quantity: 2 }] }), 200);
    expectStatus(await api('GET', '/v3/consign/checkouts?limit=3'), 200);
    expectStatus(await api('POST', `${checkout}/coupons`, { coupon_code: 'SAVE10' }), 200);
    expectStatus(await api('DELETE', `${checkout}/coupons/SAVE10`, { version: (await api('GET', checkout)).json().data.version }), 200);
    expectStatus(await api('POST', `${checkout}/coupons`, { coupon_code: 'SHIP5' }), 200);
    const fees = await api('POST', `${checkout}/fees`, body('POST /stores/{store_hash}/v3/checkouts/{checkoutId}/fees'));
    expectStatus(fees, 200);
    ids.feeId = fees.json().data.fees[0].id;
    expectStatus(await api('PUT', `${checkout}/fees`, body('PUT /stores/{store_hash}/v3/checkouts/{checkoutId}/fees')), 200);
    expectStatus(await api('POST', `${checkout}/fees`, { fees: [{ type: 'custom_fee', name: 'Taxed', display_name: 'Taxed fee', cost: 1, source: 'test', tax_class_id: 0 }] }), 200);
    expectStatus(await api('DELETE', `${checkout}/fees`, body('DELETE /stores/{store_hash}/v3/checkouts/{checkoutId}/fees')), 200);
    const order = await api('POST', `${checkout}/orders`);
    expectStatus(order, 200);
    ids.orderId = order.json().data.id;
    expectStatus(await api('GET', `/v2/orders/${ids.orderId}`), 200);
    expectStatus(await api('GET', `/v2/orders/${ids.orderId}/shipping_addresses`), 200);
    expectStatus(await api('GET', `/v2/orders/${ids.orderId}/products`), 200);
    expectStatus(await api('GET', `/v2/orders/${ids.orderId}?include=consignments.line_items,fees`), 200);
    expectStatus(await api('GET', `/v2/orders/${ids.orderId}/consignments`), 200);
    expectStatus(await api('GET', `/v2/orders/${ids.orderId}/consignments?include=consignments.line_items`), 200);
    expectStatus(await api('GET', `/v2/orders/${ids.orderId}/coupons`), 200);
    expectStatus(await api('GET', `/v2/orders/${ids.orderId}/fees`), 200);
    expectStatus(await api('GET', `/v2/orders/${ids.orderId}/taxes`), 200);

    // A pickup consignment, and a consignment deleted.
    const other = (await api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 1 }] })).json().data;
    const [lamp, mug] = other.line_items.physical_items;
    const picked = await api('POST', `/v3/checkouts/${other.id}/consignments`, [{ pickup_option: { pickup_method_id: 1 }, line_items: [{ item_id: lamp.id, quantity: 1 }] }]);
    expectStatus(picked, 200);
    expect(picked.json().data.consignments[0].selected_pickup_option).toEqual({ pickup_method_id: 1 });
    const shipped = await api('POST', `/v3/checkouts/${other.id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: mug.id, quantity: 1 }] }]);
    expect([200, 422]).toContain(shipped.statusCode);
    expectStatus(await api('DELETE', `/v3/checkouts/${other.id}/consignments/${picked.json().data.consignments[0].id}`), 200);

    expect(contract.problems).toEqual([]);
  });

  it('storefront: every success answer matches its schema', async () => {
    const shopper = new Shopper(t.app);
    expectStatus(await sf(shopper, 'GET', '/api/storefront/carts'), 200);
    const created = await sf(shopper, 'POST', '/api/storefront/carts', body('POST /api/storefront/carts'));
    expectStatus(created, 200);
    const cart = created.json();
    ids.sfCartId = cart.id;
    expectStatus(await sf(shopper, 'GET', '/api/storefront/carts'), 200);
    const added = await sf(shopper, 'POST', `/api/storefront/carts/${cart.id}/items`, body('POST /api/storefront/carts/{cartId}/items'));
    expectStatus(added, 200);
    const [lamp, mug, stickers] = added.json().lineItems.physicalItems;
    const ebook = added.json().lineItems.digitalItems[0];
    expectStatus(await sf(shopper, 'PUT', `/api/storefront/carts/${cart.id}/items/${mug.id}`, body('PUT /api/storefront/carts/{cartId}/items/{itemId}')), 200);
    expectStatus(await sf(shopper, 'DELETE', `/api/storefront/carts/${cart.id}/items/${ebook.id}`), 200);
    const checkout = `/api/storefront/checkouts/${cart.id}`;
    expectStatus(await sf(shopper, 'GET', `${checkout}?include=consignments.availableShippingOptions,customer,payments,cart.lineItems.physicalItems.categoryNames`), 200);
    expectStatus(await sf(shopper, 'PUT', checkout, body('PUT /api/storefront/checkouts/{checkoutId}')), 200);
    expectStatus(await sf(shopper, 'GET', `/api/storefront/checkout/${cart.id}`), 200);
    expectStatus(await sf(shopper, 'PUT', `/api/storefront/checkout/${cart.id}`, body('PUT /api/storefront/checkout/{checkoutId}')), 200);
    expectStatus(await sf(shopper, 'PUT', `${checkout}/carts/${cart.id}/items/${mug.id}`, body('PUT /api/storefront/checkouts/{checkoutId}/carts/{cartId}/items/{itemId}')), 200);
    expectStatus(await sf(shopper, 'DELETE', `${checkout}/carts/${cart.id}/items/${stickers.id}`), 200);
    const billing = await sf(shopper, 'POST', `${checkout}/billing-address`, body('POST /api/storefront/checkouts/{checkoutId}/billing-address'));
    expectStatus(billing, 200);
    expectStatus(await sf(shopper, 'PUT', `${checkout}/billing-address/${billing.json().billingAddress.id}`, body('PUT /api/storefront/checkouts/{checkoutId}/billing-address/{addressId}')), 200);
    const consigned = await sf(shopper, 'POST', `${checkout}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: lamp.id, quantity: 1 }] }]);
    expectStatus(consigned, 200);
    const consignments = consigned.json().consignments;
    const option = consignments[0].availableShippingOptions[0];
    expectStatus(await sf(shopper, 'PUT', `${checkout}/consignments/${consignments[0].id}`, { address: SF_AUSTIN, lineItems: [{ itemId: lamp.id, quantity: 1 }] }), 200);
    expectStatus(await sf(shopper, 'PUT', `${checkout}/consignments/${consignments[0].id}`, { shippingOptionId: option.id }), 200);
    expectStatus(await sf(shopper, 'POST', `${checkout}/coupons`, body('POST /api/storefront/checkouts/{checkoutId}/coupons')), 200);
    expectStatus(await sf(shopper, 'DELETE', `${checkout}/coupons/SAVE10`), 200);
    // Payment methods, and an order placed the SDK's way and read back.
    expectStatus(await sf(shopper, 'GET', `/api/storefront/payments?cartId=${cart.id}`), 200);
    expectStatus(await sf(shopper, 'GET', '/api/storefront/payments/testgateway'), 200);
    const buyer = new Shopper(t.app);
    const bought = (await buyer.request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] })).json();
    const shipTo = (await buyer.request('POST', `/api/storefront/checkouts/${bought.id}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: bought.lineItems.physicalItems[0].id, quantity: 1 }] }])).json().consignments[0];
    await buyer.request('PUT', `/api/storefront/checkouts/${bought.id}/consignments/${shipTo.id}`, { shippingOptionId: shipTo.availableShippingOptions[0].id });
    await buyer.request('POST', `/api/storefront/checkouts/${bought.id}/billing-address`, SF_AUSTIN);
    const placed = await buyer.request('POST', '/internalapi/v1/checkout/order', { cartId: bought.id, payment: { name: 'cod' } });
    expectStatus(placed, 200);
    expectStatus(await sf(buyer, 'GET', `/api/storefront/orders/${placed.json().data.order.orderId}?include=payments`), 200);
    expectStatus(await sf(shopper, 'DELETE', `${checkout}/consignments/${consignments[0].id}`), 200);
    expectStatus(await sf(shopper, 'POST', '/api/storefront/pickup-options', body('POST /api/storefront/pickup-options')), 200);
    expectStatus(await sf(shopper, 'GET', '/api/storefront/checkout-settings'), 200);
    expectStatus(await sf(shopper, 'GET', '/api/storefront/form-fields'), 200);
    expectStatus(await sf(shopper, 'GET', '/api/storefront/checkout-extensions'), 200);

    expectStatus(await sf(shopper, 'GET', '/internalapi/v1/store/countries'), 200);
    expectStatus(await sf(shopper, 'GET', '/internalapi/v1/shipping/countries'), 200);

    // The last line of a cart deleted, through either route (the emptied cart answers); and a cart deleted whole.
    for (const path of ['/api/storefront/carts/{cartId}/items/{itemId}', '/api/storefront/checkouts/{cartId}/carts/{cartId}/items/{itemId}']) {
      const other = new Shopper(t.app);
      const single = (await sf(other, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] })).json();
      expectStatus(await sf(other, 'DELETE', path.replaceAll('{cartId}', single.id).replace('{itemId}', single.lineItems.physicalItems[0].id)), 200);
    }
    const other = new Shopper(t.app);
    const doomed = (await sf(other, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] })).json();
    const picked = await sf(other, 'POST', `/api/storefront/checkouts/${doomed.id}/consignments`, [{ pickupOption: { pickupMethodId: 1 }, lineItems: [{ itemId: doomed.lineItems.physicalItems[0].id, quantity: 1 }] }]);
    expectStatus(picked, 200);
    expect(picked.json().consignments[0].selectedPickupOption).toEqual({ pickupMethodId: 1 });
    expectStatus(await sf(other, 'DELETE', `/api/storefront/carts/${doomed.id}`), 204);

    expect(contract.problems).toEqual([]);
  });

  it('every operation answers the errors it documents, each in its documented shape', async () => {
    const management = (o: DocumentedOperation) => o.path.startsWith('/stores/');
    const outsider = await t.tokenWith(['store_v2_orders_read_only']);
    const cartsOnly = await t.tokenWith(['store_cart_read_only']);
    const shopper = new Shopper(t.app);
    const sfCart = (await sf(shopper, 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }] })).json();
    const live: Ids = { ...ids, cartId: sfCart.id, checkoutId: sfCart.id, itemId: sfCart.lineItems.physicalItems[0].id };
    /** A request of the operation's dialect; a string body is sent as it is. */
    const send = (o: DocumentedOperation, path: string, payload?: unknown, options: { token?: string | null; headers?: Record<string, string>; xsrf?: string | null } = {}) => {
      if (management(o)) return api(o.method, path, payload, options);
      if (typeof payload === 'string') return sfRaw(shopper, o.method, path, payload, options.headers);
      return sf(shopper, o.method, path, payload, options);
    };
    const expectProbe = (o: DocumentedOperation, what: string, response: LightMyRequestResponse, status: number) =>
      expect(response.statusCode, `${o.key}, ${what}: ${response.body.slice(0, 300)}`).toBe(status);

    for (const o of contract.operations) {
      const own = management(o) ? ids : live;
      const valid = BODIES[o.key]?.(own);
      const path = fill(o.path, own);
      if (management(o)) {
        expectProbe(o, 'no token', await send(o, path, valid, { token: null }), 401);
        expectProbe(o, 'a token without its scope', await send(o, path, valid, { token: o.path.includes('/v2/orders/') ? cartsOnly : outsider }), 403);
      } else if (o.method !== 'GET') {
        expectProbe(o, 'a session without its CSRF token', await send(o, path, valid, { xsrf: null }), 403);
      }
      if (o.hasBody || o.method === 'POST') expectProbe(o, 'a body that is not JSON', await send(o, path, '{'), 400);
      if (o.hasBody) expectProbe(o, 'a text/plain body', await send(o, path, '{}', { headers: { 'content-type': 'text/plain' } }), 415);
      if (/\{(?!store_hash)\w+\}/.test(o.path)) expectProbe(o, 'unknown ids', await send(o, unknownPath(o.path), valid), 404);
    }
    expect(contract.problems).toEqual([]);
  });

  it('refusals of invalid data (422), version conflicts (409), oversized bodies (413) and rate limits (429) match their schemas', async () => {
    const probes: [string, string, unknown, number][] = [
      ['POST', '/v3/carts', '"x"', 422],
      ['POST', '/v3/carts', { line_items: [{ product_id: 999_999, quantity: 1 }] }, 422],
      ['GET', '/v3/catalog/products?page=0', undefined, 422],
      ['GET', '/v3/catalog/products/abc', undefined, 422],
      ['GET', `/v3/checkouts/${ids.checkoutId}?include=${'x'.repeat(1001)}`, undefined, 422],
      ['POST', '/v2/shipping/zones', { name: 'Bad', type: 'nowhere' }, 422],
      ['POST', '/v2/coupons', { name: 'Bad', code: 'BAD', type: 'per_total_discount' }, 422],
      ['PUT', '/v3/tax/settings', { shipping_tax_class_id: 999 }, 422],
      ['POST', '/v3/pickup/methods', Array.from({ length: 101 }, () => ({ location_id: 1 })), 413],
      ['POST', `/v3/carts/${ids.cartId}/items`, { line_items: [{ product_id: 1, quantity: 1 }], version: 999 }, 409],
      ['DELETE', `/v3/checkouts/${ids.checkoutId}/consignments/${ids.consignmentId}`, { version: -1 }, 409],
      ['DELETE', `/v3/checkouts/${ids.checkoutId}/consignments/${ids.consignmentId}`, { version: 1.5 }, 422],
      ['POST', '/v3/catalog/products', { name: 'Copy', type: 'physical', sku: 'LAMP-ORBIT', price: 1, weight: 1 }, 409],
      ['PUT', `/v3/checkouts/${ids.checkoutId}`, JSON.stringify({ customer_message: 'x'.repeat(3 * 1024 * 1024) }), 413],
      ['PUT', `/v2/shipping/zones/${ids.zoneId}`, JSON.stringify({ name: 'x'.repeat(9 * 1024 * 1024) }), 413],
    ];
    for (const [method, path, payload, status] of probes) expectStatus(await api(method, path, payload), status, `${method} ${path.slice(0, 80)}`);
    // The same Idempotency-Key with another body: 422, on every POST.
    for (const o of contract.operations.filter((o) => o.method === 'POST' && o.path.startsWith('/stores/'))) {
      const headers = { 'idempotency-key': `probe-${o.key.replace(/[^\x21-\x7e]/g, '_')}` };
      await api('POST', fill(o.path), { a: 1 }, { headers });
      expectStatus(await api('POST', fill(o.path), { a: 2 }, { headers }), 422, o.key);
    }
    // A store that allows one request a minute per token.
    const tight = await seed(t.app.consign, { store: { hash: `tight${kind}`, rate_limit: { per_token: { quota: 1, window_ms: 60_000 } } } });
    for (const path of ['/v3/carts/none', '/v2/orders/1', '/v3/catalog/products']) {
      const token = await t.tokenWith(['store_cart', 'store_v2_orders', 'store_v2_products'], tight.hash);
      await api('GET', `/stores/${tight.hash}${path}`, undefined, { token });
      expectStatus(await api('GET', `/stores/${tight.hash}${path}`, undefined, { token }), 429, path);
    }
    expect(contract.problems).toEqual([]);
  });

  it('customers: every success answer matches its schema, in both dialects', async () => {
    const email = `contract-${String(ids.run).toLowerCase()}@example.com`;
    const address = { first_name: 'Con', last_name: 'Tract', address1: '1 Main St', city: 'Portland', state_or_province: 'Oregon', postal_code: '97201', country_code: 'US' };
    const created = await api('POST', '/v3/customers', [{ email, first_name: 'Con', last_name: 'Tract', authentication: { new_password: 'contract1' }, addresses: [address] }]);
    expectStatus(created, 200);
    const customer = created.json().data[0];
    expectStatus(await api('GET', `/v3/customers?id:in=${customer.id}&include=addresses`), 200);
    expectStatus(await api('PUT', '/v3/customers', [{ id: customer.id, phone: '555-0100' }]), 200);
    const added = await api('POST', '/v3/customers/addresses', [{ ...address, city: 'Salem', postal_code: '97301', customer_id: customer.id }]);
    expectStatus(added, 200);
    expectStatus(await api('GET', `/v3/customers/addresses?customer_id:in=${customer.id}`), 200);
    expectStatus(await api('PUT', '/v3/customers/addresses', [{ id: added.json().data[0].id, address2: 'Suite 2' }]), 200);

    const shopper = new Shopper(t.app);
    await shopper.createCart();
    expectStatus(await sf(shopper, 'POST', '/internalapi/v1/checkout/customer', { email, password: 'contract1' }), 200);
    expectStatus(await sf(shopper, 'GET', `/api/storefront/checkout/${(await sf(shopper, 'GET', '/api/storefront/carts')).json()[0].id}?include=customer`), 200);
    expectStatus(await sf(shopper, 'POST', '/api/storefront/customer-address', SF_AUSTIN), 201);
    expectStatus(await sf(shopper, 'POST', '/api/storefront/customer-address', SF_AUSTIN), 200);
    expectStatus(await sf(shopper, 'DELETE', '/internalapi/v1/checkout/customer'), 200);
    expectStatus(await sf(shopper, 'POST', '/internalapi/v1/checkout/customer', { email, password: 'not-it-1' }), 401);
    for (const path of ['/api/storefront/customer', '/api/storefront/customers']) {
      const account = { firstName: 'New', lastName: 'Shopper', email: `${path.slice(-9)}-${email}`, password: 'newshopper1' };
      expectStatus(await sf(new Shopper(t.app), 'POST', path, account), 204);
      expectStatus(await sf(new Shopper(t.app), 'POST', path, account), 409);
    }
    expectStatus(await sf(new Shopper(t.app), 'POST', '/api/storefront/customer-address', SF_AUSTIN), 401);

    expectStatus(await api('DELETE', `/v3/customers/addresses?id:in=${added.json().data[0].id}`), 204);
    expectStatus(await api('DELETE', `/v3/customers?id:in=${customer.id}`), 204);
    expect(contract.problems).toEqual([]);
  });

  it('saw every operation give each of its success answers', () => {
    const missing = contract.operations.flatMap((o) => {
      const seen = contract.seen.get(o.key) ?? new Set();
      return o.statuses.filter((s) => s < 300 && !seen.has(s)).map((s) => `${o.key} ${s}`);
    });
    expect(missing).toEqual([]);
    expect(contract.problems).toEqual([]);
  });
});
