import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

const suite = chromiumAvailable || process.env.CI ? describe : describe.skip;

/** The demo fixture's customer, with two saved addresses (Austin, Toronto). */
const CUSTOMER = { email: 'shopper@example.com', password: 'consign-demo-1' };
const CARD = { ccName: 'Grace Hopper', ccExpiry: { month: '12', year: '2099' }, ccCvv: '123' };
const DECLINED = '4000000000000002';
const APPROVED = '4111111111111111';
const NEW_ADDRESS = {
  firstName: 'Grace', lastName: 'Hopper', company: '', phone: '', address1: '2500 McKinney Ave', address2: '', city: 'Dallas',
  stateOrProvince: 'Texas', stateOrProvinceCode: 'TX', countryCode: 'US', postalCode: '75201', customFields: [],
};

/** What one SDK call left behind: its error, or nothing. */
interface Outcome { error?: { name: string; status?: number; message: string; body?: unknown } }

type Sdk = Record<string, (...args: unknown[]) => Promise<unknown>> & { getState(): { data: Record<string, (...args: unknown[]) => unknown> } };
interface PageGlobals { checkoutKit: { createCheckoutService(): Sdk }; journey: Sdk }

/**
 * Issue 12: a shopper's whole journey through BigCommerce's checkout SDK (the latest release) on a
 * store's hosted checkout page, every call as checkout-js makes it: loadCheckout with
 * loadExtensions, signInCustomer, consignments to two saved addresses with an option chosen for
 * each, a new address saved from the multi-address step, the payment methods, a card declined then
 * approved, and the order read back.
 */
suite.each(STORE_KINDS)('a shopper\'s journey through the SDK on the hosted checkout, on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp(kind);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Runs one SDK method in the page; a failure comes back as the SDK's error, not a throw. */
  const call = (page: Page, method: string, ...args: unknown[]): Promise<Outcome> =>
    page.evaluate(async ({ method, args }) => {
      const sdk = (globalThis as unknown as PageGlobals).journey;
      try {
        await sdk[method]!(...args);
        return {};
      } catch (caught) {
        const e = caught as { name: string; status?: number; message: string; body?: unknown };
        return { error: { name: e.name, status: e.status, message: e.message, body: e.body } };
      }
    }, { method, args });
  const read = <T>(page: Page, selector: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(({ selector, args }) => (globalThis as unknown as PageGlobals).journey.getState().data[selector]!(...args), { selector, args }) as Promise<T>;

  it('signs in, ships to two saved addresses, saves a third, is declined then approved by card, and reads the order', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    page.on('pageerror', (error) => console.error(`[journey] ${error.message}`));
    await page.goto(`${base}/api/storefront/carts`);
    const cartId = await page.evaluate(async () => {
      const response = await fetch('/api/storefront/carts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lineItems: [{ productId: 1, quantity: 1 }, { productId: 4, quantity: 2 }] }) });
      return ((await response.json()) as { id: string }).id;
    });
    // The store's hosted checkout page: Consign's own checkout renders, and brings the SDK.
    await page.goto(`${base}/checkout`);
    await page.waitForSelector('body[data-ready]');
    await page.evaluate(() => {
      const window = globalThis as unknown as PageGlobals;
      window.journey = window.checkoutKit.createCheckoutService();
    });

    // loadCheckout beside loadExtensions, as checkout-js starts.
    const [loaded, extensions] = await Promise.all([call(page, 'loadCheckout', cartId), call(page, 'loadExtensions')]);
    expect(loaded).toEqual({});
    expect(extensions).toEqual({});
    expect(await read(page, 'getExtensions')).toEqual([]);
    expect(await read<{ checkoutSettings: { features: Record<string, boolean> } }>(page, 'getConfig')).toMatchObject({
      checkoutSettings: { features: { 'CHECKOUT-9161.enable_storefront_guest_multi_shipping': true, 'CHECKOUT-4726.add_address_in_multishipping_checkout': true } },
    });

    expect(await call(page, 'signInCustomer', CUSTOMER)).toEqual({});
    const customer = await read<{ email: string; isGuest: boolean; addresses: Record<string, unknown>[] }>(page, 'getCustomer');
    expect(customer).toMatchObject({ email: CUSTOMER.email, isGuest: false });
    expect(customer.addresses.length).toBeGreaterThanOrEqual(2);

    // Two saved addresses, one item each (checkout-js sends the address without its id).
    const cart = await read<{ lineItems: { physicalItems: { id: string; quantity: number }[] } }>(page, 'getCart');
    const [lamp, mugs] = cart.lineItems.physicalItems;
    const saved = customer.addresses.slice(0, 2).map(({ id: _id, type: _type, ...address }) => address);
    expect(await call(page, 'createConsignments', [
      { address: saved[0], lineItems: [{ itemId: lamp!.id, quantity: 1 }] },
      { address: saved[1], lineItems: [{ itemId: mugs!.id, quantity: 2 }] },
    ])).toEqual({});
    type Consignment = { id: string; address: { city: string }; availableShippingOptions: { id: string; cost: number }[]; selectedShippingOption: { id: string } | null };
    let consignments = await read<Consignment[]>(page, 'getConsignments');
    expect(consignments.map((c) => c.address.city)).toEqual([saved[0]!.city, saved[1]!.city]);
    for (const consignment of consignments) {
      expect(consignment.availableShippingOptions.length, consignment.address.city).toBeGreaterThan(0);
      expect(await call(page, 'selectConsignmentShippingOption', consignment.id, consignment.availableShippingOptions[0]!.id)).toEqual({});
    }
    consignments = await read<Consignment[]>(page, 'getConsignments');
    expect(consignments.every((c) => c.selectedShippingOption)).toBe(true);

    // A new address from the multi-address step joins the customer's address book.
    expect(await call(page, 'createCustomerAddress', NEW_ADDRESS)).toEqual({});
    const after = await read<{ addresses: { city: string }[] }>(page, 'getCustomer');
    expect(after.addresses.map((a) => a.city)).toContain('Dallas');
    expect(after.addresses).toHaveLength(customer.addresses.length + 1);

    expect(await call(page, 'updateBillingAddress', { ...saved[0], email: CUSTOMER.email })).toEqual({});
    expect(await call(page, 'loadPaymentMethods')).toEqual({});
    const methods = await read<{ id: string; method: string }[]>(page, 'getPaymentMethods');
    expect(methods.map((m) => m.id)).toContain('testgateway');

    // The card: initialized as checkout-js does, declined once, then approved.
    // As checkout-js does, with the integrations it passes. For `testgateway` the SDK picks its
    // legacy strategy (upstream registers it for that id): the card goes inside the order request.
    expect(await page.evaluate(async () => {
      const window = globalThis as unknown as PageGlobals & { checkoutKit: Record<string, unknown> };
      await window.journey.initializePayment!({ methodId: 'testgateway', integrations: [window.checkoutKit.createCreditCardPaymentStrategy] });
      return 'initialized';
    })).toBe('initialized');
    const declined = await call(page, 'submitOrder', { payment: { methodId: 'testgateway', paymentData: { ...CARD, ccNumber: DECLINED } } });
    expect(declined.error, JSON.stringify(declined)).toBeDefined();
    expect(JSON.stringify(declined.error)).toMatch(/declined/i);
    const approved = await call(page, 'submitOrder', { payment: { methodId: 'testgateway', paymentData: { ...CARD, ccNumber: APPROVED } } });
    expect(approved).toEqual({});
    const orderId = (await read<{ orderId: number }>(page, 'getOrder')).orderId;
    expect(orderId).toBeGreaterThan(0);

    expect(await call(page, 'loadOrder', orderId)).toEqual({});
    const order = await read<{ orderId: number; isComplete: boolean; status: string; customerId: number }>(page, 'getOrder');
    expect(order).toMatchObject({ orderId, isComplete: true });
    const managed = (await t.api('GET', `/v2/orders/${orderId}`)).json();
    expect(managed).toMatchObject({ id: orderId, status: 'Awaiting Fulfillment', payment_status: 'captured' });
    const shipped = (await t.api('GET', `/v2/orders/${orderId}/shipping_addresses`)).json() as { city: string }[];
    expect(shipped.map((a) => a.city).sort()).toEqual([saved[0]!.city, saved[1]!.city].sort());

    // The confirmation page, as checkout-js goes there after submitOrder.
    await page.goto(`${base}/checkout/order-confirmation`);
    await page.waitForSelector('body[data-ready]');
    expect(await page.textContent('#confirmation')).toContain(`Your order number is ${orderId}.`);
    expect(await page.textContent('h1')).toBe('Order confirmation · Consign Demo Store');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: `test-artifacts/journey-confirmation-${kind}.png`, fullPage: true });
    await page.close();
  });
});
