import { describe, expect, it } from 'vitest';
import { builtCliForFile } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { call, twoServicesOn } from './processes.js';

/**
 * Customers through two real service processes on one database (docs/customers.md): an email is
 * one account per store however many processes are asked at once, in whatever case; an identical
 * address is saved once; and every acknowledged account is there afterwards.
 */
const cli = builtCliForFile();
const ADDRESS = { first_name: 'Race', last_name: 'Condition', address1: '1 Main St', city: 'Portland', state_or_province: 'Oregon', postal_code: '97201', country_code: 'US' };

describe.each(STORE_KINDS)('customers through two processes on %s', (kind) => {
  const { services } = twoServicesOn(kind, cli);

  const base = (i: number) => services[i % services.length]!.base;

  it('one email, many requests at once through both processes: exactly one account, the rest 422', { timeout: 60_000 }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        call(base(i), 'POST', '/v3/customers', [{ email: i % 2 ? 'RACE@example.com' : 'race@Example.com', first_name: 'Race', last_name: `${i}` }]),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(15).fill(422)]);
    const listed = await call(base(1), 'GET', '/v3/customers?email:in=race@example.com');
    expect(listed.body.data).toHaveLength(1);
    const winner = answers.find((a) => a.status === 200)!.body.data[0];
    expect(listed.body.data[0].id).toBe(winner.id);

    // The same address saved at once through both processes: one entry.
    const saved = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call(base(i), 'POST', '/v3/customers/addresses', [{ ...ADDRESS, city: i % 2 ? 'PORTLAND' : 'Portland', customer_id: winner.id }])),
    );
    expect(saved.every((a) => a.status === 200), JSON.stringify(saved.map((a) => a.status))).toBe(true);
    expect(saved.map((a) => a.body.data.length).reduce((x, y) => x + y, 0)).toBe(1);
    expect((await call(base(0), 'GET', `/v3/customers/addresses?customer_id:in=${winner.id}`)).body.data).toHaveLength(1);
  });

  it('every acknowledged account of many created at once is there, with its own id', { timeout: 60_000 }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(base(i), 'POST', '/v3/customers', [{ email: `many${i}@example.com`, first_name: 'Many', last_name: `${i}` }])),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const ids = answers.map((a) => a.body.data[0].id);
    expect(new Set(ids).size).toBe(20);
    const listed = await call(base(1), 'GET', `/v3/customers?id:in=${ids.join(',')}&limit=50`);
    expect(listed.body.data.map((c: { id: number }) => c.id).sort((a: number, b: number) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it('changes to different fields of one customer at once through both processes: none is lost', { timeout: 60_000 }, async () => {
    const [customer] = (await call(base(0), 'POST', '/v3/customers', [{ email: 'fields@example.com', first_name: 'F', last_name: 'L' }])).body.data;
    const changes = [{ first_name: 'First' }, { last_name: 'Last' }, { company: 'Company' }, { phone: '555-0101' }, { notes: 'Notes' }, { customer_group_id: 3 }];
    const answers = await Promise.all(changes.map((change, i) => call(base(i), 'PUT', '/v3/customers', [{ id: customer.id, ...change }])));
    expect(answers.map((a) => a.status)).toEqual(changes.map(() => 200));
    const [stored] = (await call(base(1), 'GET', `/v3/customers?id:in=${customer.id}`)).body.data;
    expect(stored).toMatchObject(Object.assign({}, ...changes));
  });
});
