import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/api/seed.js';
import { ALL_SCOPES } from '../../src/domain/scopes.js';
import { AUSTIN } from '../helpers/addresses.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { snapshotTables } from '../helpers/tables.js';
import { Shopper } from '../storefront/shopper.js';

/**
 * Issue 11, finding 8: an amount with more decimal places than the store's currency has (0.001
 * USD) is refused with 422 naming the field, on every amount input of both dialects, and changes
 * nothing; before, it was rounded (to 0) without a word. One rule: parseAmount in domain/money.ts.
 */
const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
const PERSON = { name: 'Ada', email: 'ada@example.com' };
const GIFT = { name: 'Gift', theme: 'General', quantity: 1, sender: PERSON, recipient: PERSON };

describe.each(STORE_KINDS)('amounts the currency cannot hold on %s', (kind) => {
  let t: TestApp;
  let cartId: string;
  let itemId: string;
  let consignmentId: string;
  let zoneId: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 2 }] })).json().data;
    cartId = cart.id;
    itemId = cart.line_items.physical_items[0].id;
    const checkout = (await t.api('POST', `/v3/checkouts/${cartId}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: itemId, quantity: 1 }] }])).json().data;
    consignmentId = checkout.consignments[0].id;
    zoneId = (await t.api('POST', '/v2/shipping/zones', { name: 'Precision Zone', type: 'country', locations: [{ country_iso2: 'FR' }] })).json().id;
  });
  afterAll(async () => t.close());

  /** [method, path, body, the field named, the dialect's shape] */
  const cases = (): [string, string, unknown, string, 'v3' | 'v2'][] => [
    ['POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1, list_price: 0.001 }] }, 'line_items.0.list_price', 'v3'],
    ['POST', `/v3/carts/${cartId}/items`, { line_items: [{ product_id: 4, quantity: 1 }, { product_id: 5, quantity: 1, list_price: 12.345 }] }, 'line_items.1.list_price', 'v3'],
    ['POST', '/v3/carts', { custom_items: [{ sku: 'C-1', name: 'Custom', quantity: 1, list_price: 1.005 }] }, 'custom_items.0.list_price', 'v3'],
    ['POST', '/v3/carts', { gift_certificates: [{ ...GIFT, amount: 10.001 }] }, 'gift_certificates.0.amount', 'v3'],
    ['PUT', `/v3/carts/${cartId}/items/${itemId}`, { line_item: { quantity: 1, list_price: 0.001 } }, 'line_item.list_price', 'v3'],
    ['PUT', `/v3/checkouts/${cartId}/consignments/${consignmentId}`, { custom_shipping: { price: 4.999, description: 'Courier' } }, 'custom_shipping.price', 'v3'],
    ['POST', `/v3/checkouts/${cartId}/fees`, { fees: [{ type: 'custom_fee', name: 'wrap', display_name: 'Wrap', cost: 2.001, source: 'test' }] }, 'fees.0.cost', 'v3'],
    ['POST', '/v3/catalog/products', { name: 'Precise', type: 'physical', price: 10.001, weight: 1 }, 'price', 'v3'],
    ['POST', '/v3/catalog/products', { name: 'Precise', type: 'physical', price: 10, sale_price: 9.999, weight: 1 }, 'sale_price', 'v3'],
    ['POST', '/v3/catalog/products', { name: 'Precise', type: 'physical', price: 10, weight: 1, variants: [{ sku: 'P-1', price: 1e-7 }] }, 'variants.0.price', 'v3'],
    ['PUT', '/v3/catalog/products/1', { fixed_cost_shipping_price: 0.125 }, 'fixed_cost_shipping_price', 'v3'],
    ['POST', '/v2/coupons', { name: 'C', code: 'PRECISE1', type: 'per_total_discount', amount: '1.001' }, 'amount', 'v2'],
    ['POST', '/v2/coupons', { name: 'C', code: 'PRECISE2', type: 'per_total_discount', amount: '1.00', min_purchase: '0.001' }, 'min_purchase', 'v2'],
    ['POST', '/v2/shipping/zones', { name: 'Z', type: 'country', locations: [{ country_iso2: 'DE' }], free_shipping: { enabled: true, minimum_sub_total: 50.001 } }, 'free_shipping.minimum_sub_total', 'v2'],
    ['POST', '/v2/shipping/zones', { name: 'Z', type: 'country', locations: [{ country_iso2: 'DE' }], handling_fees: { fixed_surcharge: 1.001 } }, 'handling_fees.fixed_surcharge', 'v2'],
    ['POST', `/v2/shipping/zones/${zoneId}/methods`, { name: 'M', type: 'perorder', settings: { rate: 3.001 } }, 'settings.rate', 'v2'],
    ['POST', `/v2/shipping/zones/${zoneId}/methods`, { name: 'M', type: 'total', settings: { default_cost: 1, range: [{ lower_limit: 0, upper_limit: 10.005, shipping_cost: 1 }] } }, 'settings.range.0.upper_limit', 'v2'],
    ['POST', `/v2/shipping/zones/${zoneId}/methods`, { name: 'M', type: 'weight', settings: { default_cost: 1.111, default_cost_type: 'fixed_amount' } }, 'settings.default_cost', 'v2'],
  ];

  it('refuses each server-to-server amount input with 422 naming the field, and changes nothing', async () => {
    for (const [method, path, body, field, shape] of cases()) {
      const before = await snapshotTables(t.testStore.store);
      const answer = await t.api(method, path, body);
      expect(answer.statusCode, `${method} ${path}: ${answer.body}`).toBe(422);
      const refusal = answer.json();
      const message = 'must have at most 2 decimal places';
      if (shape === 'v2') expect(refusal, path).toEqual([{ status: 422, message: expect.stringContaining(field), details: { [field]: message } }]);
      else expect(refusal, path).toEqual({ status: 422, title: expect.stringContaining(field), type: ERROR_TYPE, errors: { [field]: message } });
      expect(await snapshotTables(t.testStore.store), `${method} ${path} wrote something`).toEqual(before);
    }
  });

  it('refuses a storefront amount in the storefront\'s words and shape', async () => {
    const before = await snapshotTables(t.testStore.store);
    const answer = await new Shopper(t.app).request('POST', '/api/storefront/carts', { giftCertificates: [{ ...GIFT, amount: 25.001 }] });
    expect(answer.statusCode, answer.body).toBe(422);
    expect(answer.json()).toEqual({ status: 422, title: expect.stringContaining('giftCertificates.0.amount'), type: ERROR_TYPE, detail: expect.stringContaining('giftCertificates.0.amount') });
    expect(await snapshotTables(t.testStore.store)).toEqual(before);
  });

  it('takes every amount the currency holds, exactly', async () => {
    const created = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1, list_price: 19.99 }], custom_items: [{ sku: 'C-2', name: 'Custom', quantity: 1, list_price: 0.1 }] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data.line_items.physical_items[0].list_price).toBe(19.99);
    expect(created.json().data.line_items.custom_items[0].list_price).toBe(0.1);
    const product = await t.api('POST', '/v3/catalog/products', { name: 'Exact', type: 'physical', price: 1234567.89, weight: 1 });
    expect(product.statusCode, product.body).toBe(200);
    expect(product.json().data.price).toBe(1234567.89);
  });

  it('holds a zero-decimal currency to whole units', async () => {
    const record = await seed(t.app.consign, { store: { currency: 'JPY', name: 'Yen Store' }, products: [{ name: 'Tea', type: 'physical', price: 1200, weight: 1 }] });
    const token = await t.app.consign.accounts.createToken(record.id, ALL_SCOPES);
    const post = (list_price: number) => t.api('POST', `/stores/${record.hash}/v3/carts`, { line_items: [{ product_id: 1, quantity: 1, list_price }] }, { token });
    const refused = await post(100.5);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().errors).toEqual({ 'line_items.0.list_price': 'must have at most 0 decimal places' });
    const taken = await post(100);
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.json().data.line_items.physical_items[0].list_price).toBe(100);
    // A fixture is held to the same rule.
    await expect(seed(t.app.consign, { store: { currency: 'JPY' }, products: [{ name: 'Tea', type: 'physical', price: 12.5, weight: 1 }] })).rejects.toThrow(/price/);
  });
});
