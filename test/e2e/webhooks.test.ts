import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyDelivery } from '../../src/domain/webhooks/signature.js';
import { AUSTIN, DALLAS } from '../helpers/addresses.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from '../storefront/shopper.js';
import { type WebhookReceiver, startWebhookReceiver } from '../helpers/webhook-receiver.js';

/** Issue 15, items 5 and 6 (docs/webhooks.md), through one process: the routes, the envelope, the signature, retries and deactivation. */

const item = (sku: string) => ({ custom_items: [{ sku, name: sku, quantity: 1, list_price: 5 }] });

describe.each(STORE_KINDS)('webhooks on %s', (kind) => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await createTestApp(kind, { webhooks: { retry: { delaysMs: [50], deactivateAfterMs: 60_000 }, pollMs: 50, timeoutMs: 2_000 } });
    receiver = await startWebhookReceiver();
    t.app.consign.webhookDispatcher.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  const hooks: number[] = [];
  afterEach(async () => {
    // Each test's hooks go, so that the next test's receiver sees its own events only.
    for (const id of hooks.splice(0)) await t.api('DELETE', `/v3/hooks/${id}`);
    // A delivery already on its way when its hook went still lands.
    await new Promise((resolve) => setTimeout(resolve, 150));
    receiver.received.length = 0;
    receiver.answer = () => 200;
  });
  const subscribe = async (body: object) => {
    const response = await t.api('POST', '/v3/hooks', body);
    expect(response.statusCode, response.body).toBe(200);
    hooks.push(response.json().data.id);
    return response.json().data as { id: number; secret: string; scope: string; is_active: boolean };
  };
  /** A cart with one lamp (the demo store's product 1), a physical item a consignment can ship. */
  const newCart = async () => {
    const response = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().data as { id: string; line_items: { physical_items: { id: string }[] } };
  };

  it('creates, lists, reads, updates and deletes hooks in upstream\'s shapes', async () => {
    const created = await t.api('POST', '/v3/hooks', { scope: 'store/cart/*', destination: receiver.url, headers: { 'x-shared': 'one' } });
    expect(created.statusCode, created.body).toBe(200);
    const hook = created.json().data;
    expect(hook).toMatchObject({ scope: 'store/cart/*', destination: receiver.url, is_active: true, headers: { 'x-shared': 'one' }, store_hash: t.hash });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    expect(typeof hook.created_at).toBe('number');

    const read = (await t.api('GET', `/v3/hooks/${hook.id}`)).json().data;
    expect(read).toEqual({ ...hook, secret: undefined, created_at: hook.created_at, updated_at: hook.updated_at });
    expect(read.secret).toBeUndefined();

    const listed = (await t.api('GET', '/v3/hooks?scope=store/cart/*')).json();
    expect(listed.data.map((h: { id: number }) => h.id)).toContain(hook.id);
    expect(listed.meta.pagination).toMatchObject({ total: listed.data.length, current_page: 1 });
    expect((await t.api('GET', '/v3/hooks?is_active=false')).json().data.map((h: { id: number }) => h.id)).not.toContain(hook.id);

    const updated = await t.api('PUT', `/v3/hooks/${hook.id}`, { is_active: false, headers: null });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().data).toMatchObject({ id: hook.id, is_active: false, headers: null, scope: 'store/cart/*' });
    expect((await t.api('PUT', `/v3/hooks/${hook.id}`, {})).statusCode).toBe(422);

    const deleted = await t.api('DELETE', `/v3/hooks/${hook.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().data.id).toBe(hook.id);
    expect((await t.api('GET', `/v3/hooks/${hook.id}`)).statusCode).toBe(404);
    expect((await t.api('DELETE', `/v3/hooks/${hook.id}`)).statusCode).toBe(404);
    expect((await t.api('GET', `/v3/consign/hooks/${hook.id}/deliveries`)).statusCode).toBe(404);
  });

  it('refuses with 422, changing nothing, a scope without events, a destination that is not an http(s) URL, or a header HTTP cannot carry', async () => {
    const before = (await t.api('GET', '/v3/hooks')).json().data;
    for (const body of [
      { scope: 'store/product/created', destination: receiver.url },
      { scope: 'store/*', destination: receiver.url },
      { scope: 'store/cart/created', destination: 'not a url' },
      { scope: 'store/cart/created', destination: 'ftp://127.0.0.1/x' },
      { scope: 'store/cart/created', destination: receiver.url, headers: { 'bad header': 'x' } },
      { scope: 'store/cart/created', destination: receiver.url, headers: { 'webhook-signature': 'forged' } },
      { scope: 'store/cart/created', destination: receiver.url, headers: { 'x-ok': 'line\nbreak' } },
    ]) {
      const response = await t.api('POST', '/v3/hooks', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(response.json()).toMatchObject({ status: 422 });
    }
    expect((await t.api('GET', '/v3/hooks')).json().data).toEqual(before);
  });

  it('delivers cart, line item and consignment events in upstream\'s envelope, with the hook\'s headers, signed, in order', async () => {
    const hook = await subscribe({ scope: 'store/cart/*', destination: receiver.url, headers: { 'x-merchant-key': 'k-123' } });
    const connections = receiver.connections;
    const cart = await newCart();
    const added = await t.api('POST', `/v3/carts/${cart.id}/items`, item('B'));
    expect(added.statusCode, added.body).toBe(201);
    const lineId = cart.line_items.physical_items[0]!.id;
    const consigned = await t.api('POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [{ address: AUSTIN, line_items: [{ item_id: lineId, quantity: 1 }] }]);
    expect(consigned.statusCode, consigned.body).toBe(200);
    const consignment = consigned.json().data.consignments[0];
    const option = consignment.available_shipping_options[0];
    expect((await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: option.id })).statusCode).toBe(200);
    // A new address invalidates the chosen option (docs/consignments.md).
    expect((await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { address: DALLAS, line_items: [{ item_id: lineId, quantity: 1 }] })).statusCode).toBe(200);
    expect((await t.api('DELETE', `/v3/carts/${cart.id}`)).statusCode).toBe(204);

    await receiver.waitFor(() => receiver.received.some((r) => r.json.scope === 'store/cart/deleted'));
    // One after the other, the deliveries reuse their connection rather than open one each.
    expect(receiver.connections - connections).toBeLessThan(receiver.received.length / 2);
    const scopes = receiver.firsts().map((r) => r.json.scope);
    expect(scopes).toEqual([
      'store/cart/created',
      'store/cart/lineItem/created',
      'store/cart/updated',
      'store/cart/lineItem/created',
      'store/cart/updated',
      'store/cart/consignment/created',
      'store/cart/updated',
      'store/cart/consignment/shippingOption/selected',
      'store/cart/updated',
      'store/cart/consignment/updated',
      'store/cart/consignment/shippingOption/invalidated',
      'store/cart/deleted',
    ]);
    const first = receiver.received[0]!;
    const store = await t.app.consign.accounts.findStore(t.hash);
    expect(first.json).toEqual({ scope: 'store/cart/created', store_id: String(store!.id), data: { type: 'cart', id: cart.id }, hash: expect.stringMatching(/^[0-9a-f]{40}$/), created_at: expect.any(Number), producer: `stores/${t.hash}` });
    expect(receiver.received.find((r) => r.json.scope === 'store/cart/consignment/shippingOption/selected')!.json.data).toEqual({ type: 'cart_consignment', id: consignment.id, cartId: cart.id, shippingOptionId: option.id });
    for (const request of receiver.received) {
      expect(request.headers['x-merchant-key']).toBe('k-123');
      expect(request.headers['content-type']).toBe('application/json');
      const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = request.headers as Record<string, string>;
      expect(verifyDelivery(hook.secret, id!, Number(timestamp), request.body, signature!)).toBe(true);
      expect(verifyDelivery(hook.secret, id!, Number(timestamp), request.body.replace('cart', 'cArt'), signature!)).toBe(false);
    }

    // The receiver has answered; the outcome is recorded a moment later.
    let log = await t.api('GET', `/v3/consign/hooks/${hook.id}/deliveries?limit=5`);
    // On SQLite an injected request never waits for I/O: pause, so that the dispatcher's answer is read.
    while (log.json().data[0].status === 'pending') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log = await t.api('GET', `/v3/consign/hooks/${hook.id}/deliveries?limit=5`);
    }
    expect(log.statusCode, log.body).toBe(200);
    const { data, meta } = log.json();
    expect(meta.pagination).toMatchObject({ total: 12, count: 5, per_page: 5, total_pages: 3 });
    expect(data[0]).toMatchObject({ scope: 'store/cart/deleted', status: 'delivered', attempts: 1, last_status_code: 200, last_answer: 'ok', next_attempt_at: null });
    expect(data[0].delivered_at).toEqual(expect.any(Number));
    expect(data[0].event_id).toBe(receiver.received.at(-1)!.headers['webhook-id']);
  });

  it('sends a hook only the scopes it subscribed to, and records nothing for an inactive hook', async () => {
    const orders = await subscribe({ scope: 'store/order/*', destination: receiver.url });
    const lines = await subscribe({ scope: 'store/cart/lineItem/created', destination: receiver.url });
    const idle = await subscribe({ scope: 'store/cart/*', destination: receiver.url, is_active: false });
    const cart = await newCart();
    await t.api('POST', `/v3/carts/${cart.id}/items`, item('D'));
    await receiver.waitFor(() => receiver.received.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received.map((r) => r.json.scope)).toEqual(['store/cart/lineItem/created', 'store/cart/lineItem/created']);
    expect((await t.api('GET', `/v3/consign/hooks/${orders.id}/deliveries`)).json().data).toEqual([]);
    expect((await t.api('GET', `/v3/consign/hooks/${idle.id}/deliveries`)).json().data).toEqual([]);
    expect((await t.api('GET', `/v3/consign/hooks/${lines.id}/deliveries`)).json().meta.pagination.total).toBe(2);
  });

  it('records nothing for a write that did not happen (a stale version\'s 409)', async () => {
    const hook = await subscribe({ scope: 'store/cart/updated', destination: receiver.url });
    const cart = await newCart();
    const stale = await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'lost', version: 0 });
    expect(stale.statusCode, stale.body).toBe(409);
    expect((await t.api('PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'kept' })).statusCode).toBe(200);
    await receiver.waitFor(() => receiver.received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.map((r) => r.json.scope)).toEqual(['store/cart/updated']);
    expect((await t.api('GET', `/v3/consign/hooks/${hook.id}/deliveries`)).json().meta.pagination.total).toBe(1);
  });

  it('retries after a receiver outage and keeps each cart\'s order, delivering every event', async () => {
    const hook = await subscribe({ scope: 'store/cart/*', destination: receiver.url });
    let down = true;
    receiver.answer = () => (down ? 503 : 200);
    const carts = await Promise.all([newCart(), newCart(), newCart()]);
    for (const cart of carts) await t.api('POST', `/v3/carts/${cart.id}/items`, item(`${cart.id}-2`));
    await receiver.waitFor(() => receiver.received.filter((r) => r.status === 503).length >= 6);
    const failing = (await t.api('GET', `/v3/consign/hooks/${hook.id}/deliveries`)).json().data;
    expect(failing.some((d: { status: string; last_status_code: number; last_answer: string }) => d.status === 'failed' && d.last_status_code === 503 && d.last_answer === 'receiver is down')).toBe(true);
    // Only each cart's first event was tried: the ones after it wait their turn.
    const tried = new Set(receiver.received.map((r) => r.json.data.id));
    expect(receiver.received.every((r) => r.json.scope === 'store/cart/created')).toBe(true);
    expect(tried.size).toBe(3);

    down = false;
    await receiver.waitFor(() => receiver.received.filter((r) => r.status === 200).length === 12);
    for (const cart of carts) {
      const delivered = receiver.received.filter((r) => r.status === 200 && (r.json.data.id === cart.id || r.json.data.cartId === cart.id)).map((r) => r.json.scope);
      expect(delivered).toEqual(['store/cart/created', 'store/cart/lineItem/created', 'store/cart/updated', 'store/cart/lineItem/created']);
    }
    // Each outcome is recorded a moment after the receiver answered.
    let log: { status: string; attempts: number }[] = [];
    const deadline = Date.now() + 10_000;
    for (;;) {
      log = (await t.api('GET', `/v3/consign/hooks/${hook.id}/deliveries`)).json().data;
      if (log.every((d) => d.status === 'delivered') || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(log.map((d) => d.status)).toEqual(Array(12).fill('delivered'));
    expect(Math.max(...log.map((d) => d.attempts))).toBeGreaterThan(1);
  });

  it('records customers created, updated and deleted, with the customer write', async () => {
    await subscribe({ scope: 'store/customer/*', destination: receiver.url });
    const created = await t.api('POST', '/v3/customers', [{ first_name: 'Hook', last_name: 'Test', email: `hook-${kind}@example.com` }]);
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().data[0].id;
    expect((await t.api('PUT', '/v3/customers', [{ id, first_name: 'Hooked' }])).statusCode).toBe(200);
    // An id nobody has is no event.
    expect((await t.api('DELETE', `/v3/customers?id:in=${id},999999`)).statusCode).toBe(204);
    await receiver.waitFor(() => receiver.received.length >= 3);
    expect(receiver.received.map((r) => [r.json.scope, r.json.data])).toEqual([
      ['store/customer/created', { type: 'customer', id }],
      ['store/customer/updated', { type: 'customer', id }],
      ['store/customer/deleted', { type: 'customer', id }],
    ]);
  });

  it('records an order paid after placement as updated, and its status moving with upstream\'s status ids', async () => {
    await subscribe({ scope: 'store/order/*', destination: receiver.url });
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const base = `/api/storefront/checkouts/${cart.id}`;
    const consigned = await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }, { itemId: cart.mugs, quantity: 2 }] }]);
    const consignment = consigned.json().consignments[0];
    expect((await shopper.request('PUT', `${base}/consignments/${consignment.id}`, { shippingOptionId: consignment.availableShippingOptions[0].id })).statusCode).toBe(200);
    expect((await shopper.request('POST', `${base}/billing-address`, SF_AUSTIN)).statusCode).toBe(200);
    const placed = await shopper.request('POST', '/internalapi/v1/checkout/order', { cartId: cart.id, customerMessage: '' });
    expect(placed.statusCode, placed.body).toBe(200);
    const orderId = placed.json().data.order.orderId;
    const paid = await t.app.inject({
      method: 'POST',
      url: '/api/public/v1/orders/payments',
      headers: { host: 'consign.test', 'content-type': 'application/json', authorization: placed.headers.token as string },
      payload: JSON.stringify({
        order: { id: String(orderId), token: 'ignored' },
        payment: { gateway: 'testgateway', method: 'credit-card', credit_card: { account_name: 'Ada Lovelace', number: '4111111111111111', month: 12, year: 2099, verification_value: '123' } },
        store: { store_hash: 'x' },
      }),
    });
    expect(paid.statusCode, paid.body).toBe(200);
    await receiver.waitFor(() => receiver.received.length >= 3);
    expect(receiver.received.map((r) => [r.json.scope, r.json.data]).sort()).toEqual(
      [
        ['store/order/created', { type: 'order', id: orderId }],
        ['store/order/statusUpdated', { type: 'order', id: orderId, status: { previous_status_id: 0, new_status_id: 11 } }],
        ['store/order/updated', { type: 'order', id: orderId }],
      ].sort(),
    );
  });

  it('records an order placed from the cart as the cart converted and the order created', async () => {
    await subscribe({ scope: 'store/order/created', destination: receiver.url });
    await subscribe({ scope: 'store/cart/converted', destination: receiver.url });
    const cart = await newCart();
    const lineId = cart.line_items.physical_items[0]!.id;
    expect((await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...AUSTIN })).statusCode).toBeLessThan(300);
    const consigned = await t.api('POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [{ address: AUSTIN, line_items: [{ item_id: lineId, quantity: 1 }] }]);
    const consignment = consigned.json().data.consignments[0];
    await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: consignment.available_shipping_options[0].id });
    const placed = await t.api('POST', `/v3/checkouts/${cart.id}/orders`);
    expect(placed.statusCode, placed.body).toBe(200);
    const orderId = placed.json().data.id;
    await receiver.waitFor(() => receiver.received.length >= 2);
    expect(receiver.received.map((r) => r.json.data)).toEqual([
      { type: 'cart', id: cart.id, orderId },
      { type: 'order', id: orderId },
    ]);
  });
});

describe.each(STORE_KINDS)('webhook deactivation on %s', (kind) => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    // The rule's timings shortened: retries 40 ms apart, given up 400 ms after the first attempt.
    t = await createTestApp(kind, { webhooks: { retry: { delaysMs: [40], deactivateAfterMs: 400 }, pollMs: 20, timeoutMs: 2_000 } });
    receiver = await startWebhookReceiver();
    t.app.consign.webhookDispatcher.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('deactivates a hook whose deliveries keep failing for the whole window, and abandons what it had to send', async () => {
    receiver.answer = () => 500;
    const hook = (await t.api('POST', '/v3/hooks', { scope: 'store/cart/*', destination: receiver.url })).json().data;
    const cart = (await t.api('POST', '/v3/carts', item('Z'))).json().data;
    await t.api('POST', `/v3/carts/${cart.id}/items`, item('Y'));
    const deadline = Date.now() + 20_000;
    while ((await t.api('GET', `/v3/hooks/${hook.id}`)).json().data.is_active) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(receiver.received.length).toBeGreaterThan(2);
    const log = (await t.api('GET', `/v3/consign/hooks/${hook.id}/deliveries`)).json().data as { status: string; attempts: number; scope: string }[];
    expect(log.every((d) => d.status === 'abandoned')).toBe(true);
    expect(log.at(-1)).toMatchObject({ scope: 'store/cart/created', status: 'abandoned' });
    expect(log.at(-1)!.attempts).toBeGreaterThan(2);
    // An inactive hook records no more events, and a reactivated one gets the next ones.
    const count = receiver.received.length;
    await t.api('POST', `/v3/carts/${cart.id}/items`, item('X'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.length).toBe(count);
    receiver.answer = () => 200;
    expect((await t.api('PUT', `/v3/hooks/${hook.id}`, { is_active: true })).json().data.is_active).toBe(true);
    await t.api('POST', `/v3/carts/${cart.id}/items`, item('W'));
    await receiver.waitFor(() => receiver.received.some((r) => r.status === 200));
  });
});

describe.each(STORE_KINDS)('a webhook receiver slower than the timeout on %s', (kind) => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await createTestApp(kind, { webhooks: { retry: { delaysMs: [50], deactivateAfterMs: 60_000 }, pollMs: 20, timeoutMs: 300 } });
    receiver = await startWebhookReceiver();
    t.app.consign.webhookDispatcher.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('fails an attempt the receiver does not answer in time, logs why, and delivers on a retry', async () => {
    receiver.delayMs = 1_500;
    const hook = (await t.api('POST', '/v3/hooks', { scope: 'store/cart/created', destination: receiver.url })).json().data;
    expect((await t.api('POST', '/v3/carts', item('slow'))).statusCode).toBe(201);
    const first = async () => (await t.api('GET', `/v3/consign/hooks/${hook.id}/deliveries`)).json().data[0];
    await receiver.waitFor(() => receiver.started > 0);
    const deadline = Date.now() + 20_000;
    let logged = await first();
    while (logged.status !== 'failed') {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 20));
      logged = await first();
    }
    expect(logged).toMatchObject({ status: 'failed', last_status_code: null, last_answer: 'No answer within 300 ms.' });
    receiver.delayMs = 0;
    while ((logged = await first()).status !== 'delivered') {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logged.attempts).toBeGreaterThan(1);
  });
});

describe.each(STORE_KINDS)('webhook delivery retention on %s', (kind) => {
  const DAY = 24 * 60 * 60 * 1000;
  let t: TestApp;
  let receiver: WebhookReceiver;
  let clock = Date.now();
  beforeAll(async () => {
    // Retries a month apart, so that a failed delivery is still failed after the days this test skips.
    t = await createTestApp(kind, { now: () => clock, webhooks: { retry: { delaysMs: [30 * DAY], deactivateAfterMs: 60 * DAY }, retentionMs: 7 * DAY, pollMs: 20, timeoutMs: 2_000 } });
    receiver = await startWebhookReceiver();
    t.app.consign.webhookDispatcher.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  interface Logged { status: string; created_at: number }
  /** A hook's whole delivery log, and the total its pagination claims. */
  const logOf = async (hookId: number): Promise<{ rows: Logged[]; total: number }> => {
    const rows: Logged[] = [];
    for (let page = 1; ; page++) {
      const answer = await t.api('GET', `/v3/consign/hooks/${hookId}/deliveries?limit=3&page=${page}`);
      expect(answer.statusCode, answer.body).toBe(200);
      rows.push(...answer.json().data);
      const { total, total_pages: pages } = answer.json().meta.pagination;
      if (page >= pages) return { rows, total };
    }
  };
  const until = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      expect(Date.now(), 'waited 20 s in vain').toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const cartWithTwoLines = async (sku: string) => {
    const cart = (await t.api('POST', '/v3/carts', item(`${sku}-1`))).json().data;
    expect((await t.api('POST', `/v3/carts/${cart.id}/items`, item(`${sku}-2`))).statusCode).toBe(201);
  };

  it('deletes delivered and abandoned deliveries past the retention period, keeps unsent and recent ones, and the log shows what is kept', async () => {
    const hook = async (destination: string) => (await t.api('POST', '/v3/hooks', { scope: 'store/cart/*', destination })).json().data.id as number;
    const delivered = await hook(receiver.url);
    // Nothing listens on port 9: every delivery fails, and waits a month for its retry.
    const failing = await hook('http://127.0.0.1:9/hooks');
    const dropped = await hook('http://127.0.0.1:9/hooks');
    await cartWithTwoLines('old');
    await until(async () => {
      const [sent, tried] = [await logOf(delivered), await logOf(failing)];
      return sent.rows.length > 0 && sent.rows.every((d) => d.status === 'delivered') && tried.rows.some((d) => d.status === 'failed');
    });
    // Made inactive: what it had still to send is abandoned now.
    expect((await t.api('PUT', `/v3/hooks/${dropped}`, { is_active: false })).statusCode).toBe(200);
    const old = { delivered: await logOf(delivered), failing: await logOf(failing), dropped: await logOf(dropped) };
    expect(old.dropped.rows.length).toBeGreaterThan(0);
    expect(old.dropped.rows.every((d) => d.status === 'abandoned')).toBe(true);

    // Eight days on, a new cart: its deliveries are recent, and the dispatcher's next round prunes.
    clock += 8 * DAY;
    await cartWithTwoLines('new');
    const recent = (rows: Logged[]) => rows.filter((d) => d.created_at * 1000 >= clock - DAY);
    await until(async () => {
      const now = await logOf(delivered);
      return now.rows.length > 0 && now.rows.every((d) => d.status === 'delivered' && d.created_at * 1000 >= clock - DAY) && (await logOf(dropped)).total === 0;
    });

    const kept = await logOf(delivered);
    expect(kept.rows).toHaveLength(old.delivered.rows.length);
    expect(kept.total).toBe(kept.rows.length);
    // Unsent deliveries stay, however old: a failed one and those waiting behind it.
    const stillFailing = await logOf(failing);
    expect(stillFailing.total).toBe(stillFailing.rows.length);
    expect(stillFailing.rows.length - recent(stillFailing.rows).length).toBe(old.failing.rows.length);
    expect(stillFailing.rows.filter((d) => d.created_at * 1000 < clock - DAY).every((d) => d.status === 'failed' || d.status === 'pending')).toBe(true);
    expect((await logOf(dropped)).rows).toEqual([]);
  });
});
