import { describe, expect, it } from 'vitest';
import { type NewCustomerAddress, addressKey, checkCustomerAddress, sameAddress } from '../../src/domain/customer-addresses.js';
import { assignCustomer, releaseCustomer } from '../../src/domain/customer-checkout.js';
import { checkEmail, checkPassword, emailKey, fullName } from '../../src/domain/customers.js';
import { DomainError } from '../../src/domain/errors.js';

const HOME: NewCustomerAddress = {
  customerId: 1,
  firstName: 'Ada',
  lastName: 'Lovelace',
  company: '',
  address1: '600 Congress Ave',
  address2: '',
  city: 'Austin',
  stateOrProvince: 'Texas',
  stateOrProvinceCode: 'TX',
  countryCode: 'US',
  postalCode: '78701',
  phone: '',
  addressType: 'residential',
};
const NAMES = { first_name: 'first_name', last_name: 'last_name', address1: 'address1', city: 'city', country_code: 'country_code', state_or_province: 'state_or_province', postal_code: 'postal_code' };

describe('customer rules', () => {
  it.each([
    [' Jane@Example.COM ', 'jane@example.com'],
    ['jane@example.com', 'jane@example.com'],
  ])('emailKey(%j) is %j', (email, key) => expect(emailKey(email)).toBe(key));

  it.each(['', 'jane', 'jane@', '@example.com', 'jane @example.com', `${'x'.repeat(250)}@example.com`])('checkEmail refuses %j', (email) => {
    expect(() => checkEmail(email)).toThrow(DomainError);
  });

  it.each([
    ['secret12', true],
    ['12345678a', true],
    ['secret1', false],
    ['secretsecret', false],
    ['12345678', false],
  ])('checkPassword(%j) accepts: %s', (password, ok) => {
    if (ok) expect(() => checkPassword(password)).not.toThrow();
    else expect(() => checkPassword(password)).toThrow(DomainError);
  });

  it('fullName joins the names given', () => {
    expect(fullName({ firstName: 'Ada', lastName: 'Lovelace' })).toBe('Ada Lovelace');
    expect(fullName({ firstName: '', lastName: 'Lovelace' })).toBe('Lovelace');
  });
});

describe('address book rules', () => {
  it.each([
    ['the same', HOME, true],
    ['case and spaces aside', { ...HOME, city: ' AUSTIN ', address1: '600 congress ave' }, true],
    ['its state code aside (not a core field)', { ...HOME, stateOrProvinceCode: '' }, true],
    ['another street', { ...HOME, address1: '1 Main St' }, false],
    ['another type', { ...HOME, addressType: 'commercial' as const }, false],
    ['another phone', { ...HOME, phone: '555' }, false],
  ])('sameAddress: %s is %s', (_, other, same) => {
    expect(sameAddress(HOME, other)).toBe(same);
    expect(addressKey(HOME) === addressKey(other)).toBe(same);
  });

  it('checks an address for the book: required fields named, the state code filled in', () => {
    expect(checkCustomerAddress({ ...HOME, stateOrProvinceCode: '' }, NAMES).stateOrProvinceCode).toBe('TX');
    expect(() => checkCustomerAddress({ ...HOME, city: '', postalCode: '' }, NAMES, '0.')).toThrow(expect.objectContaining({ fieldErrors: { '0.city': 'is required', '0.postal_code': 'is required' } }));
    expect(() => checkCustomerAddress({ ...HOME, countryCode: 'ZZ' }, NAMES)).toThrow(DomainError);
  });
});

describe("a checkout's customer", () => {
  const checkout = { customerId: 0, email: '', consignments: [{ id: 'c' }], billingAddress: { id: 'b' } } as never;
  it('assignCustomer sets the id and email; releaseCustomer leaves a guest cart without addresses', () => {
    const mine = assignCustomer(checkout, { id: 7, email: 'ada@example.com' });
    expect(mine).toMatchObject({ customerId: 7, email: 'ada@example.com' });
    expect(releaseCustomer(mine)).toMatchObject({ customerId: 0, email: '', consignments: [], billingAddress: null });
  });
});
