import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromMinor } from '../../src/domain/money.js';

/** The definition fromMinor had before its integer fast path; the fast path must agree with it. */
const byString = (amount: number, places: number) => Number((amount / 10 ** places).toFixed(places));

describe('fromMinor', () => {
  it('gives the same number as the decimal string for every integer amount', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -100_000, max: 100_000 })), fc.integer({ min: 0, max: 4 }), (amount, places) => {
        expect(Object.is(fromMinor(amount, places), byString(amount, places))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('presents the usual amounts exactly', () => {
    expect(fromMinor(833, 2)).toBe(8.33);
    expect(fromMinor(-1, 2)).toBe(-0.01);
    expect(Object.is(fromMinor(-0, 2), 0)).toBe(true);
    expect(fromMinor(1500, 0)).toBe(1500);
    expect(fromMinor(0.5, 2)).toBe(byString(0.5, 2));
  });
});
