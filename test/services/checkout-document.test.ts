import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Checkout } from '../../src/domain/checkout.js';
import { checkoutDocument } from '../../src/services/checkout-document.js';
import { apply, buildSplit, context, ops, splitCheckouts } from '../domain/checkout-arbitraries.js';

/** The stored document reuses the JSON of unchanged consignments and lines; it must still be the checkout, exactly. */
describe('the stored checkout document', () => {
  it('parses to the checkout after every step of any sequence of changes', () => {
    fc.assert(
      fc.property(splitCheckouts, fc.array(ops, { maxLength: 8 }), fc.string(), (plan, steps, message) => {
        const ctx = context();
        let checkout: Checkout = buildSplit(plan, ctx);
        const expectStored = (c: Checkout) => expect(JSON.parse(checkoutDocument(c))).toEqual(JSON.parse(JSON.stringify(c)));
        expectStored(checkout);
        for (const step of steps) {
          checkout = apply(checkout, step, ctx);
          expectStored(checkout);
        }
        // Top-level fields, empty lists and a message with characters JSON must escape.
        expectStored({ ...checkout, customerMessage: message, consignments: [], lineItems: { products: [], customItems: [], giftCertificates: [] } });
      }),
      { numRuns: 300 },
    );
  });
});
