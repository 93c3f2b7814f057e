import { describe, expect, it } from 'vitest';
import { checkoutEvents } from '../../src/domain/webhooks/checkout-events.js';
import { DEFAULT_RETRY_RULE, afterFailure } from '../../src/domain/webhooks/retry-rule.js';
import { isSubscribableScope, scopeMatches } from '../../src/domain/webhooks/scopes.js';
import { signDelivery, verifyDelivery } from '../../src/domain/webhooks/signature.js';
import type { Checkout } from '../../src/domain/checkout.js';

describe('webhook scopes', () => {
  it.each([
    ['store/cart/created', true],
    ['store/cart/*', true],
    ['store/cart/lineItem/*', true],
    ['store/cart/consignment/shippingOption/selected', true],
    ['store/cart/consignment/shippingOption/*', true],
    ['store/order/statusUpdated', true],
    ['store/customer/*', true],
    ['store/*', false],
    ['store/product/created', false],
    ['store/cart', false],
    ['*', false],
  ])('%s can be subscribed to: %s', (scope, ok) => expect(isSubscribableScope(scope)).toBe(ok));

  it.each([
    ['store/cart/*', 'store/cart/lineItem/created', true],
    ['store/cart/*', 'store/cart/consignment/shippingOption/invalidated', true],
    ['store/cart/lineItem/*', 'store/cart/created', false],
    ['store/cart/created', 'store/cart/created', true],
    ['store/cart/created', 'store/cart/updated', false],
    ['store/order/*', 'store/cart/converted', false],
  ])('%s receives %s: %s', (subscribed, scope, ok) => expect(scopeMatches(subscribed, scope)).toBe(ok));
});

describe('delivery signature (Standard Webhooks)', () => {
  // The specification's own example.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const body = '{"test": 2432232314}';

  it("signs as the specification's example does", () => {
    expect(signDelivery(secret, id, 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies a signature among several, and refuses another body, id, time or secret', () => {
    const signature = signDelivery(secret, id, 1614265330, body);
    expect(verifyDelivery(secret, id, 1614265330, body, `v1,bm90IGl0 ${signature}`)).toBe(true);
    expect(verifyDelivery(secret, id, 1614265330, '{"test": 1}', signature)).toBe(false);
    expect(verifyDelivery(secret, 'msg_other', 1614265330, body, signature)).toBe(false);
    expect(verifyDelivery(secret, id, 1614265331, body, signature)).toBe(false);
    expect(verifyDelivery('whsec_b3RoZXJvdGhlcm90aGVy', id, 1614265330, body, signature)).toBe(false);
  });
});

describe('retry rule', () => {
  const t0 = 1_000_000;
  it('retries first within 30 seconds, then further apart', () => {
    const first = afterFailure(DEFAULT_RETRY_RULE, 1, t0, t0);
    expect(first).toEqual({ retryAt: t0 + 10_000 });
    const later = afterFailure(DEFAULT_RETRY_RULE, 5, t0, t0 + 300_000);
    expect(later).toEqual({ retryAt: t0 + 300_000 + 600_000 });
  });
  it('repeats the last wait past the end of the list', () => {
    expect(afterFailure({ delaysMs: [5, 7], deactivateAfterMs: 1_000 }, 9, t0, t0 + 100)).toEqual({ retryAt: t0 + 107 });
  });
  it('gives up when the next attempt would fall past 48 hours after the first', () => {
    const hours = (h: number) => h * 3_600_000;
    expect(afterFailure(DEFAULT_RETRY_RULE, 12, t0, t0 + hours(39))).toEqual({ retryAt: t0 + hours(47) });
    expect(afterFailure(DEFAULT_RETRY_RULE, 13, t0, t0 + hours(47))).toBe('give-up');
  });
  it('gives up, in the whole default schedule, after about 48 hours of failures', () => {
    let now = t0;
    let attempts = 1;
    for (;;) {
      const next = afterFailure(DEFAULT_RETRY_RULE, attempts, t0, now);
      if (next === 'give-up') break;
      now = next.retryAt;
      attempts++;
    }
    expect(now - t0).toBeGreaterThan(40 * 3_600_000);
    expect(now - t0).toBeLessThanOrEqual(48 * 3_600_000);
  });
});

describe('checkout events', () => {
  const option = (id: string) => ({ id }) as never;
  const consignment = (id: string, selected: string | null, address = 'A') =>
    ({ id, address: { city: address }, lineItemIds: ['l1'], availableShippingOptions: [], selectedShippingOption: selected === null ? null : option(selected), pricedFor: '' }) as never;
  const cart = (changes: Partial<Checkout>): Checkout =>
    ({ id: 'c1', orderId: null, lineItems: { products: [], customItems: [], giftCertificates: [] }, consignments: [], ...changes }) as Checkout;
  const scopes = (before: Checkout | null, after: Checkout | null) => checkoutEvents(before, after).map((e) => e.scope);

  it('names a new cart, a changed line, a deleted cart', () => {
    const line = { id: 'l1', quantity: 1 } as never;
    expect(scopes(null, cart({ lineItems: { products: [line], customItems: [], giftCertificates: [] } }))).toEqual(['store/cart/created', 'store/cart/lineItem/created']);
    const one = cart({ lineItems: { products: [line], customItems: [], giftCertificates: [] } });
    const two = cart({ lineItems: { products: [{ id: 'l1', quantity: 2 } as never], customItems: [], giftCertificates: [] } });
    expect(scopes(one, two)).toEqual(['store/cart/updated', 'store/cart/lineItem/updated']);
    expect(scopes(two, cart({}))).toEqual(['store/cart/updated', 'store/cart/lineItem/deleted']);
    expect(scopes(two, null)).toEqual(['store/cart/deleted']);
  });

  it('names consignments made, changed, deleted, and shipping options selected and invalidated', () => {
    expect(scopes(cart({}), cart({ consignments: [consignment('k1', null)] }))).toEqual(['store/cart/updated', 'store/cart/consignment/created']);
    expect(scopes(cart({ consignments: [consignment('k1', null)] }), cart({ consignments: [consignment('k1', 'o1')] }))).toEqual([
      'store/cart/updated',
      'store/cart/consignment/shippingOption/selected',
    ]);
    const invalidated = checkoutEvents(cart({ consignments: [consignment('k1', 'o1')] }), cart({ consignments: [consignment('k1', null, 'B')] }));
    expect(invalidated.map((e) => e.scope)).toEqual(['store/cart/updated', 'store/cart/consignment/updated', 'store/cart/consignment/shippingOption/invalidated']);
    expect(invalidated[2]!.data).toEqual({ type: 'cart_consignment', id: 'k1', cartId: 'c1', shippingOptionId: 'o1' });
    expect(scopes(cart({ consignments: [consignment('k1', 'o1')] }), cart({}))).toEqual(['store/cart/updated', 'store/cart/consignment/deleted']);
  });

  it('names an order placed from the cart, all in the cart\'s chain', () => {
    const events = checkoutEvents(cart({}), cart({ orderId: '7' }));
    expect(events.map((e) => [e.scope, e.data, e.resource])).toEqual([
      ['store/cart/updated', { type: 'cart', id: 'c1' }, 'cart:c1'],
      ['store/cart/converted', { type: 'cart', id: 'c1', orderId: 7 }, 'cart:c1'],
      ['store/order/created', { type: 'order', id: 7 }, 'cart:c1'],
    ]);
  });
});
