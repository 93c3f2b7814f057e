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
    const presented = new Presented<{ n: number }, number>();
    const present = (key: { n: number }) => presented.of(key, key.n, [], (k, n) => ({ n, label: `#${k.n}` }));
    const answer = (keys: { n: number }[]) => ({ data: { consignments: keys.map(present), version: keys.length }, meta: {} });
    // Few kept forms (one JSON.stringify) and many (assembled from kept JSON) alike.
    for (const count of [2, 20]) {
      const keys = Array.from({ length: count }, (_, i) => ({ n: i }));
      expect(replyJson(answer(keys)).toString()).toBe(JSON.stringify(answer(keys)));
      // A changed consignment is a new object: its form is new, the others' are the kept ones.
      const kept = present(keys[0]!);
      expect(present(keys[0]!)).toBe(kept);
      keys[count - 1] = { n: 100 + count };
      const expected = JSON.stringify({ data: { consignments: keys.map((k) => ({ n: k.n, label: `#${k.n}` })), version: count }, meta: {} });
      expect(replyJson(answer(keys)).toString()).toBe(expected);
    }
  });

  it('is JSON.stringify\'s text for kept forms anywhere among other values', () => {
    const presented = new Presented<object, null>();
    const form = fc.dictionary(fc.string(), fc.jsonValue()).map((value) => presented.of({}, null, [], () => value));
    const withForms = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), form, fc.array(tie('value'), { maxLength: 12 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 12 })),
    })).value;
    fc.assert(fc.property(withForms, (value) => {
      const once = replyJson(value).toString();
      expect(once).toBe(JSON.stringify(value));
      // Sent again, a kept form's JSON is the one made the first time.
      expect(replyJson(value).toString()).toBe(once);
    }), { numRuns: 500 });
  });

  it('is one string while it holds few kept forms, and copies them into one buffer when it holds many', () => {
    const presented = new Presented<object, null>();
    const forms = (count: number) => Array.from({ length: count }, (_, i) => presented.of({}, null, [], () => ({ i, text: 'é€😀' })));
    expect(typeof replyJson({ items: forms(2) })).toBe('string');
    const many = { items: forms(50), nested: { more: forms(3) } };
    const reply = replyJson(many);
    expect(Buffer.isBuffer(reply)).toBe(true);
    expect(reply.toString()).toBe(JSON.stringify(many));
  });

  it('writes text of any characters between kept forms as JSON.stringify does, single characters too', () => {
    const presented = new Presented<object, null>();
    const form = (i: number) => presented.of({}, null, [], () => ({ i }));
    // Eight forms and more take the buffer path; the text between them is each of these in turn.
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 3 }), fc.constantFrom('é', '€', '😀', '\ud800', '"', '\n', ','));
    fc.assert(fc.property(fc.array(text, { minLength: 8, maxLength: 20 }), (texts) => {
      const value = texts.map((t, i) => ({ [t]: [form(i), t] }));
      expect(replyJson(value).toString()).toBe(JSON.stringify(value));
    }), { numRuns: 300 });
  });
});
