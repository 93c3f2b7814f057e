import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsign } from '../../src/api/app.js';
import { ALL_SCOPES } from '../../src/domain/scopes.js';
import { type DataPlace, builtCliForFile, makeDataPlace } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { type ServiceProcess, startService } from './processes.js';

const cli = builtCliForFile();

/**
 * Issue 11, finding 2: two stores claiming one storefront host at the same moment, through two
 * service processes on one database: exactly one gets it (the hosts table's primary key), the
 * other 422, and every process then sends the host's shoppers to the winner.
 */
describe.each(STORE_KINDS)('two stores claiming one host through two processes on %s', (kind) => {
  let place: DataPlace;
  const services: ServiceProcess[] = [];
  const stores: { hash: string; token: string; id: number }[] = [];
  beforeAll(async () => {
    place = await makeDataPlace(kind);
    services.push(await startService(cli.file, place.env));
    const store = await place.open();
    try {
      const consign = createConsign(store);
      for (const name of ['b', 'c']) {
        const record = await consign.accounts.createStore({ settings: { name } });
        stores.push({ hash: record.hash, id: record.id, token: await consign.accounts.createToken(record.id, ALL_SCOPES) });
      }
    } finally {
      await store.close();
    }
    services.push(await startService(cli.file, place.env));
  }, 60_000);
  afterAll(async () => {
    for (const service of services) await service.kill('SIGTERM');
    await place.destroy();
  });

  const claim = async (service: ServiceProcess, store: (typeof stores)[number], host: string) => {
    const response = await fetch(`${service.base}/stores/${store.hash}/v3/storefront/settings`, {
      method: 'PUT',
      headers: { 'x-auth-token': store.token, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ storefront_hosts: [host] }),
    });
    return { status: response.status, body: (await response.json()) as { data?: { storefront_hosts: string[] } } };
  };

  it('gives the host to exactly one of them, every time', { timeout: 60_000 }, async () => {
    const wins = { b: 0, c: 0 };
    for (let round = 0; round < 12; round++) {
      const host = `race-${round}.example`;
      // Each store asks on both processes at once, the two stores through different ones first.
      const answers = await Promise.all([
        claim(services[0]!, stores[0]!, host),
        claim(services[1]!, stores[1]!, host),
        claim(services[1]!, stores[0]!, host),
        claim(services[0]!, stores[1]!, host),
      ]);
      for (const answer of answers) expect([200, 422], JSON.stringify(answer.body)).toContain(answer.status);
      const winners = new Set(answers.flatMap((a, i) => (a.status === 200 ? [i % 2 === 0 ? 'b' : 'c'] : [])));
      expect([...winners], `round ${round}`).toHaveLength(1);
      const store = await place.open();
      try {
        const owners = (await store.listStorefrontHosts()).filter((h) => h.host === host);
        expect(owners).toHaveLength(1);
        const winner = winners.has('b') ? stores[0]! : stores[1]!;
        expect(owners[0]!.storeId).toBe(winner.id);
        wins[winners.has('b') ? 'b' : 'c']++;
        // Each store's settings agree with the table: the loser does not list the host.
        const listed = (await store.listStores()).filter((s) => (JSON.parse(s.settings).storefrontHosts ?? []).includes(host));
        expect(listed.map((s) => s.id)).toEqual([winner.id]);
      } finally {
        await store.close();
      }
      // Drop the claim, so the next round starts clean.
      const released = await fetch(`${services[0]!.base}/stores/${(winners.has('b') ? stores[0] : stores[1])!.hash}/v3/storefront/settings`, {
        method: 'PUT',
        headers: { 'x-auth-token': (winners.has('b') ? stores[0] : stores[1])!.token, 'content-type': 'application/json' },
        body: JSON.stringify({ storefront_hosts: [] }),
      });
      expect(released.status).toBe(200);
    }
    console.info(`host claims on ${kind}: 12 rounds of 4 racing claims, wins b=${wins.b} c=${wins.c}`);
  });
});
