import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Presented } from '../../src/api/presented.js';
import { replyJson } from '../../src/api/reply-json.js';

/** Every JSON answer goes through replyJson: it must be JSON.stringify's text, kept forms or not. */
describe('the JSON text of an answer', () => {
  it('is what JSON.stringify gives for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(replyJson(value).toString()).toBe(JSON.stringify(value));
    }), { numRuns: 500 });
  });

  it('follows JSON.stringify for undefined, functions, dates and non-finite numbers', () => {
    const value = { a: undefined, b: () => 1, c: [undefined, () => 1, NaN, Infinity, -0], d: new Date(0), e: { toJSON: () => 'x' }, 'k"\n': 1 };
    expect(replyJson(value).toString()).toBe(JSON.stringify(value));
  });

  it('gives the current presented form after the value it presents changed, and reuses an unchanged one', () => {
    const presented = new Presented<{ n: number }>();
    const present = (key: { n: number }) => presented.of(key, [key.n], () => ({ n: key.n, label: `#${key.n}` }));
    const first = { n: 1 };
    const second = { n: 2 };
    const answer = (keys: { n: number }[]) => ({ data: { consignments: keys.map(present), version: keys.length }, meta: {} });
    expect(replyJson(answer([first, second])).toString()).toBe(JSON.stringify(answer([first, second])));
    // A changed consignment is a new object: its form is new, the other's is the kept one.
    const changed = { n: 3 };
    const kept = present(first);
    expect(present(first)).toBe(kept);
    expect(replyJson(answer([first, changed])).toString()).toBe('{"data":{"consignments":[{"n":1,"label":"#1"},{"n":3,"label":"#3"}],"version":2},"meta":{}}');
  });
});
