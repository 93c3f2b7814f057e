import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_DALLAS, SF_PORTLAND, Shopper } from './shopper.js';

/** The demo fixture's customer (fixtures/demo-store.json, docs/fixtures.md). */
const DEMO = { email: 'shopper@example.com', password: 'consign-demo-1' };
const SIGN_IN = '/internalapi/v1/checkout/customer';
const INCLUDE = '?include=cart.lineItems.physicalItems.options,customer,customer.customerGroup,payments,promotions,consignments.availableShippingOptions';

describe.each(STORE_KINDS)('storefront customers: sign-in, sign-out, accounts and saved addresses, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const checkout = async (shopper: Shopper, id: string) => (await shopper.request('GET', `/api/storefront/checkout/${id}${INCLUDE}`)).json();

  it('signs in with the demo customer: a new session token, the cart becomes theirs in both dialects, the checkout shows the customer', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const guest = await checkout(shopper, cart.id);
    expect(guest.customer).toMatchObject({ id: 0, isGuest: true, addresses: [] });
    const before = shopper.cookies.get('SHOP_SESSION_TOKEN');
    const beforeXsrf = shopper.cookies.get('XSRF-TOKEN');

    const signedIn = await shopper.request('POST', SIGN_IN, { email: 'Shopper@Example.com', password: DEMO.password });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const body = signedIn.json();
    expect(body.meta).toEqual({});
    expect(body.data.customer).toMatchObject({ email: DEMO.email, firstName: 'Grace', lastName: 'Hopper', name: 'Grace Hopper', isGuest: false, storeCredit: 0 });
    expect(body.data.customer.customerId).toBeGreaterThan(0);
    expect(body.data.customer.addresses).toHaveLength(2);
    expect(body.data.customer.addresses[0]).toMatchObject({ addressLine1: '600 Congress Ave', province: 'Texas', postCode: '78701', countryCode: 'US' });
    // Session fixation: a new token, and the old one names nothing.
    expect(shopper.cookies.get('SHOP_SESSION_TOKEN')).not.toBe(before);
    expect(shopper.cookies.get('XSRF-TOKEN')).not.toBe(beforeXsrf);
    const stale = await t.app.inject({ method: 'GET', url: '/api/storefront/carts', headers: { host: 'consign.test', cookie: `SHOP_SESSION_TOKEN=${before}` } });
    expect(stale.json()).toEqual([]);

    const mine = await checkout(shopper, cart.id);
    const id = body.data.customer.customerId;
    expect(mine.customer).toMatchObject({ id, email: DEMO.email, firstName: 'Grace', lastName: 'Hopper', fullName: 'Grace Hopper', isGuest: false, storeCredit: 0, shouldEncourageSignIn: false, customerGroup: { id: 0, name: '' } });
    expect(mine.customer.addresses.map((a: { city: string; type: string }) => [a.city, a.type])).toEqual([['Austin', 'residential'], ['Toronto', 'commercial']]);
    expect(mine.customer.addresses[1]).toMatchObject({ company: 'Hopper Labs', country: 'Canada', countryCode: 'CA', stateOrProvince: 'Ontario', stateOrProvinceCode: 'ON', postalCode: 'M5H 2N2', customFields: [] });
    expect(mine.cart).toMatchObject({ customerId: id, email: DEMO.email });
    const managed = await t.api('GET', `/v3/carts/${cart.id}`);
    expect(managed.json().data).toMatchObject({ customer_id: id, email: DEMO.email });
  });

  it('billing to a saved address, which carries no email, bills the customer\'s email, and the checkout can become an order', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    expect((await shopper.request('POST', SIGN_IN, DEMO)).statusCode).toBe(200);
    const before = await checkout(shopper, cart.id);
    const saved = before.customer.addresses[0];
    // checkout-js sends the saved address as it is: no email in it.
    const { id: _id, type: _type, ...address } = saved;
    const billed = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/billing-address`, address);
    expect(billed.statusCode, billed.body).toBe(200);
    expect(billed.json().billingAddress.email).toBe(DEMO.email);
    const lines = before.cart.lineItems.physicalItems.map((item: { id: string; quantity: number }) => ({ itemId: item.id, quantity: item.quantity }));
    const created = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments?include=consignments.availableShippingOptions`, [{ address, lineItems: lines }]);
    expect(created.statusCode, created.body).toBe(200);
    const consignment = created.json().consignments[0];
    await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}/consignments/${consignment.id}`, { shippingOptionId: consignment.availableShippingOptions[0].id });
    const order = await shopper.request('POST', '/internalapi/v1/checkout/order', { cartId: cart.id, payment: { name: 'cod' } });
    expect(order.statusCode, order.body).toBe(200);
  });

  it('refuses a wrong password or an unknown email with 401 invalid_login in the internal API shape, and changes nothing', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const token = shopper.cookies.get('SHOP_SESSION_TOKEN');
    for (const credentials of [{ email: DEMO.email, password: 'wrong-password-1' }, { email: 'nobody@example.com', password: DEMO.password }]) {
      const refused = await shopper.request('POST', SIGN_IN, credentials);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toEqual({
        status: 401,
        type: 'invalid_login',
        title: expect.any(String),
        detail: expect.any(String),
        errors: [expect.stringContaining('incorrect')],
      });
    }
    expect(shopper.cookies.get('SHOP_SESSION_TOKEN')).toBe(token);
    expect((await checkout(shopper, cart.id)).customer).toMatchObject({ id: 0, isGuest: true });
    expect((await shopper.request('POST', SIGN_IN, { email: DEMO.email })).statusCode).toBe(422);
  });

  it('rate-limits failed sign-ins per email: the sixth attempt is 429 throttled_login, the right password too', async () => {
    const [victim] = (await t.api('POST', '/v3/customers', [{ email: 'victim@example.com', first_name: 'V', last_name: 'Ictim', authentication: { new_password: 'rightpass1' } }])).json().data;
    expect(victim.id).toBeGreaterThan(0);
    // Five failures, each from a new browser: the per-email limit (5) stops the next, long before
    // the per-client one (30) would.
    for (let i = 0; i < 5; i++) {
      const refused = await new Shopper(t.app).request('POST', SIGN_IN, { email: 'victim@example.com', password: 'guess' });
      expect(refused.statusCode).toBe(401);
    }
    const right = await new Shopper(t.app).request('POST', SIGN_IN, { email: 'VICTIM@example.com', password: 'rightpass1' });
    expect(right.statusCode).toBe(429);
    expect(right.json()).toMatchObject({ status: 429, type: 'throttled_login', errors: [expect.any(String)] });
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not held back by this one's failures.
    expect((await new Shopper(t.app).request('POST', SIGN_IN, DEMO)).statusCode).toBe(200);
  });

  it('signs out: a new token, the cart stays as a guest\'s without the customer\'s addresses, and the SDK\'s guest answer', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    expect((await shopper.request('POST', SIGN_IN, DEMO)).statusCode).toBe(200);
    const consigned = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, [{ address: SF_DALLAS, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }]);
    expect(consigned.statusCode, consigned.body).toBe(200);
    const signedIn = shopper.cookies.get('SHOP_SESSION_TOKEN');

    const out = await shopper.request('DELETE', SIGN_IN);
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toEqual({ data: { customer: expect.objectContaining({ customerId: 0, isGuest: true, addresses: [] }) }, meta: {} });
    expect(shopper.cookies.get('SHOP_SESSION_TOKEN')).not.toBe(signedIn);
    const after = await checkout(shopper, cart.id);
    expect(after.customer).toMatchObject({ id: 0, isGuest: true, addresses: [] });
    expect(after.cart).toMatchObject({ customerId: 0, email: '' });
    expect(after.consignments).toEqual([]);
    expect(after.cart.lineItems.physicalItems).toHaveLength(2);
    // The signed-in token is dead: it reaches neither the cart nor the account.
    const old = await t.app.inject({ method: 'GET', url: `/api/storefront/checkout/${cart.id}`, headers: { host: 'consign.test', cookie: `SHOP_SESSION_TOKEN=${signedIn}` } });
    expect(old.statusCode).toBe(404);
    // Signing out again, or without signing in, is answered the same and changes nothing.
    expect((await shopper.request('DELETE', SIGN_IN)).json().data.customer.isGuest).toBe(true);
  });

  it('a signed-in shopper\'s new cart is theirs at once', async () => {
    const shopper = new Shopper(t.app);
    expect((await shopper.request('POST', SIGN_IN, DEMO)).statusCode).toBe(200);
    const cart = await shopper.createCart();
    const found = await checkout(shopper, cart.id);
    expect(found.customer).toMatchObject({ isGuest: false, email: DEMO.email });
    expect(found.cart.customerId).toBeGreaterThan(0);
    // The new session that holds the cart is still signed in: an address without a street is 422, not a guest's 401.
    expect((await shopper.request('POST', '/api/storefront/customer-address', { ...SF_PORTLAND, address1: '' })).statusCode).toBe(422);
  });

  it('creates an account (204): signed in, the cart is theirs; the same email again is 409 naming it', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const account = { firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com', password: 'enigma1912', acceptsMarketingEmails: true };
    const created = await shopper.request('POST', '/api/storefront/customer', account);
    expect(created.statusCode, created.body).toBe(204);
    const mine = await checkout(shopper, cart.id);
    expect(mine.customer).toMatchObject({ email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing', isGuest: false, addresses: [] });
    const listed = (await t.api('GET', '/v3/customers?email:in=alan@example.com')).json().data;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ accepts_product_review_abandoned_cart_emails: true });

    const again = await new Shopper(t.app).request('POST', '/api/storefront/customers', { ...account, email: 'ALAN@example.com' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: 409, detail: expect.stringMatching(/: ALAN@example\.com$/) });
    const weak = await new Shopper(t.app).request('POST', '/api/storefront/customer', { ...account, email: 'weak@example.com', password: 'abc' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().detail).toContain('password');
    expect((await t.api('GET', '/v3/customers?email:in=weak@example.com')).json().data).toEqual([]);
    // The new account signs in with its password.
    expect((await new Shopper(t.app).request('POST', SIGN_IN, { email: 'alan@example.com', password: 'enigma1912' })).statusCode).toBe(200);
  });

  it('saves an address for the signed-in customer (multi-address shipping), once; a guest gets 401', async () => {
    const guest = new Shopper(t.app);
    await guest.createCart();
    expect((await guest.request('POST', '/api/storefront/customer-address', SF_PORTLAND)).statusCode).toBe(401);

    const [c] = (await t.api('POST', '/v3/customers', [{ email: 'multi@example.com', first_name: 'Multi', last_name: 'Ship', authentication: { new_password: 'parcels12' } }])).json().data;
    const shopper = new Shopper(t.app);
    await shopper.createCart();
    expect((await shopper.request('POST', SIGN_IN, { email: 'multi@example.com', password: 'parcels12' })).statusCode).toBe(200);
    const saved = await shopper.request('POST', '/api/storefront/customer-address', { ...SF_PORTLAND, shouldSaveAddress: true, customFields: [] });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ id: c.id, isGuest: false, addresses: [expect.objectContaining({ city: 'Portland', stateOrProvinceCode: 'OR', type: 'residential' })] });
    const twice = await shopper.request('POST', '/api/storefront/customer-address', SF_PORTLAND);
    expect(twice.statusCode).toBe(200);
    expect(twice.json().addresses).toHaveLength(1);
    expect((await shopper.request('POST', '/api/storefront/customer-address', { ...SF_PORTLAND, address1: '' })).statusCode).toBe(422);
    expect((await t.api('GET', `/v3/customers/addresses?customer_id:in=${c.id}`)).json().data).toHaveLength(1);
  });

  it('shouldSaveAddress on a consignment or billing address of a signed-in customer saves it, deduped; a guest\'s is not saved', async () => {
    const [c] = (await t.api('POST', '/v3/customers', [{ email: 'saver@example.com', first_name: 'Sa', last_name: 'Ver', authentication: { new_password: 'saveit123' } }])).json().data;
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    expect((await shopper.request('POST', SIGN_IN, { email: 'saver@example.com', password: 'saveit123' })).statusCode).toBe(200);
    const created = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments${INCLUDE}`, [
      { address: { ...SF_DALLAS, shouldSaveAddress: true }, lineItems: [{ itemId: cart.lamp, quantity: 1 }] },
      { address: { ...SF_PORTLAND, shouldSaveAddress: false }, lineItems: [{ itemId: cart.mugs, quantity: 2 }] },
    ]);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().customer.addresses.map((a: { city: string }) => a.city)).toEqual(['Dallas']);
    const [first] = created.json().consignments;
    expect((await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}/consignments/${first.id}`, { address: { ...SF_DALLAS, shouldSaveAddress: true }, lineItems: [{ itemId: cart.lamp, quantity: 1 }] })).statusCode).toBe(200);
    const billed = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/billing-address${INCLUDE}`, { ...SF_PORTLAND, email: 'saver@example.com', shouldSaveAddress: true });
    expect(billed.statusCode, billed.body).toBe(200);
    expect(billed.json().customer.addresses.map((a: { city: string }) => a.city)).toEqual(['Dallas', 'Portland']);
    expect((await t.api('GET', `/v3/customers/addresses?customer_id:in=${c.id}`)).json().meta.pagination.total).toBe(2);

    const guest = new Shopper(t.app);
    const theirs = await guest.createCart();
    const before = (await t.api('GET', '/v3/customers/addresses?limit=250')).json().meta.pagination.total;
    expect((await guest.request('POST', `/api/storefront/checkouts/${theirs.id}/consignments`, [{ address: { ...SF_DALLAS, address1: '9 Guest Rd', shouldSaveAddress: true }, lineItems: [{ itemId: theirs.lamp, quantity: 1 }] }])).statusCode).toBe(200);
    expect((await t.api('GET', '/v3/customers/addresses?limit=250')).json().meta.pagination.total).toBe(before);
  });

  it('a customer of one store cannot sign in at another; each store\'s customers are its own', async () => {
    const other = new Shopper(t.app, `custsf${kind}.localhost`);
    const { seed } = await import('../../src/api/seed.js');
    await seed(t.app.consign, { store: { hash: `custsf${kind}` }, products: [] });
    const refused = await other.request('POST', SIGN_IN, DEMO);
    expect(refused.statusCode).toBe(401);
  });

  it('sign-in needs the session\'s CSRF token once there is a session', async () => {
    const shopper = new Shopper(t.app);
    await shopper.createCart();
    expect((await shopper.request('POST', SIGN_IN, DEMO, { xsrf: null })).statusCode).toBe(403);
    expect((await shopper.request('DELETE', SIGN_IN, undefined, { xsrf: null })).statusCode).toBe(403);
  });
});
