import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Carrier, rateRequest } from '../../src/domain/shipping/carriers.js';
import { CarrierQuotes } from '../../src/services/carriers/carrier-quotes.js';
import { CircuitBreaker } from '../../src/services/carriers/circuit-breaker.js';
import type { Store } from '../../src/store/store.js';
import { type FakeCarrier, startFakeCarrier } from '../helpers/fake-carrier.js';
import { STORE_KINDS, type TestStore, openTestStore } from '../helpers/stores.js';

const MONEY = { currency: 'USD', decimalPlaces: 2 };
const CONTEXT = { storeHash: 'abc123', currency: 'USD', decimalPlaces: 2, weightUnit: 'lb' as const };

const carrierAt = (url: string, id = 1): Carrier => ({
  id,
  code: 'acme',
  name: 'Acme',
  rateUrl: url,
  connectionOptions: {},
  zoneOptions: {},
  zoneIds: [1],
  enabled: true,
  origin: { zip: '78701', country_iso2: 'US' },
  backupRate: null,
});
let postcode = 1000;
/** A rate request no earlier test asked, so that no cache holds it. */
const freshRequest = (carrier: Carrier) =>
  rateRequest(carrier, CONTEXT, { countryCode: 'NZ', postalCode: String(postcode++) }, [{ sku: 'S', productId: 1, variantId: 1, name: 'N', quantity: 1, weight: 1, unitPrice: 1000 }]);

/**
 * The carrier answer cache and its guards, over each store: answers shared between two handles on
 * one database (two processes), concurrent asks coalesced, a flapping carrier's last answer kept.
 */
describe.each(STORE_KINDS)('carrier quotes on %s', (kind) => {
  let testStore: TestStore;
  let other: Store;
  let carrier: FakeCarrier;
  let storeId: number;
  beforeAll(async () => {
    testStore = await openTestStore(kind);
    other = await testStore.reopen();
    carrier = await startFakeCarrier();
    storeId = (await testStore.store.createStore({ hash: 'abc123', name: 'Test', settings: '{}' })).id;
  });
  afterAll(async () => {
    await carrier.close();
    await other.close();
    await testStore.destroy();
  });

  it('answers a second process from the shared cache while the ttl lasts, without calling the carrier', async () => {
    const acme = carrierAt(`${carrier.url}/ok/rate`);
    const request = freshRequest(acme);
    const calls = carrier.calls.get('ok') ?? 0;
    const first = await new CarrierQuotes(testStore.store).answer(storeId, acme, request, MONEY);
    expect(first.source).toBe('carrier');
    expect(first.outcome).toMatchObject({ kind: 'quoted', rates: [{ code: 'GROUND', cost: 950, displayName: 'Acme Ground', transitTime: '2 business days' }, { code: 'AIR', cost: 2400 }] });
    const second = await new CarrierQuotes(other).answer(storeId, acme, request, MONEY);
    expect(second).toEqual({ outcome: first.outcome, source: 'shared' });
    expect(carrier.calls.get('ok')).toBe(calls + 1);
  });

  it('asks again once the ttl has passed', async () => {
    let now = Date.now();
    const acme = carrierAt(`${carrier.url}/ok/rate`);
    const request = freshRequest(acme);
    const quotes = new CarrierQuotes(testStore.store, { now: () => now });
    expect((await quotes.answer(storeId, acme, request, MONEY)).source).toBe('carrier');
    expect((await quotes.answer(storeId, acme, request, MONEY)).source).toBe('memory');
    now += 61_000;
    expect((await quotes.answer(storeId, acme, request, MONEY)).source).toBe('carrier');
    expect((await new CarrierQuotes(other, { now: () => now }).answer(storeId, acme, request, MONEY)).source).toBe('shared');
  });

  it('coalesces concurrent asks for one request into one call', async () => {
    const acme = carrierAt(`${carrier.url}/slow/rate`);
    carrier.slowMs = 100;
    const request = freshRequest(acme);
    const calls = carrier.calls.get('slow') ?? 0;
    const quotes = new CarrierQuotes(testStore.store, { deadlineMs: 2000 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => quotes.answer(storeId, acme, request, MONEY)));
    expect(answers.every((a) => a.outcome.kind === 'quoted')).toBe(true);
    expect(carrier.calls.get('slow')).toBe(calls + 1);
  });

  it('times out a slow carrier at the deadline', async () => {
    const acme = carrierAt(`${carrier.url}/slow/rate`);
    carrier.slowMs = 2000;
    const started = Date.now();
    const answer = await new CarrierQuotes(testStore.store, { deadlineMs: 200 }).answer(storeId, acme, freshRequest(acme), MONEY);
    expect(answer.outcome).toEqual({ kind: 'failed', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps offering a flapping carrier\'s last answer past its ttl (stale if error), then gives up', async () => {
    let now = Date.now();
    const acme = carrierAt(`${carrier.url}/flap/rate`);
    const request = freshRequest(acme);
    const quotes = new CarrierQuotes(testStore.store, { now: () => now, staleIfErrorMs: 60_000, failureMemoryMs: 0, breaker: new CircuitBreaker(100, 1, () => now) });
    // The fake fails every other call: make sure the first answer is a good one.
    let first = await quotes.answer(storeId, acme, request, MONEY);
    if (first.outcome.kind === 'failed') first = await quotes.answer(storeId, acme, request, MONEY);
    expect(first.source).toBe('carrier');
    now += 61_000; // past the ttl: asked again, and this call fails
    expect(await quotes.answer(storeId, acme, request, MONEY)).toEqual({ outcome: first.outcome, source: 'stale' });
    now += 70_000; // asked again, answers: fresh again
    expect((await quotes.answer(storeId, acme, request, MONEY)).source).toBe('carrier');
    now += 200_000; // past ttl and stale window; this call fails
    expect((await quotes.answer(storeId, acme, request, MONEY)).outcome).toEqual({ kind: 'failed', reason: 'error' });
  });

  it('half-opens the breaker after its cooldown and closes it on success', async () => {
    let now = Date.now();
    const breaker = new CircuitBreaker(1, 10_000, () => now);
    const failing = carrierAt(`${carrier.url}/fail/rate`, 7);
    const quotes = new CarrierQuotes(testStore.store, { now: () => now, breaker });
    expect((await quotes.answer(storeId, failing, freshRequest(failing), MONEY)).outcome).toEqual({ kind: 'failed', reason: 'error' });
    expect((await quotes.answer(storeId, failing, freshRequest(failing), MONEY)).outcome).toEqual({ kind: 'failed', reason: 'breaker_open' });
    now += 10_001;
    // The same carrier (id 7) now answers: the trial call goes out and closes the breaker.
    const healed = carrierAt(`${carrier.url}/ok/rate`, 7);
    expect((await quotes.answer(storeId, healed, freshRequest(healed), MONEY)).outcome.kind).toBe('quoted');
    expect(quotes.breakerOpen(storeId, 7)).toBe(false);
  });

  it('remembers a failure briefly, so that a second ask for the same request does not wait out another deadline', async () => {
    let now = Date.now();
    const acme = carrierAt(`${carrier.url}/slow/rate`, 9);
    carrier.slowMs = 2000;
    const request = freshRequest(acme);
    const quotes = new CarrierQuotes(testStore.store, { deadlineMs: 150, failureMemoryMs: 5000, now: () => now });
    expect((await quotes.answer(storeId, acme, request, MONEY)).outcome).toEqual({ kind: 'failed', reason: 'timeout' });
    const calls = carrier.calls.get('slow');
    const started = Date.now();
    expect((await quotes.answer(storeId, acme, request, MONEY)).outcome).toEqual({ kind: 'failed', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(100);
    expect(carrier.calls.get('slow')).toBe(calls);
    now += 5001;
    await quotes.answer(storeId, acme, request, MONEY);
    expect(carrier.calls.get('slow')).toBe(calls! + 1);
  });
});
