import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';

const DEFAULTS = {
  custom_checkout_script_url: '',
  order_confirmation_use_custom_checkout_script: false,
  custom_order_confirmation_script_url: '',
  custom_checkout_supports_uco_settings: false,
  custom_checkout_sri_hash: '',
  custom_order_confirmation_sri_hash: '',
};
const DEV_LOADER = 'http://127.0.0.1:8080/auto-loader-dev.js';

/** Upstream's Checkout Settings, `GET|PUT /v3/checkouts/settings` (checkouts.v3.yml). */
describe.each(STORE_KINDS)('checkout settings on %s', (kind) => {
  let t: TestApp;
  let otherHash: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const { store: _store, ...fixture } = await readFixture(DEMO_FIXTURE);
    otherHash = (await seed(t.app.consign, fixture)).hash;
  });
  afterAll(async () => t.close());

  const settings = async () => {
    const response = await t.api('GET', '/v3/checkouts/settings');
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  it('answers upstream\'s fields, empty by default, in the {data, meta} envelope', async () => {
    expect(await settings()).toEqual({ data: DEFAULTS, meta: {} });
  });

  it('changes only the fields sent, keeps them, and another store sees none of it', async () => {
    const put = await t.api('PUT', '/v3/checkouts/settings', { custom_checkout_script_url: DEV_LOADER, custom_checkout_supports_uco_settings: true });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().data).toEqual({ ...DEFAULTS, custom_checkout_script_url: DEV_LOADER, custom_checkout_supports_uco_settings: true });
    const sri = 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC';
    await t.api('PUT', '/v3/checkouts/settings', { custom_checkout_sri_hash: sri });
    expect((await settings()).data).toEqual({ ...DEFAULTS, custom_checkout_script_url: DEV_LOADER, custom_checkout_supports_uco_settings: true, custom_checkout_sri_hash: sri });

    const other = await t.api('GET', `/stores/${otherHash}/v3/checkouts/settings`, undefined, { token: await t.tokenWith(['store_checkouts'], otherHash) });
    expect(other.json().data).toEqual(DEFAULTS);
    // The demo store's token does not reach the other store at all.
    expect((await t.api('PUT', `/stores/${otherHash}/v3/checkouts/settings`, { custom_checkout_script_url: DEV_LOADER })).statusCode).toBe(401);

    // Empty strings put a store back on its own checkout, as upstream documents.
    const reset = await t.api('PUT', '/v3/checkouts/settings', { custom_checkout_script_url: '', custom_checkout_sri_hash: '', custom_checkout_supports_uco_settings: false });
    expect(reset.json().data).toEqual(DEFAULTS);
  });

  it('empties the confirmation\'s own script when the confirmation uses the checkout script', async () => {
    await t.api('PUT', '/v3/checkouts/settings', { custom_order_confirmation_script_url: 'https://cdn.example.com/confirm.js' });
    expect((await settings()).data.custom_order_confirmation_script_url).toBe('https://cdn.example.com/confirm.js');
    const put = await t.api('PUT', '/v3/checkouts/settings', { order_confirmation_use_custom_checkout_script: true });
    expect(put.json().data).toMatchObject({ order_confirmation_use_custom_checkout_script: true, custom_order_confirmation_script_url: '' });
    await t.api('PUT', '/v3/checkouts/settings', { order_confirmation_use_custom_checkout_script: false });
  });

  it('refuses what a page could not load with 422 naming the field, and changes nothing', async () => {
    await t.api('PUT', '/v3/checkouts/settings', { custom_checkout_script_url: DEV_LOADER });
    const before = await settings();
    const cases: [unknown, string][] = [
      [{ custom_checkout_script_url: 'auto-loader.js' }, 'custom_checkout_script_url'],
      [{ custom_checkout_script_url: 'javascript:alert(1)' }, 'custom_checkout_script_url'],
      [{ custom_checkout_script_url: 'webdav:vtz-checkout/dist/auto-loader.js' }, 'custom_checkout_script_url'],
      [{ custom_order_confirmation_script_url: 'ftp://example.com/x.js' }, 'custom_order_confirmation_script_url'],
      [{ custom_checkout_script_url: 'https://user:secret@example.com/x.js' }, 'custom_checkout_script_url'],
      [{ custom_checkout_sri_hash: 'md5-abc' }, 'custom_checkout_sri_hash'],
      [{ order_confirmation_use_custom_checkout_script: 'yes' }, 'order_confirmation_use_custom_checkout_script'],
      [{ custom_checkout_script_url: `https://example.com/${'a'.repeat(2100)}.js` }, 'custom_checkout_script_url'],
    ];
    for (const [body, field] of cases) {
      const response = await t.api('PUT', '/v3/checkouts/settings', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(response.json()).toMatchObject({ status: 422 });
      expect(JSON.stringify(response.json().errors ?? {}), JSON.stringify(body)).toContain(field);
    }
    expect((await t.api('PUT', '/v3/checkouts/settings', 'not json', { headers: { 'content-type': 'application/json' } })).statusCode).toBe(400);
    expect(await settings()).toEqual(before);
    await t.api('PUT', '/v3/checkouts/settings', { custom_checkout_script_url: '' });
  });

  it('needs a checkouts scope: read-only reads, only modify writes', async () => {
    const readOnly = await t.tokenWith(['store_checkouts_read_only']);
    expect((await t.api('GET', '/v3/checkouts/settings', undefined, { token: readOnly })).statusCode).toBe(200);
    expect((await t.api('PUT', '/v3/checkouts/settings', { custom_checkout_script_url: DEV_LOADER }, { token: readOnly })).statusCode).toBe(403);
    const cartsOnly = await t.tokenWith(['store_cart']);
    expect((await t.api('GET', '/v3/checkouts/settings', undefined, { token: cartsOnly })).statusCode).toBe(403);
    expect((await settings()).data.custom_checkout_script_url).toBe('');
  });

  it('leaves a checkout id called "settings" to the settings route, and real checkouts to theirs', async () => {
    const created = await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] });
    const id = created.json().data.id as string;
    expect((await t.api('GET', `/v3/checkouts/${id}`)).json().data.id).toBe(id);
    expect((await t.api('GET', '/v3/checkouts/settings')).json().data).toHaveProperty('custom_checkout_script_url');
  });
});
