import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { Store } from '../../src/store/store.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { AUSTIN } from '../helpers/addresses.js';
import { checkResponses } from '../helpers/checked-responses.js';

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
    second = checkResponses(await buildApp({ store: secondStore }));
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

  /** Upstream's cart conflict body, exactly. */
  const CONFLICT = {
    status: 409,
    title: 'The request cannot be processed due to a possible conflict. Please review the changes and try again.',
    type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
  };

  interface Consignment { id: string; address?: { address1: string }; line_item_ids: string[]; selected_shipping_option?: { id: string }; available_shipping_options: { id: string }[] }
  interface Writer { method: string; path: string; body: (version: number | undefined) => unknown; present(checkout: { consignments: Consignment[] }): boolean }

  /**
   * One checkout with 12 consignments (one lamp each, 28 lamps left unallocated) and 20 writers on
   * it, each leaving a trace no other writer touches: 6 move a consignment to an address of their
   * own, 6 select an option on one, 8 create a consignment of their own from the remaining lamps.
   */
  const consignmentWriters = async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 40 }] })).json().data;
    const lamps = cart.line_items.physical_items[0].id as string;
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`,
      Array.from({ length: 12 }, () => ({ address: AUSTIN, line_items: [{ item_id: lamps, quantity: 1 }] })));
    expect(created.statusCode, created.body).toBe(200);
    const consignments = created.json().data.consignments as Consignment[];
    const url = (c: Consignment) => `/v3/checkouts/${cart.id}/consignments/${c.id}`;
    const find = (checkout: { consignments: Consignment[] }, id: string) => checkout.consignments.find((c) => c.id === id);
    const writers: Writer[] = Array.from({ length: WRITERS }, (_, i): Writer => {
      const withVersion = (body: object) => (version: number | undefined) => (version === undefined ? body : { ...body, version });
      if (i < 6) {
        const target = consignments[i]!;
        const address1 = `${i} Writer Lane`;
        return { method: 'PUT', path: url(target), body: withVersion({ address: { ...AUSTIN, address1 } }), present: (c) => find(c, target.id)?.address?.address1 === address1 };
      }
      if (i < 12) {
        const target = consignments[i]!;
        const option = target.available_shipping_options[i % target.available_shipping_options.length]!;
        return { method: 'PUT', path: url(target), body: withVersion({ shipping_option_id: option.id }), present: (c) => find(c, target.id)?.selected_shipping_option?.id === option.id };
      }
      const address1 = `${i} New Street`;
      return {
        method: 'POST',
        path: `/v3/checkouts/${cart.id}/consignments`,
        body: (version) => [{ address: { ...AUSTIN, address1 }, line_items: [{ item_id: lamps, quantity: 1 }], ...(version === undefined ? {} : { version }) }],
        present: (c) => c.consignments.some((x) => x.address?.address1 === address1),
      };
    });
    return { id: cart.id as string, version: created.json().data.version as number, writers };
  };

  /** Sends every writer at once (writer i with `versionOf(i)`), then checks the checkout they leave. */
  const race = async (versionOf: (i: number, start: number) => number | undefined) => {
    const { id, version: start, writers } = await consignmentWriters();
    const responses = await Promise.all(writers.map((w, i) => send(i, w.method, w.path, w.body(versionOf(i, start)))));
    const checkout = (await t.api('GET', `/v3/checkouts/${id}?include=consignments.available_shipping_options`)).json().data;
    let accepted = 0;
    responses.forEach((response, i) => {
      if (response.statusCode === 200) {
        accepted += 1;
        expect(writers[i]!.present(checkout), `writer ${i} was accepted, so its write must be there`).toBe(true);
      } else {
        expect(response.statusCode, response.body).toBe(409);
        expect(versionOf(i, start), `writer ${i} sent no version, so it must not be refused`).toBeDefined();
        expect(response.json()).toEqual(CONFLICT);
        expect(writers[i]!.present(checkout), `writer ${i} was refused, so its write must not be there`).toBe(false);
      }
    });
    expect(checkout.version).toBe(start + accepted);
    // Every lamp is still accounted for, once.
    const lines = checkout.cart.line_items.physical_items as { id: string; quantity: number }[];
    expect(lines.reduce((sum, l) => sum + l.quantity, 0)).toBe(40);
    const allocated = checkout.consignments.flatMap((c: Consignment) => c.line_item_ids);
    expect(new Set(allocated).size).toBe(allocated.length);
    return accepted;
  };

  it('20 consignment writers on one checkout without version: every write accepted and present', async () => {
    expect(await race(() => undefined)).toBe(WRITERS);
  });

  it('20 consignment writers on one checkout with the same version: one accepted, 19 refused with upstream\'s 409', async () => {
    expect(await race((_, start) => start)).toBe(1);
  });

  it('20 consignment writers, half with a version and half without: the unversioned all land, no write is lost', async () => {
    const accepted = await race((i, start) => (i % 2 === 0 ? undefined : start + (i % 4)));
    expect(accepted).toBeGreaterThanOrEqual(WRITERS / 2);
  });
});
