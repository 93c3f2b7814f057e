import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DataPlace, builtCliForFile, makeDataPlace } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { type WebhookReceiver, startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { type ServiceProcess, call, startService } from './processes.js';

/**
 * Issue 15, item 6: webhooks with every process of a deployment sharing the outbox. Two real
 * `consign serve` processes on one database deliver to a receiver the test runs on loopback:
 * every event arrives after a receiver outage and after both processes are killed with SIGKILL,
 * never two copies of one event at once, and each cart's events in the order they happened.
 */

const cli = builtCliForFile();

/** Short timings, so that retries and an expired lease come within a test's patience. */
const WEBHOOK_ENV = {
  CONSIGN_WEBHOOK_RETRY_DELAYS_MS: '200',
  CONSIGN_WEBHOOK_POLL_MS: '100',
  CONSIGN_WEBHOOK_LEASE_MS: '3000',
  CONSIGN_WEBHOOK_TIMEOUT_MS: '2500',
};

interface Delivery { event_id: string; scope: string; status: string; attempts: number }

/**
 * Subscribes through one process. Every process records events for the hook from then on, with
 * no wait (docs/webhooks.md): the writes that follow go through the other process too.
 */
async function subscribe(services: readonly ServiceProcess[], body: object): Promise<number> {
  // Each process has the store's configuration cached first, as a running deployment has.
  for (const service of services) expect((await call(service.base, 'GET', '/v2/shipping/zones')).status).toBe(200);
  const hook = await call(services[0]!.base, 'POST', '/v3/hooks', body);
  expect(hook.status).toBe(200);
  return hook.body.data.id as number;
}

/** A hook's whole delivery log, oldest first. */
async function deliveryLog(base: string, hookId: number): Promise<Delivery[]> {
  const all: Delivery[] = [];
  for (let page = 1; ; page++) {
    const answer = await call(base, 'GET', `/v3/consign/hooks/${hookId}/deliveries?limit=250&page=${page}`);
    expect(answer.status).toBe(200);
    all.push(...answer.body.data);
    if (page >= answer.body.meta.pagination.total_pages) return all.reverse();
  }
}

async function allDelivered(base: string, hookId: number, ms = 60_000): Promise<Delivery[]> {
  const until = Date.now() + ms;
  for (;;) {
    const log = await deliveryLog(base, hookId);
    if (log.length > 0 && log.every((d) => d.status === 'delivered')) return log;
    if (Date.now() > until) throw new Error(`still unsent after ${ms} ms: ${JSON.stringify(log.filter((d) => d.status !== 'delivered').slice(0, 5))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Creates `carts` carts and adds `adds` items to each, each write through the next service in turn; returns the cart ids. */
async function cartLoad(services: readonly ServiceProcess[], carts: number, adds: number, tag: string): Promise<string[]> {
  let turn = 0;
  const next = () => services[turn++ % services.length]!.base;
  return Promise.all(
    Array.from({ length: carts }, async (_, c) => {
      const item = (n: number) => ({ custom_items: [{ sku: `${tag}-${c}-${n}`, name: 'Load', quantity: 1, list_price: 1 }] });
      const created = await call(next(), 'POST', '/v3/carts', item(0));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.data.id as string;
      for (let n = 1; n <= adds; n++) expect((await call(next(), 'POST', `/v3/carts/${id}/items`, item(n))).status).toBe(201);
      return id;
    }),
  );
}

/** The cart an event is about. */
const cartOf = (data: Record<string, unknown>) => String(data.cartId ?? data.id);

describe.each(STORE_KINDS)('webhooks shared by two processes on %s', (kind) => {
  let place: DataPlace;
  let receiver: WebhookReceiver;
  const services: ServiceProcess[] = [];
  beforeAll(async () => {
    place = await makeDataPlace(kind);
    receiver = await startWebhookReceiver();
    services.push(await startService(cli.file, { ...place.env, ...WEBHOOK_ENV }));
    services.push(await startService(cli.file, { ...place.env, ...WEBHOOK_ENV }));
  }, 60_000);
  afterAll(async () => {
    for (const service of services) await service.kill('SIGTERM');
    await receiver.close();
    await place.destroy();
  });

  it('delivers every event once, never one event twice at once, in order per cart, after a receiver outage', { timeout: 120_000 }, async () => {
    const hookId = await subscribe(services, { scope: 'store/cart/*', destination: receiver.url });
    receiver.delayMs = 20;
    let down = true;
    receiver.answer = () => (down ? 503 : 200);

    const carts = await cartLoad(services, 6, 4, 'outage');
    await receiver.waitFor(() => receiver.received.some((r) => r.status === 503));
    down = false;
    const log = await allDelivered(services[1]!.base, hookId);

    // 6 carts: created and a line each, then 4 times updated and a line.
    expect(log.length).toBe(6 * 10);
    expect(receiver.overlaps).toBe(0);
    const accepted = receiver.received.filter((r) => r.status === 200);
    const ids = accepted.map((r) => String(r.headers['webhook-id']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(log.map((d) => d.event_id)));
    expect(log.some((d) => d.attempts > 1)).toBe(true);
    // Each cart's events arrived in the order they were recorded (the log's order).
    const cartOfEvent = new Map(accepted.map((r) => [String(r.headers['webhook-id']), cartOf(r.json.data)]));
    for (const cart of carts) {
      const recorded = log.map((d) => d.event_id).filter((id) => cartOfEvent.get(id) === cart);
      const arrived = ids.filter((id) => cartOfEvent.get(id) === cart);
      expect(arrived).toEqual(recorded);
      expect(accepted.find((r) => String(r.headers['webhook-id']) === arrived[0])!.json.scope).toBe('store/cart/created');
    }
  });

  it('loses no event when every process is killed with SIGKILL, deliveries in flight', { timeout: 120_000 }, async () => {
    const hookId = await subscribe(services, { scope: 'store/cart/created', destination: receiver.url });
    receiver.received.length = 0;
    receiver.answer = () => 200;
    // Slow enough that the kill finds deliveries in flight.
    receiver.delayMs = 1_000;
    const startedBefore = receiver.started;
    const carts = await cartLoad(services, 8, 0, 'kill');
    await receiver.waitFor(() => receiver.started > startedBefore);
    for (const service of services.splice(0)) await service.kill('SIGKILL');

    receiver.delayMs = 0;
    services.push(await startService(cli.file, { ...place.env, ...WEBHOOK_ENV }));
    const log = await allDelivered(services[0]!.base, hookId);
    expect(log.length).toBe(8);
    const arrived = new Set(receiver.received.filter((r) => r.status === 200).map((r) => cartOf(r.json.data)));
    for (const cart of carts) expect(arrived.has(cart), `cart ${cart}'s event`).toBe(true);
  });
});
