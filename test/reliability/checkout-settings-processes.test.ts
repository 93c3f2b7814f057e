import { describe, expect, it } from 'vitest';
import { builtCliForFile } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { call, twoServicesOn } from './processes.js';

/**
 * Checkout settings through two real service processes on one database: changes to different
 * settings sent at once through both (the checkout scripts' fields, the storefront's origins, tax)
 * are all kept, as each is applied to the settings read inside its configuration transaction; and
 * the other process's hosted page loads the new script.
 */
const cli = builtCliForFile();

describe.each(STORE_KINDS)('checkout settings through two processes on %s', (kind) => {
  const { services } = twoServicesOn(kind, cli);

  const base = (i: number) => services[i % services.length]!.base;

  it('keeps every acknowledged change to different settings made at once, and both processes serve it', { timeout: 60_000 }, async () => {
    const writes: [string, unknown][] = [
      ['/v3/checkouts/settings', { custom_checkout_script_url: 'http://127.0.0.1:8080/auto-loader-dev.js' }],
      ['/v3/checkouts/settings', { custom_order_confirmation_script_url: 'https://cdn.example.com/confirm.js' }],
      ['/v3/checkouts/settings', { custom_checkout_sri_hash: 'sha256-abc' }],
      ['/v3/checkouts/settings', { custom_checkout_supports_uco_settings: true }],
      ['/v3/storefront/settings', { storefront_origins: ['https://shop.example.com'] }],
      ['/v3/tax/settings', { show_prices_including_tax: true }],
    ];
    const answers = await Promise.all(writes.map(([path, body], i) => call(base(i), 'PUT', path, body)));
    expect(answers.map((a) => a.status)).toEqual(writes.map(() => 200));

    for (const i of [0, 1]) {
      expect((await call(base(i), 'GET', '/v3/checkouts/settings')).body.data).toEqual({
        custom_checkout_script_url: 'http://127.0.0.1:8080/auto-loader-dev.js',
        order_confirmation_use_custom_checkout_script: false,
        custom_order_confirmation_script_url: 'https://cdn.example.com/confirm.js',
        custom_checkout_supports_uco_settings: true,
        custom_checkout_sri_hash: 'sha256-abc',
        custom_order_confirmation_sri_hash: '',
      });
      expect((await call(base(i), 'GET', '/v3/storefront/settings')).body.data.storefront_origins).toEqual(['https://shop.example.com']);
      expect((await call(base(i), 'GET', '/v3/tax/settings')).body.data.show_prices_including_tax).toBe(true);
    }

    // A browser's cart made through one process; the other's checkout page loads the new script.
    const created = await fetch(`${base(0)}/api/storefront/carts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lineItems: [{ productId: 1, quantity: 1 }] }) });
    expect(created.status).toBe(200);
    const cookie = created.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const page = await (await fetch(`${base(1)}/checkout`, { headers: { cookie } })).text();
    expect(page).toContain('src="http://127.0.0.1:8080/auto-loader-dev.js" integrity="sha256-abc"');
  });
});
