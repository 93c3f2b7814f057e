import { describe, expect, it } from 'vitest';
import { upstreamTime } from '../../src/api/upstream-time.js';

/** What upstreamTime promised before its fast path: the time through Date, to the second. */
function throughDate(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

describe('upstreamTime', () => {
  it('writes a stored time to the second with +00:00, milliseconds dropped', () => {
    expect(upstreamTime('2025-08-05T15:38:14.999Z')).toBe('2025-08-05T15:38:14+00:00');
  });

  it('gives what Date gives for days and hours Date rolls over, and for other spellings', () => {
    for (const iso of ['2025-02-29T10:00:00.000Z', '2024-02-29T10:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '2025-04-31T00:00:00.000Z', '2025-01-01T24:00:00.000Z', '2025-13-01T00:00:00.000Z', '2025-08-05T15:38:14Z', '2025-08-05T17:38:14.5+02:00', 'not a time', '']) {
      expect(upstreamTime(iso), iso).toBe(throughDate(iso));
    }
    expect(upstreamTime('2025-02-29T10:00:00.000Z')).toBe('2025-03-01T10:00:00+00:00');
  });

  it('agrees with Date on every day of a leap and a common year', () => {
    for (const start of [Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)]) {
      for (let day = 0; day < 366; day++) {
        const iso = new Date(start + day * 86_400_000 + 45_296_789).toISOString();
        expect(upstreamTime(iso)).toBe(throughDate(iso));
      }
    }
  });
});
