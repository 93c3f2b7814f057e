import { describe, expect, it } from 'vitest';
import { randomText } from '../../src/services/random-text.js';

describe('randomText', () => {
  it('writes the bytes asked for in the encoding asked for', () => {
    expect(randomText(32, 'base64url')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomText(7, 'hex')).toMatch(/^[0-9a-f]{14}$/);
  });

  it('hands out no bytes twice, across refills of its pool', () => {
    // 32-byte texts, several pools' worth, with sizes that do not divide the pool mixed in.
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      seen.add(randomText(32, 'hex'));
      randomText(7, 'hex');
    }
    expect(seen.size).toBe(2_000);
  });
});
