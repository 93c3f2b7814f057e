import { describe, expect, it } from 'vitest';
import { isCi } from './helpers/stores.js';

/** Under CI the PostgreSQL half of the suite is required; CI=false must not demand it. */
describe('isCi: what CI=... means to the test helpers', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['FALSE', false],
    ['0', false],
    ['no', false],
    ['true', true],
    ['True', true],
    ['1', true],
    ['yes', true],
  ])('CI=%s is %s', (value, expected) => {
    expect(isCi(value)).toBe(expected);
  });
});
