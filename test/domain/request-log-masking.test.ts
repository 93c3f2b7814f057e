import { describe, expect, it } from 'vitest';
import { maskBody, maskPath } from '../../src/domain/request-log/masking.js';

/** What the request log hides when it is read (docs/request-log.md): one line per kind of secret. */
describe('request log masking', () => {
  it.each([
    ['a password', '{"email":"a@b.c","password":"hunter22"}', '{"email":"a@b.c","password":"***"}'],
    ['a current password', '{"current_password":"old-one"}', '{"current_password":"***"}'],
    ['a new password, nested', '[{"authentication":{"new_password":"secret123"}}]', '[{"authentication":{"new_password":"***"}}]'],
    ['camelCase passwords', '{"currentPassword":"a","newPassword":"b"}', '{"currentPassword":"***","newPassword":"***"}'],
    ['a card number, last four kept', '{"credit_card":{"number":"4111 1111 1111 1111"}}', '{"credit_card":{"number":"************1111"}}'],
    ["checkout-js's card fields", '{"ccNumber":"4242424242424242","ccCvv":"123","ccExpiry":{"month":"12","year":"2030"}}', '{"ccNumber":"************4242","ccCvv":"***","ccExpiry":{"month":"***","year":"***"}}'],
    ["the gateway's CVV and expiry", '{"verification_value":"123","month":12,"year":2099}', '{"verification_value":"***","month":"***","year":"***"}'],
    ['a cvv', '{"cvv": 737}', '{"cvv": "***"}'],
    ['tokens', '{"token":"abc","payment_access_token":"def","clientToken":"ghi"}', '{"token":"***","payment_access_token":"***","clientToken":"***"}'],
    ['secrets', '{"client_secret":"s1","secret":"s2"}', '{"client_secret":"***","secret":"***"}'],
    ['a body cut inside a secret', '{"password":"hunt', '{"password":"***"'],
    ['a body cut inside an escape', '{"password":"hu\\', '{"password":"***"'],
    ['an escaped quote inside a value, not a key', '{"note":"x\\": \\"password\\": \\"y","password":"z"}', '{"note":"x\\": \\"password\\": \\"y","password":"***"}'],
  ])('hides %s', (_, body, masked) => {
    expect(maskBody(body)).toBe(masked);
  });

  it.each([
    ['ordinary fields', '{"email":"a@b.c","quantity":2,"name":"Lamp"}'],
    ["a store's rate limit per token", '{"rate_limits":{"per_token":"600/60000"}}'],
    ['keys that only mention a password', '{"force_password_reset":true,"passwordRequirements":{"minlength":7}}'],
    ['text that is not JSON', '<!doctype html><p>Hello</p>'],
  ])('leaves %s as they are', (_, body) => {
    expect(maskBody(body)).toBe(body);
  });

  it('masks secret query parameters of a path', () => {
    expect(maskPath('/cart.php?action=load&id=c1&token=abc123')).toBe('/cart.php?action=load&id=c1&token=***');
    expect(maskPath('/x?client%5Fsecret=s&limit=5')).toBe('/x?client%5Fsecret=***&limit=5');
    expect(maskPath('/v3/carts/c1?include=redirect_urls')).toBe('/v3/carts/c1?include=redirect_urls');
  });
});
