import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/services/rate-limiter.js';

describe('RateLimiter', () => {
  const buckets = [{ key: 'f 192.0.2.1', limit: { quota: 3, windowMs: 1000 } }];

  it('counts nothing on a peek: the window starts with the first request counted, not with a look', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    expect(limiter.peek(buckets)).toEqual({ allowed: true, state: { quota: 3, windowMs: 1000, left: 3, resetMs: 1000 } });
    now = 600;
    expect(limiter.take(buckets)).toEqual({ allowed: true, state: { quota: 3, windowMs: 1000, left: 2, resetMs: 1000 } });
    now = 900;
    expect(limiter.peek(buckets)?.state).toEqual({ quota: 3, windowMs: 1000, left: 2, resetMs: 700 });
  });

  it('refuses once the quota is used, and a refused request uses up nothing', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 3; i++) expect(limiter.take(buckets)?.allowed).toBe(true);
    expect(limiter.take(buckets)).toEqual({ allowed: false, state: { quota: 3, windowMs: 1000, left: 0, resetMs: 1000 } });
    expect(limiter.peek(buckets)?.allowed).toBe(false);
    now = 1000;
    expect(limiter.peek(buckets)?.allowed).toBe(true);
  });
});

describe('RateLimiter.take with checked windows', () => {
  it('counts nothing while a checked window is full, and answers with that window', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const failures = [{ key: 'f 192.0.2.1', limit: { quota: 1, windowMs: 1000 } }];
    const token = [{ key: 't 1 1', limit: { quota: 5, windowMs: 5000 } }];
    expect(limiter.take(token, failures)?.state.left).toBe(4);
    expect(limiter.take(failures)?.allowed).toBe(true);
    expect(limiter.take(token, failures)).toEqual({ allowed: false, state: { quota: 1, windowMs: 1000, left: 0, resetMs: 1000 } });
    now = 1000;
    expect(limiter.take(token, failures)).toEqual({ allowed: true, state: { quota: 5, windowMs: 5000, left: 3, resetMs: 4000 } });
  });
});
