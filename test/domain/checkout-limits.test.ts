import { describe, expect, it } from 'vitest';
import type { Checkout } from '../../src/domain/checkout.js';
import { CHECKOUT_LIMITS, assertCheckoutWithinLimits } from '../../src/domain/checkout-limits.js';
import type { Consignment } from '../../src/domain/consignment.js';
import { DomainError } from '../../src/domain/errors.js';
import type { CustomItem } from '../../src/domain/line-items.js';

/** Only what the rule looks at: the number of lines and consignments; the size comes from `bytes`. */
function checkout(lines: number, consignments: number, size = 1000): Checkout & { size: number } {
  const customItems = Array.from({ length: lines }, (_, i) => ({ id: `l${i}` }) as CustomItem);
  return {
    lineItems: { products: [], customItems, giftCertificates: [] },
    consignments: Array.from({ length: consignments }, (_, i) => ({ id: `c${i}` }) as Consignment),
    size,
  } as unknown as Checkout & { size: number };
}
const bytes = (c: Checkout) => (c as Checkout & { size: number }).size;

function refusal(next: Checkout, previous: Checkout | null, size = bytes): Record<string, string> | null {
  try {
    assertCheckoutWithinLimits(next, previous, size);
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.status).toBe(422);
    return { ...error.fieldErrors };
  }
}

describe('checkout limits', () => {
  const { lineItems, consignments, documentBytes } = CHECKOUT_LIMITS;

  it.each([
    ['at every limit', checkout(lineItems, consignments, documentBytes), null, null],
    ['one line over, from nothing', checkout(lineItems + 1, 0), null, { line_items: `at most ${lineItems} per cart` }],
    ['one line over, growing', checkout(lineItems + 1, 0), checkout(lineItems, 0), { line_items: `at most ${lineItems} per cart` }],
    ['over, but no more lines than before (a checkout stored before the limit)', checkout(lineItems + 5, 0), checkout(lineItems + 5, 0), null],
    ['over, and shrinking', checkout(lineItems + 4, 0), checkout(lineItems + 5, 0), null],
    ['one consignment over', checkout(1, consignments + 1), checkout(1, consignments), { consignments: `at most ${consignments} per checkout` }],
    ['consignments over and shrinking', checkout(1, consignments + 1), checkout(1, consignments + 2), null],
    ['one byte over', checkout(1, 1, documentBytes + 1), checkout(1, 1, documentBytes), { checkout: `at most ${documentBytes} bytes stored` }],
    ['one byte over on creation', checkout(1, 1, documentBytes + 1), null, { checkout: `at most ${documentBytes} bytes stored` }],
    ['over in bytes, and shrinking', checkout(1, 1, documentBytes + 1), checkout(1, 1, documentBytes + 2), null],
  ])('%s', (_name, next, previous, expected) => {
    expect(refusal(next, previous)).toEqual(expected);
  });

  it("measures the previous checkout's document only when the next one is over the limit", () => {
    const measured: Checkout[] = [];
    const next = checkout(10, 2, 500);
    const previous = checkout(10, 1, 400);
    assertCheckoutWithinLimits(next, previous, (c) => (measured.push(c), bytes(c)));
    expect(measured).toEqual([next]);
  });
});
