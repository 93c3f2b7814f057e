import { afterEach, describe, expect, it } from 'vitest';
import type { NewWebhookDelivery, Store } from '../../src/store/store.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

/**
 * The webhook outbox's own rules (docs/webhooks.md), below the dispatcher: outcomes of deliveries
 * sent together recorded at once, only where the claimant still holds the lease, and the log
 * pruned of finished deliveries past retention, a bounded batch at a time, oldest first.
 */
describe.each(STORE_KINDS)('webhook outbox on %s', (kind) => {
  let testStore: TestStore | undefined;
  afterEach(async () => testStore?.destroy());

  /** A store with `carts` events recorded at `at`, one chain each, for hook 1. */
  async function outbox(carts: number, at: number): Promise<{ store: Store; storeId: number }> {
    testStore = await openTestStore(kind);
    const store = testStore.store;
    const { id: storeId } = await store.createStore({ hash: 'outbox', name: 'Outbox', settings: '{}' });
    const deliveries: NewWebhookDelivery[] = Array.from({ length: carts }, (_, n) => ({
      storeId,
      hookId: 1,
      eventId: `event-${n}`,
      scope: 'store/cart/created',
      resource: `cart:${n}`,
      body: '{}',
      createdAt: at,
    }));
    await store.recordWebhookDeliveries(deliveries);
    return { store, storeId };
  }
  const statuses = async (store: Store, storeId: number) => {
    const { rows, total } = await store.listWebhookDeliveries(storeId, 1, { page: 1, limit: 250 });
    expect(total).toBe(rows.length);
    return Object.fromEntries(rows.map((row) => [row.eventId, row.status]));
  };

  it('records the outcomes of a claimed batch in one call, only where the lease is still held', async () => {
    const { store, storeId } = await outbox(3, 1_000);
    const claimed = await store.claimWebhookDeliveries('a', 2_000, 60_000, 10);
    expect(claimed).toHaveLength(3);
    const [first, second, third] = claimed.map((d) => d.id) as [number, number, number];
    const recorded = await store.finishWebhookDeliveries('a', [
      { id: first, status: 'delivered', statusCode: 200, answer: 'ok', at: 3_000 },
      { id: second, status: 'failed', statusCode: 503, answer: 'down', at: 3_000, retryAt: 13_000 },
      { id: third, status: 'abandoned', statusCode: 500, answer: 'gone', at: 3_000 },
    ]);
    expect(recorded.sort((a, b) => a - b)).toEqual([first, second, third]);
    const { rows } = await store.listWebhookDeliveries(storeId, 1, { page: 1, limit: 10 });
    expect(rows.find((r) => r.id === first)).toMatchObject({ status: 'delivered', lastStatusCode: 200, lastAnswer: 'ok', deliveredAt: 3_000, nextAttemptAt: null });
    expect(rows.find((r) => r.id === second)).toMatchObject({ status: 'failed', lastStatusCode: 503, lastAnswer: 'down', deliveredAt: null, nextAttemptAt: 13_000 });
    expect(rows.find((r) => r.id === third)).toMatchObject({ status: 'abandoned', lastStatusCode: 500, deliveredAt: null, nextAttemptAt: null });

    // The failed one's lease is gone: a claimant that lost it records nothing.
    const again = await store.claimWebhookDeliveries('b', 13_000, 80_000, 10);
    expect(again.map((d) => d.id)).toEqual([second]);
    expect(await store.finishWebhookDeliveries('a', [{ id: second, status: 'delivered', statusCode: 200, answer: 'late', at: 14_000 }])).toEqual([]);
    expect(await store.finishWebhookDeliveries('b', [{ id: second, status: 'delivered', statusCode: 200, answer: 'ok', at: 14_000 }])).toEqual([second]);
  });

  it('prunes finished deliveries older than the cut, oldest first and a bounded batch at a time, never unsent ones', async () => {
    const { store, storeId } = await outbox(6, 1_000);
    // Five claimed and finished (at 2000, 3000, 4000 and 5000; the fifth failed, its retry far off); the sixth never tried.
    const claimed = await store.claimWebhookDeliveries('a', 1_000, 60_000, 5);
    const ids = claimed.map((d) => d.id);
    await store.finishWebhookDeliveries('a', [
      { id: ids[0]!, status: 'delivered', statusCode: 200, answer: 'ok', at: 2_000 },
      { id: ids[1]!, status: 'abandoned', statusCode: null, answer: 'The webhook was deleted.', at: 3_000 },
      { id: ids[2]!, status: 'delivered', statusCode: 200, answer: 'ok', at: 4_000 },
      { id: ids[3]!, status: 'delivered', statusCode: 200, answer: 'ok', at: 5_000 },
      { id: ids[4]!, status: 'failed', statusCode: 503, answer: 'down', at: 2_000, retryAt: 900_000 },
    ]);

    expect(await store.pruneWebhookDeliveries(4_500, 2)).toBe(2);
    expect(await statuses(store, storeId)).toEqual({ 'event-2': 'delivered', 'event-3': 'delivered', 'event-4': 'failed', 'event-5': 'pending' });
    expect(await store.pruneWebhookDeliveries(4_500, 2)).toBe(1);
    expect(await store.pruneWebhookDeliveries(4_500, 2)).toBe(0);
    expect(await statuses(store, storeId)).toEqual({ 'event-3': 'delivered', 'event-4': 'failed', 'event-5': 'pending' });
    // However far the cut, what is still to send stays.
    expect(await store.pruneWebhookDeliveries(10_000_000, 100)).toBe(1);
    expect(await statuses(store, storeId)).toEqual({ 'event-4': 'failed', 'event-5': 'pending' });
  });

  it('counts an abandoned delivery from when its hook gave it up', async () => {
    const { store, storeId } = await outbox(2, 1_000);
    expect(await store.abandonWebhookDeliveries(storeId, 1, 'The webhook was deactivated.', 50_000)).toBe(2);
    expect(await store.pruneWebhookDeliveries(50_000, 10)).toBe(0);
    expect(await store.pruneWebhookDeliveries(50_001, 10)).toBe(2);
    expect(await store.listWebhookDeliveries(storeId, 1, { page: 1, limit: 10 })).toEqual({ rows: [], total: 0 });
  });
});
