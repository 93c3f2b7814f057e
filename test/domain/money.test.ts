import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { fromMinor, parseAmount, roundHalfAwayFromZero } from '../../src/domain/money.js';

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

/** The definition roundHalfAwayFromZero had before its fast path; the fast path must agree with it. */
const cleanedRound = (value: number) => {
  const cleaned = Number(value.toPrecision(12));
  return Math.sign(cleaned) * Math.round(Math.abs(cleaned));
};

describe('roundHalfAwayFromZero', () => {
  it('agrees with rounding the noise-cleaned value, including next to every half', () => {
    const nearHalf = fc.tuple(fc.integer({ min: -1e9 + 1, max: 1e9 - 1 }), fc.double({ min: -2e-3, max: 2e-3, noNaN: true })).map(([n, e]) => n + 0.5 + e);
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), nearHalf, fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 100)), (value) => {
        // === rather than Object.is: -0 and 0 present alike (fromMinor gives 0 for both).
        expect(roundHalfAwayFromZero(value) === cleanedRound(value)).toBe(true);
      }),
      { numRuns: 50_000 },
    );
  });

  it('rounds the usual cases half away from zero', () => {
    expect(roundHalfAwayFromZero(1.005 * 100)).toBe(101);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(2.4999)).toBe(2);
    expect(roundHalfAwayFromZero(832.5)).toBe(833);
  });
});

describe('parseAmount', () => {
  const refusal = (amount: number, places: number) => {
    try {
      parseAmount(amount, places, 'list_price');
    } catch (error) {
      return error instanceof DomainError ? { status: error.status, errors: error.fieldErrors } : error;
    }
    return undefined;
  };

  it.each([
    [19.99, 2, 1999],
    [0.1, 2, 10],
    [1.1, 2, 110],
    [-0.01, 2, -1],
    [0, 2, 0],
    [1200, 0, 1200],
    [9_999_999_999_999.99, 2, 999_999_999_999_999],
    [1e21, 2, 1e23],
    // A JavaScript client's own sums: binary noise past the 15th digit is no fraction.
    [10 + 0.01 * 112, 2, 1112],
    [0.1 + 0.2, 2, 30],
  ])('takes %d in a currency of %d places as %d minor units', (amount, places, minor) => {
    expect(parseAmount(amount, places, 'list_price')).toBe(minor);
  });

  it.each([
    [0.001, 2],
    [8.325, 2],
    [1.005, 2],
    [1e-7, 2],
    [100.5, 0],
    [-0.001, 2],
  ])('refuses %d in a currency of %d places with 422 naming the field', (amount, places) => {
    expect(refusal(amount, places)).toEqual({ status: 422, errors: { list_price: `must have at most ${places} decimal places` } });
  });

  it('takes every amount with at most the currency\'s places, exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 3 }), (minor, places) => {
        expect(parseAmount(fromMinor(minor, places), places, 'x')).toBe(minor);
      }),
      { numRuns: 5_000 },
    );
  });
});
