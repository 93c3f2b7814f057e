import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from '../storefront/shopper.js';

const APPROVED = '4111 1111 1111 1111';
const DECLINED = '4000000000000002';

/** What the checkout SDK's payment client sends for a card (bigpay-client payload v1). */
const cardPayment = (orderId: number, number: string, extra: Record<string, unknown> = {}) => ({
  order: { id: String(orderId), token: 'ignored' },
  payment: { gateway: 'testgateway', method: 'credit-card', credit_card: { account_name: 'Ada Lovelace', number, month: 12, year: 2099, verification_value: '123' }, ...extra },
  store: { store_hash: 'x' },
});

describe.each(STORE_KINDS)('payment methods, the test card gateway and storefront orders, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** A shopper whose checkout can become an order: a lamp and two mugs in one priced consignment, billed. */
  const readyCheckout = async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const base = `/api/storefront/checkouts/${cart.id}`;
    const consigned = await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }, { itemId: cart.mugs, quantity: 2 }] }]);
    const consignment = consigned.json().consignments[0];
    expect((await shopper.request('PUT', `${base}/consignments/${consignment.id}`, { shippingOptionId: consignment.availableShippingOptions[0].id })).statusCode).toBe(200);
    expect((await shopper.request('POST', `${base}/billing-address`, SF_AUSTIN)).statusCode).toBe(200);
    return { shopper, cartId: cart.id };
  };
  const submitOrder = (shopper: Shopper, cartId: string, payment?: unknown) =>
    shopper.request('POST', '/internalapi/v1/checkout/order', { cartId, customerMessage: '', ...(payment === undefined ? {} : { payment }) });
  const pay = (token: string | undefined, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/public/v1/orders/payments',
      headers: { host: 'consign.test', 'content-type': 'application/json', accept: 'application/json', ...(token === undefined ? {} : { authorization: token }) },
      payload: JSON.stringify(body),
    });
  const expectStatus = (response: LightMyRequestResponse, status: number) => expect(response.statusCode, response.body.slice(0, 500)).toBe(status);

  it('lists the demo store\'s methods to the storefront in the SDK\'s shape, and upstream\'s v2 list to the server', async () => {
    const shopper = new Shopper(t.app);
    const listed = await shopper.request('GET', '/api/storefront/payments');
    expectStatus(listed, 200);
    const methods = listed.json() as { id: string; type: string; method: string; config: { displayName: string; testMode: boolean; isHostedFormEnabled: boolean }; supportedCards: string[] }[];
    expect(methods.map((m) => m.id)).toEqual(['bankdeposit', 'cod', 'cheque', 'moneyorder', 'instore', 'testgateway', 'hostedtestgateway']);
    const card = methods.find((m) => m.id === 'testgateway')!;
    expect(card).toMatchObject({ type: 'PAYMENT_TYPE_API', method: 'credit-card', config: { displayName: 'Test Payment Gateway', testMode: true, isHostedFormEnabled: false } });
    expect(card.supportedCards).toContain('VISA');
    // The same gateway taking the card in hosted card fields: the SDK frames them and they pay.
    expect(methods.find((m) => m.id === 'hostedtestgateway')).toMatchObject({
      type: 'PAYMENT_TYPE_API',
      method: 'credit-card',
      config: { displayName: 'Test Payment Gateway (hosted card fields)', testMode: true, isHostedFormEnabled: true },
    });
    expect(methods.find((m) => m.id === 'cod')).toMatchObject({ type: 'PAYMENT_TYPE_OFFLINE', method: 'cod', config: { displayName: 'Cash on Delivery', testMode: false } });
    expectStatus(await shopper.request('GET', '/api/storefront/payments/cod'), 200);
    expectStatus(await shopper.request('GET', '/api/storefront/payments/paypal'), 404);
    // A cartId must be the session's.
    expectStatus(await shopper.request('GET', '/api/storefront/payments?cartId=00000000-0000-4000-8000-000000000000'), 404);

    const v2 = await t.api('GET', '/v2/payments/methods');
    expectStatus(v2, 200);
    expect(v2.json()[0]).toEqual({ code: 'bankdeposit', name: 'Bank Deposit', test_mode: false });
    expect(v2.json().map((m: { code: string }) => m.code)).toEqual(['bankdeposit', 'cod', 'cheque', 'moneyorder', 'instore', 'testgateway', 'hostedtestgateway']);
    expectStatus(await t.api('GET', '/v2/payments/methods', undefined, { token: await t.tokenWith(['store_payments_methods_read']) }), 200);
    expectStatus(await t.api('GET', '/v2/payments/methods', undefined, { token: await t.tokenWith(['store_cart']) }), 403);
    // The checkout settings send card payments to this same origin.
    const settings = (await shopper.request('GET', '/api/storefront/checkout-settings')).json();
    expect(settings.storeConfig.paymentSettings).toEqual({ bigpayBaseUrl: 'http://consign.test', clientSidePaymentProviders: ['testgateway', 'hostedtestgateway'] });
  });

  it('configures a store\'s methods through the management extension, and only that store\'s', async () => {
    const renamed = await t.api('PUT', '/v2/payments/methods/moneyorder', { enabled: false });
    expectStatus(renamed, 200);
    expect(renamed.json()).toMatchObject({ code: 'moneyorder', enabled: false });
    expect((await t.api('GET', '/v2/payments/methods')).json().map((m: { code: string }) => m.code)).not.toContain('moneyorder');
    expect((await new Shopper(t.app).request('GET', '/api/storefront/payments')).json().map((m: { id: string }) => m.id)).not.toContain('moneyorder');
    const back = await t.api('PUT', '/v2/payments/methods/moneyorder', { enabled: true, name: 'Postal order' });
    expect(back.json()).toEqual({ code: 'moneyorder', name: 'Postal order', test_mode: false, enabled: true, instructions: expect.any(String) });
    // The extension lists every method with its settings, the disabled ones too.
    expectStatus(await t.api('PUT', '/v2/payments/methods/cheque', { enabled: false }), 200);
    const all = await t.api('GET', '/v3/consign/payment-methods');
    expectStatus(all, 200);
    expect(all.json().data.map((m: { code: string }) => m.code)).toEqual(['bankdeposit', 'cod', 'cheque', 'moneyorder', 'instore', 'testgateway', 'hostedtestgateway']);
    expect(all.json().data.find((m: { code: string }) => m.code === 'cheque')).toMatchObject({ enabled: false, name: 'Check' });
    expect(all.json().data.find((m: { code: string }) => m.code === 'moneyorder')).toMatchObject({ enabled: true, name: 'Postal order' });
    expectStatus(await t.api('PUT', '/v2/payments/methods/paypal', { enabled: true }), 404);
    expectStatus(await t.api('PUT', '/v2/payments/methods/cod', { enabled: 'yes' }), 422);
    expectStatus(await t.api('PUT', '/v2/payments/methods/cod', { enabled: true }, { token: await t.tokenWith(['store_payments_methods_read']) }), 403);
    // Another store offers nothing until it chooses.
    const other = await t.app.consign.accounts.createStore({ hash: `pay${kind}${Date.now()}` });
    const token = await t.tokenWith(['store_payments_methods_read'], other.hash);
    const listed = await t.api('GET', `/stores/${other.hash}/v2/payments/methods`, undefined, { token });
    expectStatus(listed, 200);
    expect(listed.json()).toEqual([]);
    await t.api('PUT', '/v2/payments/methods/moneyorder', { name: 'Money Order' });
  });

  it('places an order with an offline method: Awaiting Payment, with its method, in both dialects', async () => {
    const { shopper, cartId } = await readyCheckout();
    const placed = await submitOrder(shopper, cartId, { name: 'cod' });
    expectStatus(placed, 200);
    const orderId = placed.json().data.order.orderId;
    expect(placed.headers.token).toEqual(expect.any(String));
    expect(placed.json().data.order).toMatchObject({ orderId, status: 'Awaiting Payment', isComplete: true, token: placed.headers.token });

    const read = await shopper.request('GET', `/api/storefront/orders/${orderId}?include=payments,lineItems.physicalItems.options`);
    expectStatus(read, 200);
    expect(read.json()).toMatchObject({
      orderId,
      cartId,
      status: 'AWAITING_PAYMENT',
      isComplete: true,
      payments: [{ providerId: 'cod', providerType: 'PAYMENT_TYPE_OFFLINE', description: 'Cash on Delivery', detail: { step: 'ACKNOWLEDGE' } }],
      billingAddress: { firstName: 'Ada', countryCode: 'US' },
    });
    expect(read.json().lineItems.physicalItems).toHaveLength(2);
    expect(read.json().orderAmountAsInteger).toBe(Math.round(read.json().orderAmount * 100));

    const v2 = (await t.api('GET', `/v2/orders/${orderId}`)).json();
    expect(v2).toMatchObject({ id: orderId, status: 'Awaiting Payment', status_id: 7, payment_method: 'Cash on Delivery', payment_status: 'pending', cart_id: cartId });
    // Same order, same totals as the storefront reads.
    expect(Number(v2.total_inc_tax)).toBe(read.json().orderAmount);
    // A card payment for an offline order is refused, and changes nothing.
    expectStatus(await pay(placed.headers.token as string, cardPayment(orderId, APPROVED)), 409);
    expect((await t.api('GET', `/v2/orders/${orderId}`)).json()).toMatchObject({ status: 'Awaiting Payment', payment_status: 'pending' });
  });

  it('declines card 4000 0000 0000 0002 and leaves the order open; the shopper retries and is approved', async () => {
    const { shopper, cartId } = await readyCheckout();
    // The SDK's card strategy places the order without its payment, then pays.
    const placed = await submitOrder(shopper, cartId);
    expectStatus(placed, 200);
    const orderId = placed.json().data.order.orderId;
    const token = placed.headers.token as string;
    expect(placed.json().data.order).toMatchObject({ status: 'Incomplete', isComplete: false });

    const declined = await pay(token, cardPayment(orderId, DECLINED));
    expectStatus(declined, 400);
    expect(declined.json()).toEqual({ status: 'error', errors: [{ code: 'transaction_declined', message: expect.stringMatching(/^Payment was declined/) }] });
    expect((await shopper.request('GET', `/api/storefront/orders/${orderId}`)).json()).toMatchObject({ status: 'INCOMPLETE', isComplete: false });
    expect((await t.api('GET', `/v2/orders/${orderId}`)).json()).toMatchObject({ status: 'Incomplete', status_id: 0, payment_method: 'Test Payment Gateway', payment_status: 'declined' });
    // The checkout stays open: it can still change.
    expectStatus(await shopper.request('PUT', `/api/storefront/checkouts/${cartId}`, { customerMessage: 'Second try' }), 200);

    const approved = await pay(token, cardPayment(orderId, APPROVED));
    expectStatus(approved, 200);
    expect(approved.json()).toMatchObject({ status: 'ok' });
    const read = (await shopper.request('GET', `/api/storefront/orders/${orderId}`)).json();
    expect(read).toMatchObject({ status: 'AWAITING_FULFILLMENT', isComplete: true, payments: [{ providerId: 'testgateway', providerType: 'PAYMENT_TYPE_API', detail: { step: 'FINALIZE' } }] });
    const v2 = (await t.api('GET', `/v2/orders/${orderId}`)).json();
    expect(v2).toMatchObject({ status: 'Awaiting Fulfillment', status_id: 11, payment_method: 'Test Payment Gateway', payment_status: 'captured' });
    // Never the card number: only its brand and last four digits are kept.
    const stored = (await t.app.consign.store.findOrder((await t.app.consign.accounts.findStore(t.hash))!.id, orderId))!.document;
    expect(stored).not.toContain('4111111111111111');
    expect(stored).not.toContain(DECLINED);
    expect(JSON.parse(stored).payment.card).toEqual({ brand: 'VISA', last4: '1111', expiryMonth: 12, expiryYear: 2099 });
    // Paid once: a second payment is refused.
    expectStatus(await pay(token, cardPayment(orderId, APPROVED)), 409);
  });

  it('pays the test gateway with the card sent along with the order, as newer SDKs do (their legacy strategy)', async () => {
    const withCard = (number: string) => ({ name: 'testgateway', paymentData: { ccNumber: number.replace(/\s/g, ''), ccExpiry: { month: '12', year: '2099' }, ccName: 'Ada Lovelace', ccCvv: '123' } });
    const { shopper, cartId } = await readyCheckout();
    const declined = await submitOrder(shopper, cartId, withCard(DECLINED));
    expectStatus(declined, 400);
    expect(declined.json()).toMatchObject({ status: 400, type: 'transaction_declined', errors: [expect.stringMatching(/^Payment was declined/)] });
    // The checkout stays open; the shopper tries another card.
    const approved = await submitOrder(shopper, cartId, withCard(APPROVED));
    expectStatus(approved, 200);
    const orderId = approved.json().data.order.orderId;
    expect(approved.json().data.order).toMatchObject({ status: 'Awaiting Fulfillment', isComplete: true, payment: { id: 'testgateway', status: 'PAYMENT_STATUS_FINALIZE' } });
    expect((await t.api('GET', `/v2/orders/${orderId}`)).json()).toMatchObject({ status: 'Awaiting Fulfillment', payment_status: 'captured' });
    expect((await t.api('GET', `/v2/orders/${orderId - 1}`)).json()).toMatchObject({ status: 'Incomplete', payment_status: 'declined' });
    const invalid = await submitOrder(shopper, cartId, withCard('4111 1111 1111 1112'));
    expectStatus(invalid, 400);
    expect(invalid.json().errors).toEqual(['The card number is not valid.']);
  });

  it('refuses payments without the order\'s token, with an invalid card, or by a method the store does not take', async () => {
    const { shopper, cartId } = await readyCheckout();
    const placed = await submitOrder(shopper, cartId);
    const orderId = placed.json().data.order.orderId;
    const token = placed.headers.token as string;
    const missing = await pay(undefined, cardPayment(orderId, APPROVED));
    expectStatus(missing, 401);
    expect(missing.json().errors[0].code).toBe('missing_order_token');
    expect((await pay('not-the-token', cardPayment(orderId, APPROVED))).json().errors[0].code).toBe('invalid_order_token');
    // Another order's token pays nothing here.
    const other = await readyCheckout();
    const otherToken = (await submitOrder(other.shopper, other.cartId)).headers.token as string;
    expectStatus(await pay(otherToken, cardPayment(orderId, APPROVED)), 403);
    const invalid = await pay(token, cardPayment(orderId, '4111 1111 1111 1112'));
    expectStatus(invalid, 400);
    expect(invalid.json().errors[0].code).toBe('invalid_number');
    expectStatus(await pay(token, { ...cardPayment(orderId, APPROVED), payment: { gateway: 'testgateway', credit_card: { number: APPROVED, month: 1, year: 2001 } } }), 400);
    expect((await pay(token, { ...cardPayment(orderId, APPROVED), payment: { gateway: 'cod', credit_card: { number: APPROVED, month: 1, year: 2099 } } })).json().errors[0].code).toBe('invalid_payment_provider');
    expectStatus(await pay(token, cardPayment(999999, APPROVED)), 404);
    expectStatus(await pay(token, { order: {} }), 422);
    // None of that touched the order.
    expect((await t.api('GET', `/v2/orders/${orderId}`)).json()).toMatchObject({ status: 'Incomplete', payment_status: '' });
  });

  it('takes a payment from a checkout page on an origin the store allows, and tells other origins nothing', async () => {
    expectStatus(await t.api('PUT', '/v3/storefront/settings', { storefront_origins: ['https://shop.example.com'] }), 200);
    t.app.consign.storefronts.invalidate();
    const { shopper, cartId } = await readyCheckout();
    const placed = await submitOrder(shopper, cartId);
    const orderId = placed.json().data.order.orderId;
    const from = (origin: string, method: 'OPTIONS' | 'POST') =>
      t.app.inject({
        method,
        url: '/api/public/v1/orders/payments',
        headers: { host: 'consign.test', origin, 'content-type': 'application/json', authorization: placed.headers.token as string, 'access-control-request-headers': 'authorization,content-type' },
        ...(method === 'POST' ? { payload: JSON.stringify(cardPayment(orderId, DECLINED)) } : {}),
      });
    const preflight = await from('https://shop.example.com', 'OPTIONS');
    expectStatus(preflight, 204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization,content-type');
    expect((await from('https://shop.example.com', 'POST')).headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const elsewhere = await from('https://evil.example.com', 'POST');
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    expectStatus(await t.api('PUT', '/v3/storefront/settings', { storefront_origins: [] }), 200);
    t.app.consign.storefronts.invalidate();
  });

  it('refuses an ineligible checkout, or an unknown method, in the SDK\'s internal error shape, spending no order', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const refused = await submitOrder(shopper, cart.id, { name: 'cod' });
    expectStatus(refused, 422);
    const body = refused.json();
    expect(body).toMatchObject({ status: 422, title: expect.stringContaining('cannot become an order'), type: expect.any(String) });
    expect(body.errors).toEqual(expect.arrayContaining([expect.stringContaining('billing address')]));
    expect(Array.isArray(body.errors)).toBe(true);
    expect((await shopper.request('GET', `/api/storefront/checkouts/${cart.id}`)).json().orderId).toBeNull();

    // Every consignment needs an option: one without is named, and nothing is placed.
    const unpriced = new Shopper(t.app);
    const lamp = await unpriced.createCart();
    const consigned = await unpriced.request('POST', `/api/storefront/checkouts/${lamp.id}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: lamp.lamp, quantity: 1 }, { itemId: lamp.mugs, quantity: 2 }] }]);
    await unpriced.request('POST', `/api/storefront/checkouts/${lamp.id}/billing-address`, SF_AUSTIN);
    const noOption = await submitOrder(unpriced, lamp.id, { name: 'cod' });
    expectStatus(noOption, 422);
    expect(noOption.json().errors).toEqual([`The checkout cannot become an order yet: consignment ${consigned.json().consignments[0].id} has no selected shipping or pickup option.`]);

    const { shopper: ready, cartId } = await readyCheckout();
    const unknown = await submitOrder(ready, cartId, { name: 'paypal' });
    expectStatus(unknown, 400);
    expect(unknown.json()).toMatchObject({ status: 400, type: 'invalid_payment_provider', errors: [expect.stringContaining('paypal')] });
    // Someone else's checkout, or none: not found; a change without the CSRF token: refused.
    expectStatus(await submitOrder(new Shopper(t.app), cartId, { name: 'cod' }), 404);
    expectStatus(await ready.request('POST', '/internalapi/v1/checkout/order', { cartId, payment: { name: 'cod' } }, { xsrf: null }), 403);
    expect((await ready.request('GET', `/api/storefront/checkouts/${cartId}`)).json().orderId).toBeNull();
  });

  it('lets only the session that placed an order read it', async () => {
    const { shopper, cartId } = await readyCheckout();
    const orderId = (await submitOrder(shopper, cartId, { name: 'bankdeposit' })).json().data.order.orderId;
    expectStatus(await shopper.request('GET', `/api/storefront/orders/${orderId}`), 200);
    expectStatus(await new Shopper(t.app).request('GET', `/api/storefront/orders/${orderId}`), 404);
    const other = await readyCheckout();
    expectStatus(await other.shopper.request('GET', `/api/storefront/orders/${orderId}`), 404);
    // An order placed server-to-server is no session's.
    const serverOrder = (await t.api('POST', `/v3/checkouts/${other.cartId}/orders`)).json().data.id;
    expectStatus(await other.shopper.request('GET', `/api/storefront/orders/${serverOrder}`), 404);
    expect((await t.api('GET', `/v2/orders/${serverOrder}`)).json()).toMatchObject({ status: 'Incomplete', payment_method: '', payment_status: '' });
  });
});
