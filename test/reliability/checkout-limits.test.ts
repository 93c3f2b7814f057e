import { describe, expect, it } from 'vitest';
import { CHECKOUT_LIMITS } from '../../src/domain/checkout-limits.js';
import { AUSTIN } from '../helpers/addresses.js';
import { builtCliForFile } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { type Answer, call, twoServicesOn } from './processes.js';

const cli = builtCliForFile();
const EXTRA = 30;
const CLIENTS = 8;

/**
 * The checkout limits hold across processes: clients racing through two service processes to add
 * consignments to one checkout, without `version`, can never take it past the limit. Each write
 * is checked against the version it replaces, and the write is conditional on that version, so a
 * loser re-checks on what the winner saved. Every acknowledged consignment is in the checkout.
 */
describe.each(STORE_KINDS)('checkout limits through two processes on %s', (kind) => {
  const { services } = twoServicesOn(kind, cli);

  it(`${CHECKOUT_LIMITS.consignments + EXTRA} racing consignment POSTs: exactly ${CHECKOUT_LIMITS.consignments} accepted, the rest 422, none lost`, { timeout: 60_000 }, async () => {
    const created = await call(services[0]!.base, 'POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: CHECKOUT_LIMITS.consignments + EXTRA + 1 }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.data.id as string;
    const lamp = created.body.data.line_items.physical_items[0].id as string;

    const answers: Answer[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
      const base = services[client % services.length]!.base;
      while (next < CHECKOUT_LIMITS.consignments + EXTRA) {
        const n = next++;
        answers.push(await call(base, 'POST', `/v3/checkouts/${id}/consignments`, [{ address: { ...AUSTIN, first_name: `Client ${n}` }, line_items: [{ item_id: lamp, quantity: 1 }] }]));
      }
    }));

    const accepted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(accepted).toHaveLength(CHECKOUT_LIMITS.consignments);
    expect(refused).toHaveLength(EXTRA);
    for (const answer of refused) expect(answer.body.errors, JSON.stringify(answer.body)).toEqual({ consignments: `at most ${CHECKOUT_LIMITS.consignments} per checkout` });

    const final = (await call(services[1]!.base, 'GET', `/v3/checkouts/${id}`)).body.data;
    expect(final.consignments).toHaveLength(CHECKOUT_LIMITS.consignments);
    expect(final.version).toBe(1 + CHECKOUT_LIMITS.consignments);
    // Every acknowledged consignment is there: each answer's newest consignment, by its recipient.
    const names = new Set(final.consignments.map((c: { address: { first_name: string } }) => c.address.first_name));
    for (const answer of accepted) expect(names.has(answer.body.data.consignments.at(-1).address.first_name)).toBe(true);
  });
});
