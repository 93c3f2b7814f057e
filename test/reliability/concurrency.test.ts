import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { AUSTIN, DALLAS, PORTLAND, TORONTO } from '../helpers/addresses.js';
import { type DataPlace, builtCliForFile, makeDataPlace } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { type Checkout, type Op, expected, observe } from './checkout-model.js';
import { type Answer, type ServiceProcess, call, startService } from './processes.js';

/**
 * Issue 8, item 1: real service processes (two on one PostgreSQL database, one on SQLite), 32
 * clients doing random consignment creates, updates, selections and deletes on a handful of
 * shared checkouts, half of them with `version`, for a bounded time. Then every invariant of the
 * checkout aggregate is checked against the log of what the clients were told, above all the
 * chain (checkout-model.ts): ordered by version, each accepted answer is its operation applied to
 * the answer before it, so no accepted change was lost and no refused request changed anything.
 * (On SQLite one process serialises each checkout's writes, so only PostgreSQL's two processes
 * exercise the retry of a write that lost the race.)
 */
const CLIENTS = 32;
const CHECKOUTS = 4;
const DURATION_MS = 6_000;
/** What every checkout is created with: product id -> quantity. Quantities above 1 let lines split. */
const CART = { 1: 3, 4: 2, 5: 4, 6: 1 } as Record<number, number>;
const ADDRESSES = [AUSTIN, DALLAS, PORTLAND, TORONTO];
const INCLUDE = '?include=consignments.available_shipping_options';

const cli = builtCliForFile();

/** A small seeded generator, so that a failing run can be told apart from the next one by its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Accepted { op: Op; sentVersion: number | undefined; checkout: Checkout }

/** Allocation invariants of one checkout: splitting and moving never create or lose units. */
function expectAllocationSound(checkout: Checkout, where: string): void {
  const lines = checkout.cart.line_items.physical_items;
  const ids = new Set(lines.map((l) => l.id));
  const allocated = checkout.consignments.flatMap((c) => c.line_item_ids);
  expect(new Set(allocated).size, `${where}: a line in two consignments`).toBe(allocated.length);
  for (const id of allocated) expect(ids.has(id), `${where}: consignment holds unknown line ${id}`).toBe(true);
  for (const c of checkout.consignments) expect(c.line_item_ids.length, `${where}: empty consignment ${c.id}`).toBeGreaterThan(0);
  const perProduct: Record<number, number> = {};
  for (const line of lines) perProduct[line.product_id] = (perProduct[line.product_id] ?? 0) + line.quantity;
  expect(perProduct, `${where}: units per product`).toEqual(CART);
}

describe.each(STORE_KINDS)('32 clients on shared checkouts through real processes on %s', (kind) => {
  let place: DataPlace;
  const services: ServiceProcess[] = [];
  beforeAll(async () => {
    place = await makeDataPlace(kind);
    // One after the other, so that only the first creates the demo store.
    services.push(await startService(cli.file, place.env));
    if (kind === 'postgres') services.push(await startService(cli.file, place.env));
  });
  afterAll(async () => {
    for (const service of services) await service.kill('SIGTERM');
    await place.destroy();
  });

  it('keeps every invariant: allocations, acknowledged changes, 409s that change nothing, versions +1 per change', { timeout: 60_000 }, async () => {
    const seed = Date.now() % 1_000_000;
    const ids: string[] = [];
    /** Each checkout as created: version 1, the start of its chain. */
    const initial = new Map<string, Checkout>();
    for (let i = 0; i < CHECKOUTS; i++) {
      const created = await call(services[0]!.base, 'POST', '/v3/carts', { line_items: Object.entries(CART).map(([id, quantity]) => ({ product_id: Number(id), quantity })) });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.data.version).toBe(1);
      ids.push(created.body.data.id);
      const read = await call(services[0]!.base, 'GET', `/v3/checkouts/${created.body.data.id}${INCLUDE}`);
      expect(read.body.data.version).toBe(1);
      initial.set(created.body.data.id, read.body.data);
    }
    const accepted = new Map<string, Accepted[]>(ids.map((id) => [id, []]));
    const statuses: Record<number, number> = {};
    const unexpected: string[] = [];
    const deadline = Date.now() + DURATION_MS;

    async function client(index: number): Promise<void> {
      const next = random(seed * 100 + index);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
      // Clients alternate between the processes, so that two processes race on each checkout.
      const base = services[index % services.length]!.base;
      while (Date.now() < deadline) {
        const checkoutId = pick(ids);
        const read = await call(base, 'GET', `/v3/checkouts/${checkoutId}${INCLUDE}`);
        if (read.status !== 200) {
          unexpected.push(`GET ${read.status} ${JSON.stringify(read.body)}`);
          continue;
        }
        const checkout = read.body.data as Checkout;
        const withVersion = next() < 0.5;
        const version = withVersion ? { version: checkout.version } : {};
        const consignment = checkout.consignments.length > 0 ? pick(checkout.consignments) : undefined;
        const lines = checkout.cart.line_items.physical_items;
        const roll = next();
        let op: Op;
        let answer: Answer;
        const path = `/v3/checkouts/${checkoutId}/consignments`;
        if (!consignment || roll < 0.3) {
          const line = pick(lines);
          const address = pick(ADDRESSES);
          op = { kind: 'create', address, itemId: line.id, quantity: 1 + Math.floor(next() * line.quantity) };
          answer = await call(base, 'POST', `${path}${INCLUDE}`, [{ address, line_items: [{ item_id: op.itemId, quantity: op.quantity }], ...version }]);
        } else if (roll < 0.5) {
          const address = pick(ADDRESSES);
          op = { kind: 'address', consignmentId: consignment.id, address };
          answer = await call(base, 'PUT', `${path}/${consignment.id}${INCLUDE}`, { address, ...version });
        } else if (roll < 0.65) {
          const line = pick(lines);
          op = { kind: 'items', consignmentId: consignment.id, itemId: line.id, quantity: 1 + Math.floor(next() * line.quantity) };
          answer = await call(base, 'PUT', `${path}/${consignment.id}${INCLUDE}`, { line_items: [{ item_id: op.itemId, quantity: op.quantity }], ...version });
        } else if (roll < 0.85 && (consignment.available_shipping_options ?? []).length > 0) {
          const optionId = pick(consignment.available_shipping_options!).id;
          op = { kind: 'select', consignmentId: consignment.id, optionId };
          answer = await call(base, 'PUT', `${path}/${consignment.id}${INCLUDE}`, { shipping_option_id: optionId, ...version });
        } else {
          op = { kind: 'delete', consignmentId: consignment.id };
          answer = await call(base, 'DELETE', `${path}/${consignment.id}${INCLUDE}`, withVersion ? { version: checkout.version } : undefined);
        }
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status === 200) {
          accepted.get(checkoutId)!.push({ op, sentVersion: withVersion ? checkout.version : undefined, checkout: answer.body.data });
        } else if (answer.status === 409) {
          // The conflict body is upstream's, and nothing else is said.
          if (answer.body?.status !== 409 || typeof answer.body.title !== 'string') unexpected.push(`409 ${JSON.stringify(answer.body)}`);
        } else if (answer.status !== 404 && answer.status !== 422) {
          // 404 and 422 are fair: another client deleted the consignment or split the line in between.
          unexpected.push(`${op.kind} ${answer.status} ${JSON.stringify(answer.body)}`);
        }
      }
    }
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));

    const context = `seed ${seed}, statuses ${JSON.stringify(statuses)}`;
    expect(unexpected, context).toEqual([]);
    let acceptedTotal = 0;
    let chainLinks = 0;
    for (const id of ids) {
      const log = accepted.get(id)!.sort((a, b) => a.checkout.version - b.checkout.version);
      acceptedTotal += log.length;
      // Versions of accepted changes are distinct and contiguous from the start: each accepted
      // change consumed exactly one version, and nothing else (no 409, 404 or 422) consumed any.
      expect(log.map((a) => a.checkout.version), context).toEqual(log.map((_, i) => 2 + i));
      // The chain: each accepted answer is exactly its operation applied to the answer before it.
      // A lost update (a write over a stale state), or a refused request that changed anything,
      // breaks it: the state at some version is then not its predecessor plus one operation.
      let previous = initial.get(id)!;
      for (const entry of log) {
        const where = `${id} v${entry.checkout.version} ${JSON.stringify(entry.op)} (${context})`;
        if (entry.sentVersion !== undefined) expect(entry.checkout.version, where).toBe(entry.sentVersion + 1);
        expectAllocationSound(entry.checkout, where);
        expect(observe(entry.checkout), where).toEqual(expected(previous, entry.op, entry.checkout));
        previous = entry.checkout;
        chainLinks++;
      }
      // The final state is exactly what the last accepted change answered, on every process.
      for (const service of services) {
        const final = (await call(service.base, 'GET', `/v3/checkouts/${id}${INCLUDE}`)).body.data as Checkout;
        expectAllocationSound(final, `${id} final`);
        expect(final.version, context).toBe(1 + log.length);
        expect(observe(final), context).toEqual(observe(previous));
        expect(final.consignments, context).toEqual(previous.consignments);
      }
    }
    // The run did race: enough accepted changes, and conflicts with `version`.
    expect(acceptedTotal, context).toBeGreaterThan(50);
    expect(statuses[409] ?? 0, context).toBeGreaterThan(0);
    console.info(`concurrency on ${kind}: ${services.length} process(es), ${CLIENTS} clients, ${acceptedTotal} accepted changes, ${chainLinks} chain links checked, ${context}`);
  });

  it('does the work of one Idempotency-Key once, however many requests with it race through the processes', { timeout: 30_000 }, async () => {
    const store = await place.open();
    const count = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM carts`.execute((store as unknown as { db: Kysely<Database> }).db)).rows[0]!.n);
    try {
      for (let round = 0; round < 5; round++) {
        const key = `race-${kind}-${Date.now()}-${round}`;
        const before = await count();
        const answers = await Promise.all(
          Array.from({ length: 16 }, (_, i) => call(services[i % services.length]!.base, 'POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] }, { 'idempotency-key': key })),
        );
        const statuses = answers.map((a) => a.status);
        const created = answers.filter((a) => a.status === 201);
        // One request did the work; the others were told to wait (409) or got its answer again.
        expect(statuses.every((s) => s === 201 || s === 409), JSON.stringify(statuses)).toBe(true);
        expect(created.filter((a) => a.headers!.get('idempotent-replayed') === null)).toHaveLength(1);
        expect(new Set(created.map((a) => a.body.data.id)).size).toBe(1);
        expect(await count()).toBe(before + 1);
        // Once answered, every retry, on either process, gets the same cart.
        for (const service of services) {
          const retry = await call(service.base, 'POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] }, { 'idempotency-key': key });
          expect(retry.body.data.id).toBe(created[0]!.body.data.id);
        }
      }
    } finally {
      await store.close();
    }
  });
});
