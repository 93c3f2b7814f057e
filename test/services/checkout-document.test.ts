import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Checkout } from '../../src/domain/checkout.js';
import { CUSTOM_SHIPPING_OPTION_ID } from '../../src/domain/consignment.js';
import { type StoredCheckout, WHOLE_UP_TO, partChanges, readCheckout, storedCheckout as stored0 } from '../../src/services/checkout-document.js';
import { apply, buildSplit, context, ops, splitCheckouts } from '../domain/checkout-arbitraries.js';

const PLAN = {
  quantities: [2, 1, 3, 1],
  consignments: [
    { destination: 0, option: 0 },
    { destination: 1, option: 1 },
  ],
  owners: [0, 1, 0, 1, 0, 0, 0],
  noise: [],
};

/** The arbitraries' checkouts are small: stored in parts unless a test says otherwise. */
const storedCheckout = (c: Checkout, wholeUpTo = 0) => stored0(c, wholeUpTo);

const roundTrip = (c: Checkout): unknown => JSON.parse(JSON.stringify(c));

/** What the database holds after a write of `changes` over `parts`. */
function applied(parts: ReadonlyMap<string, string>, stored: StoredCheckout | null, next: StoredCheckout): Map<string, string> {
  const changes = partChanges(stored, next);
  const after = new Map(parts);
  for (const key of changes.removed) after.delete(key);
  for (const part of changes.written) after.set(part.key, part.document);
  return after;
}

/**
 * The stored checkout is a head and a part per consignment and line; a write stores the parts that
 * changed. What is read back must still be the checkout, exactly, after any sequence of writes.
 */
describe('the stored checkout', () => {
  it('reads back as the checkout after every step of any sequence of changes, each write storing only what changed', () => {
    fc.assert(
      fc.property(splitCheckouts, fc.array(ops, { maxLength: 8 }), fc.string(), fc.integer({ min: 0, max: 12 }), (plan, steps, message, wholeUpTo) => {
        const ctx = context();
        // Stored whole up to `wholeUpTo` consignments and lines, so that changes cross between the forms.
        const storedCheckout = (c: Checkout) => stored0(c, wholeUpTo);
        let checkout: Checkout = buildSplit(plan, ctx);
        let stored = storedCheckout(checkout);
        // What the database holds: written whole first, as a new cart is.
        let rows = applied(new Map(), null, stored);
        // What another process read of the version before: it reads next only the parts written since.
        let kept = readCheckout(stored.head, [...rows].map(([key, document]) => ({ key, document })), checkout.version);
        const expectStored = (c: Checkout) => {
          const next = storedCheckout(c);
          rows = applied(rows, stored, next);
          const parts = [...rows].map(([key, document]) => ({ key, document }));
          const read = readCheckout(next.head, parts, c.version);
          expect(read.checkout).toEqual(roundTrip(c));
          expect(read.stored.parts).toEqual(rows);
          const since = readCheckout(next.head, partChanges(stored, next).written, c.version, kept);
          expect(since).toEqual(read);
          kept = since;
          // A consignment or line the change did not replace is not written again.
          const previous = new Set([...stored.parts.keys()]);
          const written = partChanges(stored, next).written.map((p) => p.key);
          for (const key of written) expect(!previous.has(key) || stored.parts.get(key) !== next.parts.get(key)).toBe(true);
          stored = next;
        };
        expectStored(checkout);
        for (const step of steps) {
          checkout = apply(checkout, step, ctx);
          expectStored(checkout);
        }
        // Top-level fields, empty lists and a message with characters JSON must escape.
        expectStored({ ...checkout, customerMessage: message, consignments: [], lineItems: { products: [], customItems: [], giftCertificates: [] } });
      }),
      { numRuns: 300 },
    );
  });

  it('reads a whole document stored before parts were stored apart, and the next write stores every part', () => {
    const ctx = context();
    const checkout = buildSplit(PLAN, ctx);
    const whole = JSON.stringify(checkout);
    expect(readCheckout(whole, [], checkout.version).checkout).toEqual(roundTrip(checkout));
    const next = storedCheckout(checkout);
    const changes = partChanges({ head: whole, parts: new Map() }, next);
    expect(changes.written.map((p) => p.key).sort()).toEqual([...next.parts.keys()].sort());
    expect(next.parts.size).toBe(checkout.consignments.length + checkout.lineItems.products.length);
  });

  it('reads the parts written after a kept version over the kept ones, reusing the objects of those unchanged', () => {
    const checkout = { ...buildSplit(PLAN, context()), version: 1 };
    const before = storedCheckout(checkout);
    const kept = readCheckout(before.head, [...before.parts].map(([key, document]) => ({ key, document })), 1);
    const [first, second] = kept.checkout.consignments;
    const changed = { ...first!, lineItemIds: [] };
    const after = storedCheckout({ ...kept.checkout, consignments: [changed, second!], version: 2 });
    const read = readCheckout(after.head, partChanges(kept.stored, after).written, 2, kept);
    expect(read.checkout).toEqual(roundTrip({ ...checkout, consignments: [changed, second!], version: 2 }));
    expect(read.checkout.consignments[1]).toBe(second);
    expect(read.checkout.consignments[0]).not.toBe(first);
    // And the currency, which every kept presented form is made with.
    expect(read.checkout.currency).toBe(kept.checkout.currency);
    // A part the head names that neither the read nor the kept version holds is an error, never skipped.
    expect(() => readCheckout(after.head, [], 2, { checkout: kept.checkout, stored: { ...kept.stored, parts: new Map() } })).toThrow(/lacks its part/);
  });

  it('writes the one consignment that changed, and no copy equal to what is stored', () => {
    const checkout = buildSplit(PLAN, context());
    const before = storedCheckout(checkout);
    const [first, second] = checkout.consignments;
    const changed = { ...first!, lineItemIds: [] };
    const after = storedCheckout({ ...checkout, consignments: [changed, { ...second! }] });
    const { written, removed } = partChanges(before, after);
    expect(written.map((p) => p.key)).toEqual([`c:${first!.id}`]);
    expect(removed).toEqual([]);
    expect(readCheckout(after.head, [...after.parts].map(([key, document]) => ({ key, document })), checkout.version).checkout.consignments[0]).toEqual(JSON.parse(JSON.stringify(changed)));
    expect(partChanges(before, storedCheckout({ ...checkout, consignments: [second!] }))).toEqual({ written: [], removed: [`c:${first!.id}`] });
  });

  it('stores a selected shipping option once, as its place among the available ones; custom shipping and options stored whole read as they are', () => {
    const checkout = buildSplit(PLAN, context());
    const selected = checkout.consignments.map((c) => c.selectedShippingOption!);
    expect(selected.every((option, i) => checkout.consignments[i]!.availableShippingOptions.includes(option))).toBe(true);
    for (const [stored, parts] of [[stored0(checkout), []], [storedCheckout(checkout), null]] as const) {
      const documents = [stored.head, ...stored.parts.values()].join('');
      for (const option of selected) expect(documents.split(`"id":"${option.id}"`)).toHaveLength(2);
      const read = readCheckout(stored.head, parts ?? [...stored.parts].map(([key, document]) => ({ key, document })), checkout.version).checkout;
      expect(read).toEqual(roundTrip(checkout));
      // The very object among the available options, as the domain picks it: written again, it is stored the same way.
      read.consignments.forEach((c) => expect(c.availableShippingOptions).toContain(c.selectedShippingOption));
      expect(storedCheckout(read)).toEqual(storedCheckout(checkout));
    }
    const [first, second] = checkout.consignments;
    const custom = { ...first!, selectedShippingOption: { ...first!.selectedShippingOption!, id: CUSTOM_SHIPPING_OPTION_ID, type: 'custom', cost: 1500 } };
    const copied = { ...second!, selectedShippingOption: { ...second!.selectedShippingOption! } };
    const other = { ...checkout, consignments: [custom, copied] };
    expect(readCheckout(stored0(other).head, [], other.version).checkout).toEqual(roundTrip(other));
    expect(readCheckout(JSON.stringify(checkout), [], checkout.version).checkout).toEqual(roundTrip(checkout));
  });

  it(`stores a checkout of at most ${WHOLE_UP_TO} consignments and lines whole, with no parts`, () => {
    const checkout = buildSplit(PLAN, context());
    const whole = stored0(checkout);
    expect(whole.parts.size).toBe(0);
    expect(readCheckout(whole.head, [], checkout.version).checkout).toEqual(roundTrip(checkout));
    // Crossing into parts stores every part; crossing back drops them.
    const split = storedCheckout(checkout);
    expect(partChanges(whole, split).written).toHaveLength(split.parts.size);
    expect(partChanges(split, whole)).toEqual({ written: [], removed: [...split.parts.keys()] });
  });
});
