import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configureMethod, enabledMethods } from '../../src/domain/payments/methods.js';
import { InvalidPaymentMethodError, storefrontPlacement } from '../../src/domain/payments/order-payment.js';
import { brandOf, decideCard, luhnValid } from '../../src/domain/payments/test-card.js';

const NOW = new Date('2026-12-07T00:00:00Z');
const card = (number: string, month = 12, year = 2030, verificationValue?: string) => ({ number, month, year, ...(verificationValue === undefined ? {} : { verificationValue }) });

describe('the test gateway decides by card number', () => {
  it.each([
    ['4111 1111 1111 1111', 'approved', 'VISA'],
    ['4242424242424242', 'approved', 'VISA'],
    ['5555 5555 5555 4444', 'approved', 'MC'],
    ['2223003122003222', 'approved', 'MC'],
    ['378282246310005', 'approved', 'AMEX'],
    ['6011111111111117', 'approved', 'DISCOVER'],
    ['3530111333300000', 'approved', 'JCB'],
    ['36227206271667', 'approved', 'DINERS'],
    ['4000 0000 0000 0002', 'declined', 'VISA'],
    ['4000000000009995', 'declined', 'VISA'],
    ['4000000000000069', 'declined', 'VISA'],
  ])('%s is %s (%s)', (number, outcome, brand) => {
    const decision = decideCard(card(number), NOW);
    expect(decision.outcome).toBe(outcome);
    expect(decision.outcome !== 'invalid' && decision.card).toEqual({ brand, last4: number.replace(/\s/g, '').slice(-4), expiryMonth: 12, expiryYear: 2030 });
  });

  it.each([
    ['4111 1111 1111 1112', 'number'],
    ['1234567812345678', 'number'],
    ['4111', 'number'],
    ['4111-1111-1111-111x', 'number'],
    ['', 'number'],
  ])('refuses %s as an invalid %s', (number, field) => {
    expect(decideCard(card(number), NOW)).toMatchObject({ outcome: 'invalid', field });
  });

  it('refuses an expiry in the past or no month at all, and takes this month and two-digit years', () => {
    expect(decideCard(card('4111111111111111', 11, 2026), NOW)).toMatchObject({ outcome: 'invalid', field: 'expiry' });
    expect(decideCard(card('4111111111111111', 13, 2030), NOW)).toMatchObject({ outcome: 'invalid', field: 'expiry' });
    expect(decideCard(card('4111111111111111', 0, 2030), NOW)).toMatchObject({ outcome: 'invalid', field: 'expiry' });
    expect(decideCard(card('4111111111111111', 12, 2026), NOW).outcome).toBe('approved');
    expect(decideCard(card('4111111111111111', 1, 31), NOW)).toMatchObject({ outcome: 'approved', card: { expiryYear: 2031 } });
  });

  it('checks the security code\'s length by brand when one is sent', () => {
    expect(decideCard(card('4111111111111111', 12, 2030, '12'), NOW)).toMatchObject({ outcome: 'invalid', field: 'verification_value' });
    expect(decideCard(card('378282246310005', 12, 2030, '123'), NOW)).toMatchObject({ outcome: 'invalid', field: 'verification_value' });
    expect(decideCard(card('378282246310005', 12, 2030, '1234'), NOW).outcome).toBe('approved');
  });

  it('never answers with more of the number than its last four digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^4[0-9]{15}$/), (number) => {
        const decision = decideCard(card(number), NOW);
        expect(JSON.stringify(decision)).not.toContain(number.slice(0, 12));
      }),
    );
  });

  it('agrees with the Luhn check and names brands by prefix', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(brandOf('341111111111111')).toBe('AMEX');
    expect(brandOf('3411111111111111')).toBeUndefined();
    expect(brandOf('9111111111111111')).toBeUndefined();
  });
});

describe('payment methods and how a storefront order starts', () => {
  const config = { methods: [configureMethod(undefined, 'cod', { enabled: true }), configureMethod(undefined, 'testgateway', { enabled: true }), configureMethod(undefined, 'cheque', { enabled: false })] };

  it('offers only the enabled methods, in listing order, with upstream\'s names', () => {
    expect(enabledMethods(config).map((m) => [m.code, m.displayName, m.testMode])).toEqual([
      ['cod', 'Cash on Delivery', false],
      ['testgateway', 'Test Payment Gateway', true],
    ]);
    expect(configureMethod(config.methods[0], 'cod', { displayName: '  ' }).displayName).toBe('Cash on Delivery');
    expect(() => configureMethod(undefined, 'paypal', { enabled: true })).toThrow(/does not exist/);
  });

  it('starts an offline order Awaiting Payment, a card order Incomplete, and one with nothing to pay Awaiting Fulfillment', () => {
    expect(storefrontPlacement(config, 'cod', 1000)).toMatchObject({ status: 'Awaiting Payment', payment: { methodId: 'cod', offline: true, status: 'pending' } });
    expect(storefrontPlacement(config, 'testgateway', 1000)).toMatchObject({ status: 'Incomplete', payment: { methodId: 'testgateway', offline: false } });
    expect(storefrontPlacement(config, undefined, 1000)).toEqual({ status: 'Incomplete', payment: null });
    expect(storefrontPlacement(config, undefined, 0)).toEqual({ status: 'Awaiting Fulfillment', payment: null });
    expect(() => storefrontPlacement(config, 'cheque', 1000)).toThrow(InvalidPaymentMethodError);
    expect(() => storefrontPlacement(config, 'bitcoin', 1000)).toThrow(InvalidPaymentMethodError);
  });
});
