import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CartPart, Store } from '../../src/store/store.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/**
 * A cart's parts (src/store/cart-parts-sql.ts): whatever the count, every part is stored once, with
 * its document as given (quotes, backslashes, non-ASCII text), and a later write changes exactly
 * the parts it names.
 */
describe.each(STORE_KINDS)('cart parts on %s', (kind) => {
  let testStore: TestStore;
  let store: Store;
  let storeId: number;
  beforeAll(async () => {
    testStore = await openTestStore(kind);
    store = testStore.store;
    storeId = (await store.createStore({ hash: 'parts', name: 'Parts', settings: '{}' })).id;
  });
  afterAll(async () => testStore?.destroy());

  const parts = (count: number, tag: string): CartPart[] =>
    // Quotes, a backslash and non-ASCII text: each document must come back exactly as written.
    Array.from({ length: count }, (_, i) => ({ key: `c:${i}`, document: JSON.stringify({ i, tag, text: `"${tag}" \\ é ${i}` }) }));
  const stored = async (id: string) => {
    const found = await store.findCart(storeId, id, Date.now());
    return new Map(found!.parts.map((p) => [p.key, p.document]));
  };

  it.each([1, 3, 16, 127, 128, 129, 200, 701])('stores all of %i parts written at once, and changes only those a later write names', async (count) => {
    const id = `cart-${count}`;
    const expiresAt = Date.now() + 60_000;
    const first = parts(count, 'first');
    expect(await store.insertCart({ id, storeId, version: 1, document: '{}', expiresAt, parts: { written: first, removed: [] } }, await store.configVersion(storeId))).toBe(true);
    expect(await stored(id)).toEqual(new Map(first.map((p) => [p.key, p.document])));

    // Every other part rewritten but the last, which is dropped; one added.
    const changed = [...parts(count - 1, 'second').filter((_, i) => i % 2 === 0), { key: 'c:new', document: '{"added":true}' }];
    const removed = [`c:${count - 1}`];
    expect(await store.updateCart({ id, storeId, version: 2, document: '{}', expiresAt, parts: { written: changed, removed } }, 1)).toBe(true);
    const expected = new Map(first.map((p) => [p.key, p.document]));
    for (const p of changed) expected.set(p.key, p.document);
    for (const key of removed) expected.delete(key);
    expect(await stored(id)).toEqual(expected);
  });
});
