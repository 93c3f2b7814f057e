import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { Database } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from './shopper.js';

const OPTIONS = 'include=consignments.availableShippingOptions';
const DEMO = { email: 'shopper@example.com', password: 'consign-demo-1' };
/** Served only by the demo store's global zone, so that a test can give it a zone of its own. */
const AUCKLAND = { ...SF_AUSTIN, address1: '1 Queen St', city: 'Auckland', stateOrProvince: '', stateOrProvinceCode: '', countryCode: 'NZ', postalCode: '1010' };

/**
 * A change to a cart's lines or consignments takes the browser's session from the process's
 * memory, with no read (services/storefront-sessions.ts, `recall`); its write checks that the
 * session still holds the cart. A session another process ended, or one that expired, must change
 * nothing and be answered as no session: the cart is not found.
 */
describe.each(STORE_KINDS)('a storefront change for a session this process remembers, on %s', (kind) => {
  let t: TestApp;
  let otherStore: Store;
  let other: Awaited<ReturnType<typeof buildApp>>;
  let db: Kysely<Database>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    db = (t.testStore.store as unknown as { db: Kysely<Database> }).db;
    // Another process on the same database: its own memory of sessions and checkouts.
    otherStore = await t.testStore.reopen();
    other = await buildApp({ store: otherStore });
  });
  afterAll(async () => {
    await other?.close();
    await otherStore?.close();
    await t?.close();
  });

  /** A cart with one consignment, made through this process, which then remembers the session. */
  const consigned = async (shopper: Shopper) => {
    const cart = await shopper.createCart();
    const created = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments?${OPTIONS}`, [
      { address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }, { itemId: cart.mugs, quantity: 2 }] },
    ]);
    expect(created.statusCode, created.body).toBe(200);
    const consignment = created.json().consignments[0];
    return { cart, consignment: consignment.id as string, option: consignment.availableShippingOptions[0].id as string, version: created.json().cart.version as number };
  };
  const tokenHash = (shopper: Shopper) => createHash('sha256').update(decodeURIComponent(shopper.cookies.get('SHOP_SESSION_TOKEN')!)).digest('base64url');
  const storeId = async () => (await t.app.consign.accounts.findStore(t.hash))!.id;
  const managed = async (id: string) => (await t.api('GET', `/v3/checkouts/${id}`)).json().data;

  /** Every change route that may take the session from memory, for a session that no longer holds the cart. */
  const expectRefusedAndUnchanged = async (shopper: Shopper, made: Awaited<ReturnType<typeof consigned>>) => {
    const before = await managed(made.cart.id);
    const attempts = [
      await shopper.request('PUT', `/api/storefront/checkouts/${made.cart.id}/consignments/${made.consignment}?${OPTIONS}`, { shippingOptionId: made.option }),
      await shopper.request('POST', `/api/storefront/checkouts/${made.cart.id}/consignments?${OPTIONS}`, [{ address: SF_AUSTIN, lineItems: [{ itemId: made.cart.lamp, quantity: 1 }] }]),
      await shopper.request('DELETE', `/api/storefront/checkouts/${made.cart.id}/consignments/${made.consignment}`),
      await shopper.request('POST', `/api/storefront/carts/${made.cart.id}/items`, { lineItems: [{ productId: 1, quantity: 1 }] }),
      await shopper.request('PUT', `/api/storefront/carts/${made.cart.id}/items/${made.cart.mugs}`, { lineItem: { productId: 4, quantity: 5 } }),
    ];
    expect(attempts.map((a) => a.statusCode)).toEqual([404, 404, 404, 404, 404]);
    expect(await managed(made.cart.id)).toEqual(before);
  };

  it('changes the cart while the session lives, through either process', async () => {
    const shopper = new Shopper(t.app);
    const made = await consigned(shopper);
    const selected = await shopper.request('PUT', `/api/storefront/checkouts/${made.cart.id}/consignments/${made.consignment}?${OPTIONS}`, { shippingOptionId: made.option });
    expect(selected.statusCode, selected.body).toBe(200);
    expect(selected.json().consignments[0].selectedShippingOption.id).toBe(made.option);
    const elsewhere = new Shopper(other);
    for (const [name, value] of shopper.cookies) elsewhere.cookies.set(name, value);
    const added = await elsewhere.request('POST', `/api/storefront/carts/${made.cart.id}/items`, { lineItems: [{ productId: 1, quantity: 1 }] });
    expect(added.statusCode, added.body).toBe(200);
    // Back in this process, whose kept checkout is now behind: the change reads it and keeps the other's.
    const raised = await shopper.request('PUT', `/api/storefront/carts/${made.cart.id}/items/${made.cart.mugs}`, { lineItem: { productId: 4, quantity: 3 } });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json().lineItems.physicalItems.map((i: { productId: number; quantity: number }) => [i.productId, i.quantity])).toEqual([
      [1, 2],
      [4, 3],
    ]);
  });

  it('refuses every change, as not found, once another process ended the session, and changes nothing', async () => {
    const shopper = new Shopper(t.app);
    const made = await consigned(shopper);
    // What a sign-out or sign-in elsewhere does to the old token, with the cart itself untouched.
    await otherStore.deleteSession(tokenHash(shopper), await storeId());
    await expectRefusedAndUnchanged(shopper, made);
  });

  it('replays no answer to a session that ended since: a retry with the same Idempotency-Key is not found', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const send = () =>
      shopper.request('POST', `/api/storefront/carts/${cart.id}/items`, { lineItems: [{ productId: 1, quantity: 1 }] }, { headers: { 'idempotency-key': `retry-${cart.id}` } });
    const first = await send();
    expect(first.statusCode, first.body).toBe(200);
    expect((await send()).headers['idempotent-replayed']).toBe('true');
    await otherStore.deleteSession(tokenHash(shopper), await storeId());
    const retried = await send();
    expect(retried.statusCode, retried.body).toBe(404);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses every change, as not found, once the session expired, and changes nothing', async () => {
    const shopper = new Shopper(t.app);
    const made = await consigned(shopper);
    await db.updateTable('storefront_sessions').set({ expires_at: Date.now() - 1 }).where('token_hash', '=', tokenHash(shopper)).execute();
    await expectRefusedAndUnchanged(shopper, made);
  });

  it('answers a change it would refuse, for a session that ended elsewhere, as one with no session: not found', async () => {
    const shopper = new Shopper(t.app);
    const made = await consigned(shopper);
    const consignment = `/api/storefront/checkouts/${made.cart.id}/consignments`;
    const refusals = async () => [
      // Nothing to change; two versions at once; a body that is no version.
      (await shopper.request('PUT', `${consignment}/${made.consignment}`, {})).statusCode,
      (await shopper.request('POST', consignment, [{ address: SF_AUSTIN, lineItems: [{ itemId: made.cart.lamp, quantity: 1 }], version: 1 }, { address: SF_AUSTIN, lineItems: [{ itemId: made.cart.mugs, quantity: 1 }], version: 2 }])).statusCode,
      (await shopper.request('DELETE', `${consignment}/${made.consignment}`, [])).statusCode,
    ];
    expect(await refusals()).toEqual([422, 409, 422]);
    await otherStore.deleteSession(tokenHash(shopper), await storeId());
    expect(await refusals()).toEqual([404, 404, 404]);
  });

  it('answers a change without its CSRF token, for a session that ended elsewhere, as one with no session: not found, no cookies', async () => {
    const shopper = new Shopper(t.app);
    const made = await consigned(shopper);
    const url = `/api/storefront/checkouts/${made.cart.id}/consignments/${made.consignment}?${OPTIONS}`;
    // While the session lives, the token is required.
    expect((await shopper.request('PUT', url, { shippingOptionId: made.option }, { xsrf: null })).statusCode).toBe(403);
    await otherStore.deleteSession(tokenHash(shopper), await storeId());
    // A read would find no session, which needs no token: the cart is simply not found.
    const refused = await shopper.request('PUT', url, { shippingOptionId: made.option }, { xsrf: null });
    expect(refused.statusCode, refused.body).toBe(404);
    expect(refused.headers['set-cookie']).toBeUndefined();
  });

  it('writes nothing for a session that ended elsewhere, not even the re-quote a change of the store\'s shipping calls for', async () => {
    const zone = await t.api('POST', '/v2/shipping/zones', { name: `NZ ${kind}`, type: 'country', locations: [{ country_iso2: 'NZ' }] });
    expect(zone.statusCode, zone.body).toBe(201);
    const method = (await t.api('POST', `/v2/shipping/zones/${zone.json().id}/methods`, { name: 'Courier', type: 'perorder', settings: { rate: 20 } })).json();
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const created = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments?${OPTIONS}`, [{ address: AUCKLAND, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }]);
    expect(created.statusCode, created.body).toBe(200);
    const consignment = created.json().consignments[0];
    await otherStore.deleteSession(tokenHash(shopper), await storeId());
    // The consignment's options change: the next read of the cart re-quotes it and saves that.
    expect((await t.api('PUT', `/v2/shipping/zones/${zone.json().id}/methods/${method.id}`, { settings: { rate: 25 } })).statusCode).toBe(200);
    const version = async () => (await db.selectFrom('carts').select('version').where('id', '=', cart.id).executeTakeFirstOrThrow()).version;
    const before = await version();
    const refused = await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}/consignments/${consignment.id}?${OPTIONS}`, { shippingOptionId: consignment.availableShippingOptions[0].id });
    expect(refused.statusCode, refused.body).toBe(404);
    expect(await version()).toBe(before);
  });

  it('treats a session whose customer was deleted as signed out: a change asking to save its address stands, and saves nothing', async () => {
    const [customer] = (await t.api('POST', '/v3/customers', [{ email: `gone-${kind}@example.com`, first_name: 'Go', last_name: 'Ne', authentication: { new_password: 'goneaway1' } }])).json().data;
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    expect((await shopper.request('POST', '/internalapi/v1/checkout/customer', { email: `gone-${kind}@example.com`, password: 'goneaway1' })).statusCode).toBe(200);
    const created = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }]);
    expect(created.statusCode, created.body).toBe(200);
    // Deleting the customer signs its sessions out (their customer becomes none); the sessions live on.
    expect((await t.api('DELETE', `/v3/customers?id:in=${customer.id}`)).statusCode).toBe(204);
    const moved = await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}/consignments/${created.json().consignments[0].id}`, { address: { ...SF_AUSTIN, city: 'Round Rock', shouldSaveAddress: true } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await managed(cart.id)).consignments[0].address.city).toBe('Round Rock');
    expect((await t.api('GET', `/v3/customers/addresses?customer_id:in=${customer.id}`)).json().data).toEqual([]);
  });

  it('refuses the old token of a browser that signed in through another process', async () => {
    const shopper = new Shopper(t.app);
    const made = await consigned(shopper);
    const old = new Map(shopper.cookies);
    const elsewhere = new Shopper(other);
    for (const [name, value] of shopper.cookies) elsewhere.cookies.set(name, value);
    const signedIn = await elsewhere.request('POST', '/internalapi/v1/checkout/customer', DEMO);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    // A second tab still holding the old cookies, at this process.
    const tab = new Shopper(t.app);
    for (const [name, value] of old) tab.cookies.set(name, value);
    await expectRefusedAndUnchanged(tab, made);
    // The new session changes the cart here.
    const current = new Shopper(t.app);
    for (const [name, value] of elsewhere.cookies) current.cookies.set(name, value);
    const selected = await current.request('PUT', `/api/storefront/checkouts/${made.cart.id}/consignments/${made.consignment}?${OPTIONS}`, { shippingOptionId: made.option });
    expect(selected.statusCode, selected.body).toBe(200);
  });
});
