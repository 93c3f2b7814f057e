import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { Store } from '../../src/store/store.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { AUSTIN } from '../helpers/addresses.js';

const WRITERS = 20;

/**
 * Twenty writers at once on one checkout, spread over two app instances that share the database
 * (as two service processes would), so that the conditional write, not only the in-process queue,
 * is what keeps updates from being lost.
 */
describe.each(STORE_KINDS)('concurrent writers on one checkout on %s', (kind) => {
  let t: TestApp;
  let secondStore: Store;
  let second: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp(kind);
    secondStore = await t.testStore.reopen();
    second = await buildApp({ store: secondStore });
  });
  afterAll(async () => {
    await second.close();
    await secondStore.close();
    await t.close();
  });

  const send = (index: number, method: string, path: string, body: unknown) =>
    (index % 2 === 0 ? t.app : second).inject({
      method: method as 'POST',
      url: `/stores/${t.hash}${path}`,
      headers: { 'x-auth-token': t.token, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  const newCart = async () => (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data;

  it('without version: every write is accepted and present, and version rose by one per write', async () => {
    const cart = await newCart();
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        send(i, 'POST', `/v3/carts/${cart.id}/items`, { custom_items: [{ sku: `W${i}`, name: `writer ${i}`, quantity: 1, list_price: 1 }] }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(WRITERS).fill(201));
    const after = (await t.api('GET', `/v3/carts/${cart.id}`)).json().data;
    expect(after.line_items.custom_items.map((c: { sku: string }) => c.sku).sort()).toEqual(Array.from({ length: WRITERS }, (_, i) => `W${i}`).sort());
    expect(after.version).toBe(1 + WRITERS);
  });

  it('with the same version: exactly one write is accepted, every other gets 409 and changes nothing', async () => {
    const cart = await newCart();
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        send(i, 'POST', `/v3/carts/${cart.id}/items`, { custom_items: [{ sku: `V${i}`, name: `writer ${i}`, quantity: 1, list_price: 1 }], version: 1 }),
      ),
    );
    const accepted = responses.filter((r) => r.statusCode === 201);
    const rejected = responses.filter((r) => r.statusCode === 409);
    expect(accepted).toHaveLength(1);
    expect(rejected).toHaveLength(WRITERS - 1);
    const after = (await t.api('GET', `/v3/carts/${cart.id}`)).json().data;
    expect(after.version).toBe(2);
    expect(after.line_items.custom_items.map((c: { sku: string }) => c.sku)).toEqual([accepted[0]!.json().data.line_items.custom_items[0].sku]);
  });

  it('consignment writers racing on different lines each keep their consignment', async () => {
    const products = [1, 4, 5, 6, 7, 8, 10, 11, 13];
    const cart = (await t.api('POST', '/v3/carts', { line_items: products.map((id) => ({ product_id: id, quantity: 1 })) })).json().data;
    const lines = cart.line_items.physical_items.map((l: { id: string }) => l.id) as string[];
    const responses = await Promise.all(
      lines.map((id, i) => send(i, 'POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: id, quantity: 1 }] }])),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(lines.map(() => 200));
    const checkout = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    expect(checkout.consignments.flatMap((c: { line_item_ids: string[] }) => c.line_item_ids).sort()).toEqual([...lines].sort());
    expect(checkout.version).toBe(1 + lines.length);
  });
});
