import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TORONTO } from '../helpers/addresses.js';
import { type DataPlace, builtCliForFile, makeDataPlace } from '../helpers/cli.js';
import { type FakeCarrier, startFakeCarrier } from '../helpers/fake-carrier.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { type ServiceProcess, call, startService } from './processes.js';

const INCLUDE = '?include=consignments.available_shipping_options';
const cli = builtCliForFile();

/**
 * Two real service processes on one database: a carrier's answer fetched by one is reused by the
 * other from the shared `carrier_quotes` table, so the carrier is asked once per ttl, not once per process.
 */
describe.each(STORE_KINDS)('carrier answers shared by two processes on %s', (kind) => {
  let place: DataPlace;
  let carrier: FakeCarrier;
  const services: ServiceProcess[] = [];
  beforeAll(async () => {
    carrier = await startFakeCarrier();
    place = await makeDataPlace(kind);
    services.push(await startService(cli.file, place.env));
    services.push(await startService(cli.file, place.env));
  });
  afterAll(async () => {
    for (const service of services) await service.kill('SIGTERM');
    await place.destroy();
    await carrier.close();
  });

  /** A cart of two lamps in one consignment to New Zealand, through `service`; its option names. */
  const quoteThrough = async (service: ServiceProcess) => {
    const cart = await call(service.base, 'POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 2 }] });
    expect(cart.status).toBe(201);
    const lamp = cart.body.data.line_items.physical_items[0].id as string;
    const address = { ...TORONTO, country_code: 'NZ', state_or_province: '', state_or_province_code: '', postal_code: '1010' };
    const created = await call(service.base, 'POST', `/v3/checkouts/${cart.body.data.id}/consignments${INCLUDE}`, [{ address, line_items: [{ item_id: lamp, quantity: 2 }] }]);
    expect(created.status).toBe(200);
    return (created.body.data.consignments[0].available_shipping_options as { description: string }[]).map((o) => o.description);
  };

  it('asks the carrier once for one question, whichever process asks', async () => {
    const [a, b] = services as [ServiceProcess, ServiceProcess];
    const zone = await call(a.base, 'POST', '/v2/shipping/zones', { name: 'NZ', type: 'country', locations: [{ country_iso2: 'NZ' }] });
    expect(zone.status).toBe(201);
    const connected = await call(a.base, 'POST', '/v2/shipping/carriers', { code: 'acme', name: 'Acme', rate_url: `${carrier.url}/ok/rate`, zone_ids: [zone.body.id], origin: { zip: '78701', country_iso2: 'US' } });
    expect(connected.status).toBe(201);
    expect(await quoteThrough(a)).toEqual(['Acme Ground', 'Acme Air']);
    expect(carrier.calls.get('ok')).toBe(1);
    // Process B has not seen the configuration change yet in its cache; it re-checks within a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await quoteThrough(b)).toEqual(['Acme Ground', 'Acme Air']);
    expect(carrier.calls.get('ok')).toBe(1);
  });
});
