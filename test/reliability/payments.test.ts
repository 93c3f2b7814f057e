import { describe, expect, it } from 'vitest';
import { AUSTIN } from '../helpers/addresses.js';
import { builtCliForFile } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { call, twoServicesOn } from './processes.js';

const cli = builtCliForFile();
const APPROVED = '4111111111111111';

/**
 * A card payment is taken once, however many requests for it race through two service processes
 * on one database: the order's conditional write lets one through, the rest are refused (409) and
 * change nothing, and the order ends paid once (docs/payments.md).
 */
describe.each(STORE_KINDS)('card payments racing through two processes on %s', (kind) => {
  const { services } = twoServicesOn(kind, cli);

  /** A browser session holding an orderable checkout, through the hand-off link; its cookies and CSRF token. */
  async function shopperWithCheckout(base: string): Promise<{ cookie: string; xsrf: string; cartId: string }> {
    const cart = (await call(base, 'POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).body.data;
    const consigned = (await call(base, 'POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [{ address: AUSTIN, line_items: [{ item_id: cart.line_items.physical_items[0].id, quantity: 1 }] }])).body.data;
    const consignment = consigned.consignments[0];
    expect((await call(base, 'PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: consignment.available_shipping_options[0].id })).status).toBe(200);
    expect((await call(base, 'POST', `/v3/checkouts/${cart.id}/billing-address`, AUSTIN)).status).toBe(200);
    const link = new URL((await call(base, 'POST', `/v3/carts/${cart.id}/redirect_urls`)).body.data.cart_url);
    const opened = await fetch(`${base}${link.pathname}${link.search}`, { redirect: 'manual' });
    const cookies = opened.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const xsrf = decodeURIComponent(cookies.find((c) => c.startsWith('XSRF-TOKEN='))!.slice('XSRF-TOKEN='.length));
    return { cookie: cookies.join('; '), xsrf, cartId: cart.id };
  }

  it('approves one of 16 simultaneous payments of an order, refuses the rest, and records one capture', { timeout: 30_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const { cookie, xsrf, cartId } = await shopperWithCheckout(services[round % 2]!.base);
      const placed = await fetch(`${services[0]!.base}/internalapi/v1/checkout/order`, {
        method: 'POST',
        headers: { cookie, 'x-xsrf-token': xsrf, 'content-type': 'application/json' },
        body: JSON.stringify({ cartId }),
      });
      expect(placed.status, await placed.clone().text()).toBe(200);
      const token = placed.headers.get('token')!;
      const orderId = ((await placed.json()) as { data: { order: { orderId: number } } }).data.order.orderId;
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          fetch(`${services[i % 2]!.base}/api/public/v1/orders/payments`, {
            method: 'POST',
            headers: { authorization: token, 'content-type': 'application/json' },
            body: JSON.stringify({ order: { id: String(orderId) }, payment: { gateway: 'testgateway', method: 'credit-card', credit_card: { number: APPROVED, month: 12, year: 2099 } } }),
          }).then((r) => r.status),
        ),
      );
      expect(answers.filter((s) => s === 200), JSON.stringify(answers)).toHaveLength(1);
      expect(answers.every((s) => s === 200 || s === 409 || s === 503), JSON.stringify(answers)).toBe(true);
      const order = (await call(services[1]!.base, 'GET', `/v2/orders/${orderId}`)).body;
      expect(order).toMatchObject({ status: 'Awaiting Fulfillment', payment_status: 'captured', payment_method: 'Test Payment Gateway' });
    }
  });
});
