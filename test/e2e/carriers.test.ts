import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierInput } from '../../src/services/carriers/carrier-service.js';
import { seed } from '../../src/api/seed.js';
import { CircuitBreaker } from '../../src/services/carriers/circuit-breaker.js';
import type { StoreRecord } from '../../src/store/store.js';
import { PORTLAND, TORONTO } from '../helpers/addresses.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { type FakeCarrier, startFakeCarrier } from '../helpers/fake-carrier.js';
import { STORE_KINDS } from '../helpers/stores.js';

const INCLUDE = '?include=consignments.available_shipping_options';
const DEADLINE_MS = 300;

interface Option { id: string; type: string; description: string; cost: number; transit_time: string }

/**
 * Real-time carrier rates end to end: a fake carrier app on loopback, a zone of its own per test
 * (a country no other test ships to), and a consignment whose options are read through the API.
 */
describe.each(STORE_KINDS)('carrier rates on %s', (kind) => {
  let t: TestApp;
  let carrier: FakeCarrier;
  let record: StoreRecord;
  beforeAll(async () => {
    carrier = await startFakeCarrier();
    t = await createTestApp(kind, { carriers: { deadlineMs: DEADLINE_MS, breaker: new CircuitBreaker(2, 60_000), failureMemoryMs: 0 } });
    record = (await t.app.consign.accounts.findStore(t.hash))!;
  });
  afterAll(async () => {
    await t.close();
    await carrier.close();
  });

  /** A zone of `country` with one per-order method and one fallback, served by the carrier behaving as `mode`. */
  const zoneWithCarrier = async (country: string, mode: string, extra: Partial<CarrierInput> = {}) => {
    const zone = await t.api('POST', '/v2/shipping/zones', { name: country, type: 'country', locations: [{ country_iso2: country }] });
    expect(zone.statusCode, zone.body).toBe(201);
    const zoneId = zone.json().id as number;
    await t.api('POST', `/v2/shipping/zones/${zoneId}/methods`, { name: 'Post', type: 'perorder', settings: { rate: 15 } });
    await t.api('POST', `/v2/shipping/zones/${zoneId}/methods`, { name: 'Economy', type: 'perorder', settings: { rate: 40 }, is_fallback: true });
    await t.app.consign.carriers.connect(record, {
      code: 'acme',
      name: 'Acme',
      rateUrl: `${carrier.url}/${mode}/rate`,
      connectionOptions: { account: 'A-1' },
      zoneOptions: {},
      zoneIds: [zoneId],
      enabled: true,
      origin: { zip: '78701', country_iso2: 'US', state_iso2: 'TX' },
      backupRate: null,
      ...extra,
    });
    return zoneId;
  };
  /** A cart of one lamp in one consignment to `country`; the consignment as created, and how long it took. */
  const lampTo = async (country: string) => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 2 }] })).json().data;
    const lamp = cart.line_items.physical_items[0].id as string;
    const address = { ...TORONTO, country_code: country, state_or_province: '', state_or_province_code: '', postal_code: '1010' };
    const started = Date.now();
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments${INCLUDE}`, [{ address, line_items: [{ item_id: lamp, quantity: 2 }] }]);
    const elapsed = Date.now() - started;
    expect(created.statusCode, created.body).toBe(200);
    const consignment = created.json().data.consignments[0] as { id: string; available_shipping_options: Option[] };
    return { id: cart.id as string, consignment, elapsed, options: consignment.available_shipping_options.map((o) => [o.description, o.cost, o.type]) };
  };

  it('sends upstream\'s rate request and offers the quotes beside the zone\'s methods, with stable ids', async () => {
    await zoneWithCarrier('NZ', 'ok');
    const { id, consignment, options } = await lampTo('NZ');
    expect(options).toEqual([
      ['Acme Ground', 9.5, 'shipping_acme'],
      ['Post', 15, 'shipping_flatrate'],
      ['Acme Air', 24, 'shipping_acme'],
    ]);
    expect(consignment.available_shipping_options[0]!.transit_time).toBe('2 business days');
    const body = carrier.bodies.get('ok') as { base_options: Record<string, unknown>; connection_options: unknown };
    expect(body.connection_options).toEqual({ account: 'A-1' });
    expect(body.base_options.store_id).toBe(t.hash);
    expect(body.base_options.destination).toEqual({ zip: '1010', country_iso2: 'NZ' });
    expect(body.base_options.origin).toEqual({ zip: '78701', country_iso2: 'US', state_iso2: 'TX' });
    // The demo lamp weighs 3.2 lb: upstream's units are ounces.
    expect((body.base_options.items as { weight: unknown; quantity: number }[])[0]).toMatchObject({ quantity: 2, weight: { units: 'oz', value: 51.2 }, sku: 'LAMP-ORBIT' });

    // Selecting a carrier option holds; the id is the same on the next read.
    const ground = consignment.available_shipping_options[0]!;
    const selected = await t.api('PUT', `/v3/checkouts/${id}/consignments/${consignment.id}${INCLUDE}`, { shipping_option_id: ground.id });
    expect(selected.statusCode, selected.body).toBe(200);
    const read = (await t.api('GET', `/v3/checkouts/${id}${INCLUDE}`)).json().data;
    expect(read.consignments[0].selected_shipping_option).toMatchObject({ id: ground.id, cost: 9.5, type: 'shipping_acme' });
    expect(read.consignments[0].available_shipping_options[0].id).toBe(ground.id);
  });

  it('answers within the deadline when the carrier is slow, with its backup rate marked as such', async () => {
    await zoneWithCarrier('AU', 'slow', { backupRate: 1800 });
    const { options, elapsed } = await lampTo('AU');
    expect(elapsed).toBeLessThan(DEADLINE_MS + 1500);
    expect(options).toEqual([
      ['Post', 15, 'shipping_flatrate'],
      ['Acme (backup rate)', 18, 'shipping_acme'],
    ]);
  });

  it.each([['fail', 'JP'], ['malformed', 'KR']])('offers the zone\'s fallback, never a 5xx, when the carrier is %s', async (mode, country) => {
    const zoneId = await zoneWithCarrier(country, mode);
    // Only the fallback method is left when the zone's regular method is gone and the carrier fails.
    const methods = (await t.api('GET', `/v2/shipping/zones/${zoneId}/methods`)).json() as { id: number; name: string }[];
    await t.api('DELETE', `/v2/shipping/zones/${zoneId}/methods/${methods.find((m) => m.name === 'Post')!.id}`);
    const { options } = await lampTo(country);
    expect(options).toEqual([['Economy', 40, 'shipping_flatrate']]);
  });

  it('opens the breaker after repeated failures: the carrier is not called and checkouts answer at once', async () => {
    await zoneWithCarrier('SG', 'fail');
    carrier.calls.set('fail', 0);
    for (let i = 0; i < 4; i++) {
      const { options } = await lampTo('SG');
      expect(options).toEqual([['Post', 15, 'shipping_flatrate']]);
    }
    // Two failures open it (this app's breaker threshold); later checkouts never reach the carrier.
    expect(carrier.calls.get('fail')).toBe(2);
  });

  it('refuses to connect a carrier that refuses the credentials, and connects one that accepts them', async () => {
    const base = { code: 'acme', name: 'Acme', rateUrl: `${carrier.url}/ok/rate`, connectionOptions: { account: 'X' }, zoneOptions: {}, zoneIds: [], enabled: true, origin: { zip: '78701', country_iso2: 'US' }, backupRate: null };
    await expect(t.app.consign.carriers.connect(record, { ...base, checkConnectionUrl: `${carrier.url}/refuse/check` })).rejects.toMatchObject({ status: 422 });
    expect(carrier.bodies.get('refuse')).toEqual({ connection_options: { account: 'X' } });
    const before = (await t.app.consign.configs.get(record)).carriers.list.length;
    await t.app.consign.carriers.connect(record, { ...base, checkConnectionUrl: `${carrier.url}/ok/check` });
    expect((await t.app.consign.configs.get(record)).carriers.list.length).toBe(before + 1);
  });

  it('connects, lists and disconnects carriers through the API, checking credentials first', async () => {
    const zone = (await t.api('POST', '/v2/shipping/zones', { name: 'CL', type: 'country', locations: [{ country_iso2: 'CL' }] })).json().id as number;
    const body = { code: 'acme', name: 'Acme', rate_url: `${carrier.url}/ok/rate`, connection_options: { account: 'secret' }, zone_ids: [zone], origin: { zip: '78701', country_iso2: 'us' }, backup_rate: '12.50' };
    const refused = await t.api('POST', '/v2/shipping/carriers', { ...body, check_connection_url: `${carrier.url}/refuse/check` });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()[0]).toMatchObject({ status: 422 });
    expect(refused.json()[0].message).toContain('Bad account number');
    expect((await t.api('POST', '/v2/shipping/carriers', { ...body, zone_ids: [99999] })).statusCode).toBe(422);
    const created = await t.api('POST', '/v2/shipping/carriers', { ...body, check_connection_url: `${carrier.url}/ok/check` });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    expect(created.json()).toMatchObject({ code: 'acme', zone_ids: [zone], enabled: true, backup_rate: 12.5, origin: { country_iso2: 'US' } });
    expect(created.json()).not.toHaveProperty('connection_options');
    const listed = (await t.api('GET', '/v2/shipping/carriers')).json() as { id: number }[];
    expect(listed.map((c) => c.id)).toContain(id);
    expect((await t.api('DELETE', `/v2/shipping/carriers/${id}`)).statusCode).toBe(204);
    expect((await t.api('DELETE', `/v2/shipping/carriers/${id}`)).statusCode).toBe(404);
  });

  it('seeds carriers from the fixture format', async () => {
    const fixture = {
      shipping_zones: [{ name: 'Peru', type: 'country' as const, locations: [{ country_iso2: 'PE' }], methods: [{ name: 'Post', type: 'perorder' as const, settings: { rate: 15 } }] }],
      carriers: [{ code: 'acme', name: 'Acme', rate_url: `${carrier.url}/ok/rate`, zone_ids: [1], origin: { zip: '78701', country_iso2: 'US' } }],
    };
    const seeded = await seed(t.app.consign, fixture);
    const config = await t.app.consign.configs.get(seeded);
    expect(config.carriers.list).toEqual([expect.objectContaining({ code: 'acme', zoneIds: [config.shipping.zones[0]!.id], backupRate: null, enabled: true })]);
  });

  it('explains every zone, method and carrier: offered at what cost, or left out and why', async () => {
    const zoneId = await zoneWithCarrier('AR', 'fail');
    const { id, consignment } = await lampTo('AR');
    const explained = await t.api('GET', `/v3/checkouts/${id}/consignments/${consignment.id}/shipping-options/explain`);
    expect(explained.statusCode, explained.body).toBe(200);
    const data = explained.json().data as { zones: { zone_id: number; verdict: string; methods: { name: string; verdict: { offered: boolean; cost?: number; reason?: string } }[] }[]; carriers: { carrier_id: number; verdict: { offered: boolean; reason?: string } }[] };
    const own = data.zones.find((z) => z.zone_id === zoneId)!;
    expect(own.verdict).toBe('serves');
    expect(own.methods.map((m) => [m.name, m.verdict.offered, m.verdict.cost ?? m.verdict.reason])).toEqual([
      ['Post', true, 15],
      ['Economy', false, 'fallback_not_needed'],
    ]);
    // The demo store's global zone also matches Argentina, but the country zone wins.
    expect(data.zones.some((z) => z.zone_id !== zoneId && z.verdict === 'outranked')).toBe(true);
    expect(data.zones.some((z) => z.verdict === 'not_matched' && z.methods.every((m) => m.verdict.reason === 'zone_not_matched'))).toBe(true);
    const carriers = (await t.app.consign.configs.get(record)).carriers.list;
    const mine = carriers.find((c) => c.zoneIds.includes(zoneId))!;
    expect(data.carriers.find((c) => c.carrier_id === mine.id)!.verdict).toMatchObject({ offered: false, reason: expect.stringMatching(/^carrier_(error|breaker_open)$/) });
    expect(data.carriers.filter((c) => c.carrier_id !== mine.id).every((c) => c.verdict.reason === 'zone_not_served')).toBe(true);
    expect((await t.api('GET', `/v3/checkouts/${id}/consignments/nope/shipping-options/explain`)).statusCode).toBe(404);
  });

  it('re-checks a selected carrier option before placing an order: gone from the carrier, it is cleared and the order refused', async () => {
    await zoneWithCarrier('NO', 'ok');
    carrier.ttl = 0; // not cached: every read asks the carrier
    try {
      const { id, consignment } = await lampTo('NO');
      const air = consignment.available_shipping_options.find((o) => o.description === 'Acme Air')!;
      expect((await t.api('PUT', `/v3/checkouts/${id}/consignments/${consignment.id}`, { shipping_option_id: air.id })).statusCode).toBe(200);
      expect((await t.api('POST', `/v3/checkouts/${id}/billing-address`, { ...PORTLAND, phone: '5035550100' })).statusCode).toBe(200);
      // A new price for a service still quoted: kept, at the new price.
      carrier.rates = [['GROUND', 'Acme Ground', 9.5], ['AIR', 'Acme Air', 26]];
      const repriced = (await t.api('GET', `/v3/checkouts/${id}${INCLUDE}`)).json().data;
      expect(repriced.consignments[0].selected_shipping_option).toMatchObject({ id: air.id, cost: 26 });
      // The carrier stops offering Air: the order is refused and the selection is gone.
      carrier.rates = [['GROUND', 'Acme Ground', 9.5]];
      const refused = await t.api('POST', `/v3/checkouts/${id}/orders`);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().title).toMatch(/no selected shipping or pickup option/);
      const after = (await t.api('GET', `/v3/checkouts/${id}${INCLUDE}`)).json().data;
      expect(after.consignments[0].selected_shipping_option).toBeUndefined();
      expect(after.consignments[0].available_shipping_options.map((o: Option) => o.description)).toEqual(['Acme Ground', 'Post']);
    } finally {
      carrier.ttl = 60;
      carrier.rates = [['GROUND', 'Acme Ground', 9.5], ['AIR', 'Acme Air', 24]];
    }
  });
});

/** One checkout write may ask carriers twice (the consignments it had, then the one it changed): both share one deadline. */
describe.each(STORE_KINDS)('one carrier deadline per checkout write on %s', (kind) => {
  const deadline = 800;
  let t: TestApp;
  let carrier: FakeCarrier;
  beforeAll(async () => {
    carrier = await startFakeCarrier();
    carrier.slowMs = 5000;
    t = await createTestApp(kind, { carriers: { deadlineMs: deadline, failureMemoryMs: 0 } });
  });
  afterAll(async () => {
    await t.close();
    await carrier.close();
  });

  it('answers a write that moves a consignment between two slow carriers\' zones within about one deadline', async () => {
    const record = (await t.app.consign.accounts.findStore(t.hash))!;
    for (const country of ['NZ', 'AU']) {
      const zone = (await t.api('POST', '/v2/shipping/zones', { name: country, type: 'country', locations: [{ country_iso2: country }] })).json().id as number;
      await t.api('POST', `/v2/shipping/zones/${zone}/methods`, { name: 'Post', type: 'perorder', settings: { rate: 15 } });
      await t.app.consign.carriers.connect(record, { code: 'acme', name: 'Acme', rateUrl: `${carrier.url}/slow/rate`, connectionOptions: {}, zoneOptions: {}, zoneIds: [zone], enabled: true, origin: { zip: '78701', country_iso2: 'US' }, backupRate: null });
    }
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data;
    const lamp = cart.line_items.physical_items[0].id as string;
    const to = (country_code: string) => ({ ...TORONTO, country_code, state_or_province: '', state_or_province_code: '', postal_code: '2000' });
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: to('NZ'), line_items: [{ item_id: lamp, quantity: 1 }] }]);
    expect(created.statusCode).toBe(200);
    const started = Date.now();
    const moved = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${created.json().data.consignments[0].id}${INCLUDE}`, { address: to('AU'), line_items: [{ item_id: lamp, quantity: 1 }] });
    const elapsed = Date.now() - started;
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().data.consignments[0].available_shipping_options.map((o: Option) => o.description)).toEqual(['Post']);
    // Asked one after the other, the old zone's carrier and the new one's would take two deadlines.
    expect(elapsed).toBeLessThan(deadline * 1.6);
  });
});

