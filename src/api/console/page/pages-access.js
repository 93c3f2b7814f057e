// Stores (the admin API) and a store's API tokens (the management API's /v3/consign/api-accounts).
import { admin, api, consoleAccount, currentStore } from './api.js';
import { html, onClick, onSubmit, show, table, yesNo } from './ui.js';

export async function storesPage(main, { reloadStores, rerender }) {
  const stores = await admin.stores();
  show(
    main,
    html`<h1>Stores</h1>
    <section>${table(
      ['Hash', 'Name', 'Currency', 'Demo store', ''],
      stores.map((s) => [html`<code>${s.hash}</code>`, s.name, s.currency_code, s.demo ? yesNo(true) : '', s.hash === currentStore() ? html`<span class="tag grey">selected</span>` : html`<button class="quiet" data-act="select" data-hash="${s.hash}">Select</button>`]),
      'No stores yet.',
    )}</section>
    <section><h2>New store</h2>
      <form class="inline" data-form="store">
        <label>Name <input name="name" required maxlength="100" placeholder="My test store"></label>
        <label>Hash (optional) <input name="hash" pattern="[a-z0-9]{1,32}" placeholder="random" size="14"></label>
        <button type="submit">Create store</button>
        <div class="result"></div>
      </form>
      <p class="muted">A new store has no catalog, zones or methods. The CLI's <code>npx consign seed FILE --store HASH</code> loads a fixture into it.</p>
    </section>`,
  );
  onSubmit(main, 'store', async (values) => {
    const created = await admin.createStore({ name: values.name, ...(values.hash ? { hash: values.hash } : {}) });
    await reloadStores(created.hash);
    return html`<div class="ok">Created store <code>${created.hash}</code>, and selected it.</div>`;
  });
  onClick(main, 'select', async (button) => {
    await reloadStores(button.dataset.hash);
    await rerender();
  });
}

/** Upstream's scope families: each a write scope and a read-only one. */
const FAMILIES = [
  ['Carts', 'store_cart', 'store_cart_read_only'],
  ['Checkouts', 'store_checkout', 'store_checkout_read_only'],
  ['Shipping', 'store_v2_information', 'store_v2_information_read_only'],
  ['Pickup', 'store_fulfillment_methods_manage', 'store_fulfillment_methods_read_only'],
  ['Catalog', 'store_v2_products', 'store_v2_products_read_only'],
  ['Orders', 'store_v2_orders', 'store_v2_orders_read_only'],
  ['Marketing', 'store_v2_marketing', 'store_v2_marketing_read_only'],
  ['Payment methods', 'store_payments_methods_manage', 'store_payments_methods_read'],
  ['Customers', 'store_v2_customers', 'store_v2_customers_read_only'],
];

export async function tokensPage(main, { rerender }) {
  const accounts = (await api('GET', '/v3/consign/api-accounts')).data;
  const mine = consoleAccount()?.id;
  const now = Date.now();
  show(
    main,
    html`<h1>API tokens <span class="muted">of ${currentStore()}</span></h1>
    <div id="token-errors"></div>
    <section>${table(
      ['Id#', 'Name', 'Scopes', 'Created', 'Expires', ''],
      accounts.map((a) => [
        a.id,
        html`${a.name} ${a.id === mine ? html`<span class="tag grey">this console</span>` : ''}`,
        FAMILIES.every(([, write]) => a.scopes.includes(write)) ? 'every scope' : html`<span class="mono">${a.scopes.join(', ')}</span>`,
        a.created_at ?? '',
        a.expires_at ? html`${a.expires_at} ${Date.parse(a.expires_at) <= now ? html`<span class="tag no">expired</span>` : ''}` : 'never',
        html`<button class="danger" data-act="revoke" data-id="${a.id}">Revoke</button>`,
      ]),
    )}</section>
    <section><h2>New token</h2>
      <form data-form="token">
        <div class="inline" style="display:flex;gap:0.75rem;flex-wrap:wrap">
          <label>Name <input name="name" required maxlength="100" placeholder="CI bot"></label>
          <label>Expires (optional) <input name="expires_at" type="datetime-local"></label>
        </div>
        <table><thead><tr><th>Scope family</th><th>Access</th></tr></thead><tbody>
          ${FAMILIES.map(([family, write, read]) => html`<tr><td>${family}</td><td><select name="scope:${family}">
            <option value="${write}">modify</option><option value="${read}">read-only</option><option value="">none</option></select></td></tr>`)}
        </tbody></table>
        <p><button type="submit">Create token</button></p>
        <div class="result"></div>
      </form>
    </section>`,
  );
  onSubmit(main, 'token', async (values) => {
    const scopes = Object.entries(values).filter(([k, v]) => k.startsWith('scope:') && v).map(([, v]) => v);
    const expires = values.expires_at ? new Date(values.expires_at).toISOString() : undefined;
    const created = (await api('POST', '/v3/consign/api-accounts', { name: values.name, scopes, ...(expires ? { expires_at: expires } : {}) })).data;
    return html`<div class="ok">Token <strong>${created.name}</strong> (id ${created.id}), shown this once: <span class="token" data-token>${created.token}</span>
      <button class="quiet" type="button" onclick="location.reload()">Done</button></div>`;
  });
  onClick(main, 'revoke', async (button) => {
    await api('DELETE', `/v3/consign/api-accounts/${button.dataset.id}`);
    await rerender();
  }, main.querySelector('#token-errors'));
}
