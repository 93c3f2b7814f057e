import { describe, expect, it } from 'vitest';
import { readRates } from '../../src/services/carriers/carrier-client.js';

const USD = { currency: 'USD', decimalPlaces: 2 };
const quote = (extra: object = {}) => ({ code: 'GROUND', display_name: 'Ground', cost: { currency: 'USD', amount: 9.99 }, ...extra });
const answer = (quotes: object[], extra: object = {}) => ({ quote_id: 'q', messages: [], carrier_quotes: [{ carrier_info: { code: 'acme', display_name: 'Acme' }, quotes }], ...extra });

/** Upstream's RateResponsePayload, read strictly: one bad quote refuses the whole answer. */
describe('reading a carrier rate answer', () => {
  it.each([
    ['a quote', answer([quote()]), { kind: 'quoted', rates: [{ code: 'GROUND', displayName: 'Ground', cost: 999, transitTime: '' }], ttlSeconds: undefined }],
    ['a discounted cost, a ttl and a transit time', answer([quote({ discounted_cost: { currency: 'USD', amount: 5 }, transit_time: { units: 'DAYS', duration: 1 } })], { ttl: 30 }), { kind: 'quoted', rates: [{ code: 'GROUND', displayName: 'Ground', cost: 500, transitTime: '1 day' }], ttlSeconds: 30 }],
    ['no quotes at all', answer([]), { kind: 'quoted', rates: [], ttlSeconds: undefined }],
  ])('reads %s', (_, payload, expected) => {
    expect(readRates(payload, USD)).toEqual(expected);
  });

  it.each([
    ['no carrier_quotes', { quote_id: 'q' }],
    ['another currency', answer([quote({ cost: { currency: 'EUR', amount: 9 } })])],
    ['a negative cost', answer([quote({ cost: { currency: 'USD', amount: -1 } })])],
    ['a cost that is a string', answer([quote({ cost: { currency: 'USD', amount: '9' } })])],
    ['a quote without a code', answer([quote({ code: '' })])],
    ['a quote without a display name', answer([{ code: 'X', cost: { currency: 'USD', amount: 1 } }])],
    ['an array', []],
  ])('refuses %s as malformed', (_, payload) => {
    expect(readRates(payload, USD)).toMatchObject({ kind: 'failed', reason: 'malformed' });
  });
});
