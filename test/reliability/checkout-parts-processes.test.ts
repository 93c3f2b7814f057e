import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHOLE_UP_TO } from '../../src/services/checkout-document.js';
import type { Database } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { AUSTIN, DALLAS, PORTLAND, TORONTO } from '../helpers/addresses.js';
import { builtCliForFile } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { type Checkout, type Op, expected, observe } from './checkout-model.js';
import { type Answer, call, twoServicesOn } from './processes.js';

/**
 * A checkout stored in parts (services/checkout-document.ts) through two real service processes on
 * one database. A process keeping version v of it, when the other wrote a later one, reads the
 * head and only the parts written after v, and takes the rest from what it keeps. Whatever the
 * writer changed (an option selected, an address, a consignment removed or added, several writes
 * in a row), the reader must answer with exactly the checkout the writer answered with; and a
 * write through the process whose kept copy is stale applies over the other's change, never
 * over its own stale copy. test/services/checkout-cache-parts.test.ts does the same with two
 * service instances in one process, and counts the parts each read brought. (A reader that takes
 * its kept part over the one read, or keeps its parsed object whatever was read, or a writer that
 * records an earlier version on its parts, fails at the first round; a read of only the last
 * version's parts fails at the round of three writes in a row.)
 */
const cli = builtCliForFile();
const INCLUDE = '?include=consignments.available_shipping_options';
/** Consignments of one mug each, so that the checkout is stored in parts (consignments plus the lines they split off). */
const COUNT = WHOLE_UP_TO + 2;
/** Mugs in the cart: a few left unallocated, for consignments added later. */
const MUGS = COUNT + 3;
const ADDRESSES = [AUSTIN, DALLAS, PORTLAND, TORONTO];

describe.each(STORE_KINDS)('a checkout stored in parts, written and read through two processes on %s', (kind) => {
  const { services, place } = twoServicesOn(kind, cli);
  let store: Store;
  let db: Kysely<Database>;
  beforeAll(async () => {
    store = await place().open();
    db = (store as unknown as { db: Kysely<Database> }).db;
  });
  afterAll(async () => {
    await store?.close();
  });

  const A = 0;
  const B = 1;
  const base = (i: number) => services[i]!.base;
  /**
   * The checkout an answer of process `on` holds. A line's `url` and `image_url` are made absolute
   * on the address the request came to (api/storefront-links.ts), a port of each process's own,
   * which is all an answer of one process may differ in from the other's.
   */
  const ok = (on: number, answer: Answer, what: string): Checkout => {
    expect(answer.status, `${what} through ${on}: ${JSON.stringify(answer.body)}`).toBe(200);
    return JSON.parse(JSON.stringify(answer.body.data).replaceAll(`"${base(on)}/`, '"http://127.0.0.1:port/')) as Checkout;
  };
  const read = async (on: number, id: string): Promise<Checkout> => ok(on, await call(base(on), 'GET', `/v3/checkouts/${id}${INCLUDE}`), 'GET');

  /** Sends `op` through process `on`; checks that the answer is `op` applied to `before` (nothing lost), and returns it. */
  const write = async (on: number, before: Checkout, op: Op): Promise<Checkout> => {
    const path = `/v3/checkouts/${before.id}/consignments`;
    let answer: Answer;
    switch (op.kind) {
      case 'create':
        answer = await call(base(on), 'POST', `${path}${INCLUDE}`, [{ address: op.address, line_items: [{ item_id: op.itemId, quantity: op.quantity }] }]);
        break;
      case 'address':
        answer = await call(base(on), 'PUT', `${path}/${op.consignmentId}${INCLUDE}`, { address: op.address });
        break;
      case 'items':
        answer = await call(base(on), 'PUT', `${path}/${op.consignmentId}${INCLUDE}`, { line_items: [{ item_id: op.itemId, quantity: op.quantity }] });
        break;
      case 'select':
        answer = await call(base(on), 'PUT', `${path}/${op.consignmentId}${INCLUDE}`, { shipping_option_id: op.optionId });
        break;
      case 'delete':
        answer = await call(base(on), 'DELETE', `${path}/${op.consignmentId}${INCLUDE}`);
        break;
    }
    const after = ok(on, answer, op.kind);
    expect(after.version, op.kind).toBe(before.version + 1);
    expect(observe(after), `${op.kind} through ${on}`).toEqual(expected(before, op, after));
    return after;
  };

  /** Selects an option of the consignment at `index` that it has not selected. */
  const select = (checkout: Checkout, index: number): Op => {
    const consignment = checkout.consignments[index]!;
    const option = consignment.available_shipping_options!.find((o) => o.id !== consignment.selected_shipping_option?.id);
    expect(option, `consignment ${index} has a second option`).toBeDefined();
    return { kind: 'select', consignmentId: consignment.id, optionId: option!.id };
  };
  /** The mugs no consignment holds yet: a line of its own. */
  const unallocated = (checkout: Checkout) => {
    const held = new Set(checkout.consignments.flatMap((c) => c.line_item_ids));
    const line = checkout.cart.line_items.physical_items.find((l) => !held.has(l.id));
    expect(line, 'a line no consignment holds').toBeDefined();
    return line!;
  };

  /** How many of the cart's parts each version wrote. */
  const partsByVersion = async (id: string): Promise<Map<number, number>> => {
    const { rows } = await sql<{ written_version: number; n: number }>`SELECT written_version, count(*) AS n FROM cart_parts WHERE cart_id = ${id} GROUP BY written_version`.execute(db);
    return new Map(rows.map((r) => [Number(r.written_version), Number(r.n)]));
  };

  it("answers through the other process with exactly the checkout each write answered with, and loses no write over a stale kept copy", { timeout: 60_000 }, async () => {
    const created = await call(base(A), 'POST', '/v3/carts', { line_items: [{ product_id: 4, quantity: MUGS }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.id as string;
    const mugs = created.body.data.line_items.physical_items[0].id as string;
    let checkout = ok(
      A,
      await call(base(A), 'POST', `/v3/checkouts/${id}/consignments${INCLUDE}`,
        Array.from({ length: COUNT }, (_, i) => ({ address: ADDRESSES[i % ADDRESSES.length], line_items: [{ item_id: mugs, quantity: 1 }] }))),
      'create consignments',
    );
    expect(checkout.consignments).toHaveLength(COUNT);
    // Stored in parts, every one written by that version: B's first read brings them all.
    expect(await partsByVersion(id)).toEqual(new Map([[checkout.version, checkout.consignments.length + checkout.cart.line_items.physical_items.length]]));
    expect(await read(B, id)).toEqual(checkout);

    // Rounds of changes through one process, then a read through the other, which keeps the
    // version it answered last: the writer alternates, so each keeps a copy the other outdated.
    const rounds: { on: number; ops: ((c: Checkout) => Op)[] }[] = [
      { on: A, ops: [(c) => select(c, 3)] },
      { on: B, ops: [(c) => ({ kind: 'address', consignmentId: c.consignments[5]!.id, address: { ...TORONTO, address1: '1 Yonge St' } })] },
      { on: A, ops: [(c) => ({ kind: 'delete', consignmentId: c.consignments[7]!.id })] },
      { on: B, ops: [(c) => ({ kind: 'create', address: PORTLAND, itemId: unallocated(c).id, quantity: 1 })] },
      { on: A, ops: [(c) => select(c, 0), (c) => select(c, 1), (c) => ({ kind: 'address', consignmentId: c.consignments[2]!.id, address: DALLAS })] },
      { on: B, ops: [(c) => ({ kind: 'delete', consignmentId: c.consignments.at(-1)!.id }), (c) => select(c, 4)] },
      { on: A, ops: [(c) => ({ kind: 'items', consignmentId: c.consignments[6]!.id, itemId: unallocated(c).id, quantity: 1 }), (c) => select(c, 6)] },
      { on: B, ops: [(c) => select(c, 3), (c) => ({ kind: 'create', address: AUSTIN, itemId: unallocated(c).id, quantity: 1 })] },
    ];
    for (const [index, round] of rounds.entries()) {
      const reader = round.on === A ? B : A;
      const keptVersion = checkout.version;
      for (const op of round.ops) checkout = await write(round.on, checkout, op(checkout));
      // Still stored in parts, and some of them older than what the reader keeps: its read brings
      // only those written since (at least the head's), the rest is its own.
      const written = await partsByVersion(id);
      expect([...written.keys()].some((v) => v <= keptVersion), `round ${index}: parts the reader keeps`).toBe(true);
      expect(await read(reader, id), `round ${index}, read through ${reader}`).toEqual(checkout);
    }
    expect(checkout.consignments.length + checkout.cart.line_items.physical_items.length).toBeGreaterThan(WHOLE_UP_TO);

    // Writes through the process whose kept copy is stale, with no read of its own in between:
    // each applies over the other's change (the model says what each answer must be).
    for (const [first, second] of [[A, B], [B, A], [A, B]] as const) {
      const firstWrite = await write(first, checkout, select(checkout, 8));
      checkout = await write(second, firstWrite, select(firstWrite, 9));
      expect(checkout.consignments[8], 'the first write is kept').toEqual(firstWrite.consignments[8]);
      expect(await read(first, id)).toEqual(checkout);
      expect(await read(second, id)).toEqual(checkout);
    }
  });
});
