import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { SESSION_TTL_MS } from '../../src/services/storefront-sessions.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { Shopper } from './shopper.js';

const LINE_ITEMS = { lineItems: [{ productId: 1, quantity: 1 }] };
const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Only session tokens the service issued count, and binding a cart always issues a new one, so
 * a cookie someone else chose (or holds a copy of) never gets to see a shopper's cart.
 */
describe.each(STORE_KINDS)('storefront sessions are the service\'s own on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** A browser given cookies by someone else: a session token and its XSRF token, computed offline. */
  const planted = (token: string) => {
    const victim = new Shopper(t.app);
    victim.cookies.set('SHOP_SESSION_TOKEN', token);
    victim.cookies.set('XSRF-TOKEN', t.app.consign.sessions.csrfToken(token));
    return victim;
  };
  const carts = async (shopper: Shopper) => ((await shopper.request('GET', '/api/storefront/carts')).json() as { id: string }[]).map((c) => c.id);

  it('treats a cookie it never issued (or an empty one) as no session, and issues its own when a cart is made', async () => {
    for (const chosen of ['attacker-chosen-token', '']) {
      const victim = planted(chosen);
      const created = await victim.request('POST', '/api/storefront/carts', LINE_ITEMS);
      expect(created.statusCode, created.body).toBe(200);
      const issued = victim.cookies.get('SHOP_SESSION_TOKEN')!;
      expect(issued).not.toBe(chosen);
      expect(await carts(victim)).toEqual([created.json().id]);
      // The one who chose the cookie sees nothing with it.
      expect(await carts(planted(chosen))).toEqual([]);
      expect((await planted(chosen).request('GET', `/api/storefront/checkout/${created.json().id}`)).statusCode).toBe(404);
      // It is no session at all: the service offers no CSRF token for it, and asks none of it.
      const read = await planted(chosen).request('GET', '/api/storefront/carts');
      expect(read.headers['set-cookie']).toBeUndefined();
      expect((await planted(chosen).request('POST', '/api/storefront/carts', LINE_ITEMS, { xsrf: null })).statusCode).toBe(200);
    }
  });

  it('gives a new cart a new token even when the browser carried a real session of someone else', async () => {
    const attacker = new Shopper(t.app);
    const own = await attacker.createCart();
    const stolen = attacker.cookies.get('SHOP_SESSION_TOKEN')!;
    const victim = planted(stolen);
    const created = await victim.request('POST', '/api/storefront/carts', LINE_ITEMS);
    expect(created.statusCode, created.body).toBe(200);
    expect(victim.cookies.get('SHOP_SESSION_TOKEN')).not.toBe(stolen);
    expect(await carts(attacker)).toEqual([own.id]);
    expect(await carts(victim)).toEqual([created.json().id]);
  });

  it('binds a handed-off cart to a fresh token, and spends a link only at its own store and cart', async () => {
    const fixture = await readFixture(DEMO_FIXTURE);
    await seed(t.app.consign, { ...fixture, store: { ...fixture.store, storefront_hosts: ['other-shop.localhost'] } });
    t.app.consign.storefronts.invalidate();
    const cartId = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json().data.id as string;
    const url = new URL((await t.api('POST', `/v3/carts/${cartId}/redirect_urls`)).json().data.checkout_url);
    const link = url.pathname + url.search;

    // Opened at another store's host, or with another cart's id: refused, and the link lives on.
    expect((await new Shopper(t.app, 'other-shop.localhost').request('GET', link)).statusCode).toBe(404);
    expect((await new Shopper(t.app).request('GET', link.replace(cartId, '00000000-0000-4000-8000-000000000000'))).statusCode).toBe(404);

    const browser = new Shopper(t.app);
    await browser.createCart();
    const before = browser.cookies.get('SHOP_SESSION_TOKEN')!;
    const opened = await browser.request('GET', link);
    expect(opened.statusCode).toBe(303);
    expect(browser.cookies.get('SHOP_SESSION_TOKEN')).not.toBe(before);
    expect(await carts(browser)).toEqual([cartId]);
    // Whoever holds a copy of the earlier cookie does not get the handed-off cart.
    expect(await carts(planted(before))).not.toContain(cartId);
  });

  it('keeps a session in use alive: its expiry and cookies move forward, at most once a day', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const token = shopper.cookies.get('SHOP_SESSION_TOKEN')!;
    const store = (await t.app.consign.accounts.findStore(t.hash))!;
    const quiet = await shopper.request('GET', '/api/storefront/carts');
    expect(([] as string[]).concat(quiet.headers['set-cookie'] ?? [])).toEqual([]);

    // A session bound 29 days and 23 hours ago (its expiry an hour away) is used today.
    await t.app.consign.store.extendSession(hash(token), store.id, Date.now() + 60 * 60 * 1000);
    const used = await shopper.request('GET', `/api/storefront/checkout/${cart.id}`);
    expect(used.statusCode).toBe(200);
    const cookies = ([] as string[]).concat(used.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith(`SHOP_SESSION_TOKEN=${token};`))).toContain(`Max-Age=${SESSION_TTL_MS / 1000}`);
    expect(cookies.find((c) => c.startsWith('XSRF-TOKEN='))).toContain(`Max-Age=${SESSION_TTL_MS / 1000}`);
    const row = await t.app.consign.store.findSessionCart(hash(token), store.id, Date.now());
    expect(row!.expiresAt).toBeGreaterThan(Date.now() + SESSION_TTL_MS - 60_000);
    expect(row!.cartId).toBe(cart.id);
  });
});
