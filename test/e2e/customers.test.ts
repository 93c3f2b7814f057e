import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/api/seed.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

const JANE = {
  email: 'Jane.Smith@Example.com',
  first_name: 'Jane',
  last_name: 'Smith',
  company: 'Acme',
  phone: '555-123-4567',
  authentication: { new_password: 'secret123' },
  addresses: [{ first_name: 'Jane', last_name: 'Smith', address1: '1 Main St', city: 'Portland', state_or_province: 'Oregon', postal_code: '97201', country_code: 'US' }],
};
const ADDRESS = { first_name: 'Jane', last_name: 'Smith', address1: '2500 McKinney Ave', city: 'Dallas', state_or_province: 'Texas', postal_code: '75201', country_code: 'US' };

describe.each(STORE_KINDS)('the Customers v3 API, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  it('creates a customer with addresses and a password, and lists it by id and by email whatever its case', async () => {
    const created = await t.api('POST', '/v3/customers', [JANE]);
    expect(created.statusCode, created.body).toBe(200);
    const [jane] = created.json().data;
    expect(jane).toMatchObject({ email: 'Jane.Smith@Example.com', first_name: 'Jane', last_name: 'Smith', company: 'Acme', address_count: 1, authentication: { force_password_reset: false } });
    expect(jane.addresses[0]).toMatchObject({ customer_id: jane.id, city: 'Portland', country: 'United States', address_type: 'residential' });
    expect(JSON.stringify(created.json())).not.toContain('secret123');

    const byEmail = (await t.api('GET', '/v3/customers?email:in=jane.smith@example.com')).json();
    expect(byEmail.data.map((c: { id: number }) => c.id)).toEqual([jane.id]);
    expect(byEmail.meta.pagination).toMatchObject({ total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 });
    expect(byEmail.data[0].addresses).toBeUndefined();
    const byId = (await t.api('GET', `/v3/customers?id:in=${jane.id}&include=addresses`)).json();
    expect(byId.data[0].addresses).toHaveLength(1);
  });

  it('refuses a second account for an email in any case, and writes nothing of a refused batch', async () => {
    const before = (await t.api('GET', '/v3/customers?limit=250')).json().meta.pagination.total;
    const taken = await t.api('POST', '/v3/customers', [
      { email: 'new.person@example.com', first_name: 'New', last_name: 'Person' },
      { email: 'JANE.SMITH@example.com', first_name: 'J', last_name: 'S' },
    ]);
    expect(taken.statusCode).toBe(422);
    expect(taken.json()).toMatchObject({ status: 422, errors: { '1.email': 'is already in use' } });
    const twice = await t.api('POST', '/v3/customers', [
      { email: 'twin@example.com', first_name: 'A', last_name: 'B' },
      { email: 'Twin@example.com', first_name: 'C', last_name: 'D' },
    ]);
    expect(twice.statusCode).toBe(422);
    expect((await t.api('GET', '/v3/customers?limit=250')).json().meta.pagination.total).toBe(before);
    expect((await t.api('GET', '/v3/customers?email:in=new.person@example.com')).json().data).toEqual([]);
  });

  it('refuses bad input with 422 and more than 10 customers with 413', async () => {
    expect((await t.api('POST', '/v3/customers', [{ email: 'not-an-email', first_name: 'A', last_name: 'B' }])).statusCode).toBe(422);
    expect((await t.api('POST', '/v3/customers', [{ email: 'weak@example.com', first_name: 'A', last_name: 'B', authentication: { new_password: 'short' } }])).statusCode).toBe(422);
    expect((await t.api('POST', '/v3/customers', [{ email: 'noname@example.com' }])).statusCode).toBe(422);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ email: `p${i}@example.com`, first_name: 'P', last_name: `${i}` }));
    expect((await t.api('POST', '/v3/customers', eleven)).statusCode).toBe(413);
    expect((await t.api('GET', '/v3/customers?email:in=p0@example.com')).json().data).toEqual([]);
  });

  it('updates customers in a batch, refusing an email another customer has', async () => {
    const [a, b] = (await t.api('POST', '/v3/customers', [
      { email: 'a@example.com', first_name: 'A', last_name: 'One' },
      { email: 'b@example.com', first_name: 'B', last_name: 'Two' },
    ])).json().data;
    const updated = await t.api('PUT', '/v3/customers', [{ id: a.id, last_name: 'Uno', authentication: { new_password: 'another1' } }]);
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().data[0]).toMatchObject({ id: a.id, last_name: 'Uno', email: 'a@example.com' });
    const clash = await t.api('PUT', '/v3/customers', [{ id: b.id, email: 'A@EXAMPLE.COM' }]);
    expect(clash.statusCode).toBe(422);
    expect((await t.api('GET', `/v3/customers?id:in=${b.id}`)).json().data[0].email).toBe('b@example.com');
    expect((await t.api('PUT', '/v3/customers', [{ id: 999_999, first_name: 'Nobody' }])).statusCode).toBe(422);
  });

  it('creates, dedupes, updates, lists and deletes addresses', async () => {
    const [c] = (await t.api('POST', '/v3/customers', [{ email: 'addr@example.com', first_name: 'Ad', last_name: 'Dress' }])).json().data;
    const created = await t.api('POST', '/v3/customers/addresses', [{ ...ADDRESS, customer_id: c.id }]);
    expect(created.statusCode, created.body).toBe(200);
    const [address] = created.json().data;
    expect(address).toMatchObject({ customer_id: c.id, city: 'Dallas', state_or_province: 'Texas', country_code: 'US' });
    // The same address again (case and spaces aside) is not added, and is absent from the answer.
    const again = await t.api('POST', '/v3/customers/addresses', [{ ...ADDRESS, city: ' DALLAS ', customer_id: c.id }]);
    expect(again.statusCode).toBe(200);
    expect(again.json().data).toEqual([]);
    const listed = (await t.api('GET', `/v3/customers/addresses?customer_id:in=${c.id}`)).json();
    expect(listed.data).toHaveLength(1);
    expect(listed.meta.pagination.total).toBe(1);

    const moved = await t.api('PUT', '/v3/customers/addresses', [{ id: address.id, address1: '1 Elm St' }]);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().data[0]).toMatchObject({ id: address.id, address1: '1 Elm St', city: 'Dallas' });
    expect((await t.api('POST', '/v3/customers/addresses', [{ ...ADDRESS, customer_id: 999_999 }])).statusCode).toBe(422);
    expect((await t.api('POST', '/v3/customers/addresses', [{ ...ADDRESS, country_code: 'ZZ', customer_id: c.id }])).statusCode).toBe(422);

    expect((await t.api('DELETE', `/v3/customers/addresses?id:in=${address.id}`)).statusCode).toBe(204);
    expect((await t.api('GET', `/v3/customers/addresses?customer_id:in=${c.id}`)).json().data).toEqual([]);
    expect((await t.api('DELETE', `/v3/customers?id:in=${c.id}`)).statusCode).toBe(204);
    expect((await t.api('GET', `/v3/customers?id:in=${c.id}`)).json().data).toEqual([]);
  });

  it('pages through customers with upstream pagination links', async () => {
    const page = (await t.api('GET', '/v3/customers?limit=1&page=2')).json();
    expect(page.data).toHaveLength(1);
    expect(page.meta.pagination).toMatchObject({ per_page: 1, current_page: 2, count: 1 });
    expect(page.meta.pagination.links.previous).toBe('?page=1&limit=1');
    expect(page.meta.pagination.total).toBeGreaterThan(2);
  });

  it('needs the customers scopes: read-only reads, and only store_v2_customers writes', async () => {
    const readOnly = await t.tokenWith(['store_v2_customers_read_only']);
    const carts = await t.tokenWith(['store_cart']);
    expect((await t.api('GET', '/v3/customers', undefined, { token: readOnly })).statusCode).toBe(200);
    expect((await t.api('POST', '/v3/customers', [{ email: 'ro@example.com', first_name: 'R', last_name: 'O' }], { token: readOnly })).statusCode).toBe(403);
    expect((await t.api('GET', '/v3/customers/addresses', undefined, { token: carts })).statusCode).toBe(403);
  });

  it('keeps each store\'s customers its own: the same email in two stores, and no reach into another', async () => {
    const other = await seed(t.app.consign, { store: { hash: `custother${kind}` } });
    const token = await t.tokenWith(['store_v2_customers'], other.hash);
    const mine = (await t.api('GET', '/v3/customers?email:in=jane.smith@example.com')).json().data[0];
    const theirs = await t.api('POST', `/stores/${other.hash}/v3/customers`, [{ email: 'jane.smith@example.com', first_name: 'Other', last_name: 'Jane' }], { token });
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect((await t.api('GET', `/stores/${other.hash}/v3/customers`, undefined, { token })).json().data.map((c: { first_name: string }) => c.first_name)).toEqual(['Other']);
    expect((await t.api('GET', `/stores/${other.hash}/v3/customers?id:in=${mine.id}`, undefined, { token })).json().data.every((c: { first_name: string }) => c.first_name !== 'Jane')).toBe(true);
    // Deleting or addressing our customer's id from the other store touches nothing of ours.
    await t.api('DELETE', `/stores/${other.hash}/v3/customers/addresses?id:in=1,2,3`, undefined, { token });
    expect((await t.api('POST', `/stores/${other.hash}/v3/customers/addresses`, [{ ...ADDRESS, customer_id: mine.id + 1000 }], { token })).statusCode).toBe(422);
    expect((await t.api('GET', `/v3/customers?id:in=${mine.id}&include=addresses`)).json().data[0]).toMatchObject({ first_name: 'Jane', address_count: 1 });
    expect((await t.api('GET', `/stores/${other.hash}/v3/customers`)).statusCode).toBe(401);
  });

  it('seeds the demo customer from the fixture, with two addresses in different shipping zones', async () => {
    const [demo] = (await t.api('GET', '/v3/customers?email:in=shopper@example.com&include=addresses')).json().data;
    expect(demo).toMatchObject({ first_name: 'Grace', last_name: 'Hopper' });
    expect(demo.addresses.map((a: { country_code: string }) => a.country_code)).toEqual(['US', 'CA']);
  });
});
