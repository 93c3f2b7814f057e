import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { RequestLog, type RequestToRecord } from '../../src/services/request-log/request-log.js';

const request = (url: string, body: string | null = null): RequestToRecord => ({ method: 'GET', url, status: 200, durationMs: 1, startedAt: 0, requestBody: body, responseBody: null });

/** The request log's bounds (docs/request-log.md): per store, per body, and for the whole process. */
describe('RequestLog', () => {
  it('keeps the newest requests of each store, newest first', () => {
    const log = new RequestLog({ perStore: 10 });
    for (let i = 0; i < 60; i++) log.record(1, request(`/a/${i}`));
    log.record(2, request('/b/0'));
    const kept = log.recent(1, 100).map((r) => r.url);
    expect(kept).toEqual(Array.from({ length: 10 }, (_, i) => `/a/${59 - i}`));
    expect(log.recent(2, 100).map((r) => r.url)).toEqual(['/b/0']);
    expect(log.recent(1, 3)).toHaveLength(3);
  });

  it('keeps at most totalRequests in all, dropping the oldest whatever their store', () => {
    const log = new RequestLog({ perStore: 100, totalRequests: 50 });
    for (let store = 1; store <= 500; store++) log.record(store, request(`/s/${store}`));
    expect(log.size().requests).toBe(50);
    expect(log.recent(450, 10)).toEqual([]);
    expect(log.recent(451, 10).map((r) => r.url)).toEqual(['/s/451']);
    // A store that keeps only its newest still leaves the process within its bound.
    for (let i = 0; i < 1000; i++) log.record(7, request(`/x/${i}`));
    expect(log.size().requests).toBe(50);
    expect(log.recent(7, 100)).toHaveLength(50);
  });

  it('cuts long bodies and keeps the bodies of all stores within totalBodyChars', () => {
    const log = new RequestLog({ bodyChars: 100, totalBodyChars: 1_000 });
    log.record(1, request('/long', 'x'.repeat(5_000)));
    const [long] = log.recent(1, 1);
    expect(long!.requestBody).toBe('x'.repeat(100));
    expect(long!.requestBodyLength).toBe(5_000);
    for (let i = 0; i < 30; i++) log.record(2 + (i % 3), request(`/b/${i}`, 'y'.repeat(100)));
    expect(log.size().bodyChars).toBeLessThanOrEqual(1_000);
    expect(log.size().requests).toBe(10);
    expect(log.recent(1, 1)).toEqual([]);
  });

  it('lets go of the bodies of a request it no longer keeps', async () => {
    // The process's ring holds a request its store has dropped until it is the oldest there; its
    // bodies must not stay alive with it, or the bounds above would bound nothing.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const log = new RequestLog({ perStore: 2, totalRequests: 1_000 });
    const sent = (() => {
      const body = Buffer.from('{"id":"first"}');
      log.record(1, { ...request('/first', 'x'.repeat(200)), responseBody: body });
      return new WeakRef(body);
    })();
    for (let i = 0; i < 2; i++) log.record(1, request(`/later/${i}`));
    expect(log.recent(1, 10).map((r) => r.url)).toEqual(['/later/1', '/later/0']);
    // A WeakRef's target stays alive until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(sent.deref()).toBeUndefined();
  });
});
