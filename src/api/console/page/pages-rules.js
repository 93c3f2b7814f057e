// The store's rules, each from its management route: catalog, shipping zones and methods,
// carriers, tax, pickup, coupons and payment methods.
import { api } from './api.js';
import { html, money, onClick, onSubmit, show, table, yesNo } from './ui.js';

export async function catalogPage(main) {
  const products = (await api('GET', '/v3/catalog/products?limit=250')).data;
  show(
    main,
    html`<h1>Catalog</h1><section>${table(
      ['Id#', 'Name', 'Type', 'SKU', 'Price#', 'Weight#', 'Variants', 'Shipping'],
      products.map((p) => [
        p.id,
        p.name,
        p.type,
        html`<code>${p.sku}</code>`,
        money(p.price),
        p.weight,
        p.variants.length > 1 ? p.variants.map((v) => html`<div><code>${v.sku}</code> (id ${v.id}) ${money(v.calculated_price)}</div>`) : html`<span class="muted">variant ${p.variants[0]?.id}</span>`,
        p.is_free_shipping ? html`<span class="tag yes">free</span>` : p.fixed_cost_shipping_price > 0 ? `fixed ${money(p.fixed_cost_shipping_price)}` : '',
      ]),
      'No products.',
    )}</section>`,
  );
}

function describeZone(zone) {
  return zone.type === 'global' ? 'everywhere' : zone.locations.map((l) => [l.country_iso2, l.state_iso2, l.zip].filter(Boolean).join(' ')).join(', ');
}

/** A method's rate in words: `by weight: 0–5: 5.99; …`. */
export function describeMethod(m) {
  const s = m.settings ?? {};
  if (m.type === 'perorder' || m.type === 'peritem') return `${money(s.rate)} ${m.type === 'peritem' ? 'per item' : 'per order'}`;
  if (m.type === 'weight' || m.type === 'total') {
    const ranges = (s.range ?? []).map((r) => `${r.lower_limit}–${r.upper_limit}: ${money(r.shipping_cost)}`).join('; ');
    return `${m.type === 'weight' ? 'by weight' : 'by order total'}: ${ranges}; beyond: ${s.default_cost ?? '—'}${s.default_cost_type === 'percentage_of_total' ? '%' : ''}`;
  }
  return m.type;
}

/** Every method's rate in words, by method id: what the explain view shows beside each verdict. */
export async function methodRules() {
  const zones = await api('GET', '/v2/shipping/zones');
  const methods = (await Promise.all(zones.map((z) => api('GET', `/v2/shipping/zones/${z.id}/methods`)))).flat();
  return new Map(methods.map((m) => [m.id, describeMethod(m)]));
}

/** A method's name, transit time and (for a flat rate) rate, changed with a PUT of those fields only. */
function editForm(zone, m) {
  const flat = m.type === 'perorder' || m.type === 'peritem';
  return html`<details><summary>Edit</summary><form class="inline" data-form="edit-method" data-zone="${zone.id}" data-method="${m.id}" data-type="${m.type}">
    <label>Name <input name="name" required maxlength="255" value="${m.name}"></label>
    ${flat ? html`<label>Rate <input name="rate" type="number" min="0" step="0.01" value="${m.settings.rate}" size="7"></label>` : ''}
    <label>Transit time <input name="transit_time" value="${m.transit_time ?? ''}"></label>
    <button type="submit">Save</button><div class="result"></div></form></details>`;
}

export async function shippingPage(main, { rerender }) {
  const zones = await api('GET', '/v2/shipping/zones');
  const methods = await Promise.all(zones.map((z) => api('GET', `/v2/shipping/zones/${z.id}/methods`)));
  show(
    main,
    html`<h1>Shipping zones and methods</h1>
    <div id="shipping-errors"></div>
    ${zones.map((zone, i) => html`<section data-zone="${zone.id}">
      <h2>${zone.name} <span class="muted">#${zone.id} · ${zone.type} · ${describeZone(zone)}</span> ${zone.enabled ? '' : html`<span class="tag no">disabled</span>`}</h2>
      <p class="muted">Free shipping: ${zone.free_shipping?.enabled ? `over ${money(zone.free_shipping.minimum_sub_total)}` : 'off'}
        · Handling: ${Number(zone.handling_fees?.fixed_surcharge ?? 0) > 0 ? money(zone.handling_fees.fixed_surcharge) : Number(zone.handling_fees?.percentage_surcharge ?? 0) > 0 ? `${zone.handling_fees.percentage_surcharge}%` : 'none'}</p>
      ${table(
        ['Id#', 'Method', 'Rate', 'Transit', 'Enabled', ''],
        methods[i].map((m) => [
          m.id,
          m.name,
          describeMethod(m),
          m.transit_time ?? '',
          yesNo(m.enabled),
          html`<button class="quiet" data-act="toggle" data-zone="${zone.id}" data-method="${m.id}" data-enabled="${String(m.enabled)}">${m.enabled ? 'Disable' : 'Enable'}</button>
            <button class="danger" data-act="delete" data-zone="${zone.id}" data-method="${m.id}">Delete</button>
            ${editForm(zone, m)}`,
        ]),
        'No methods.',
      )}
    </section>`)}
    <section><h2>New shipping method</h2>
      <form class="inline" data-form="method">
        <label>Zone <select name="zone">${zones.map((z) => html`<option value="${z.id}">${z.name}</option>`)}</select></label>
        <label>Name <input name="name" required maxlength="255" placeholder="Standard"></label>
        <label>Type <select name="type"><option value="perorder">per order</option><option value="peritem">per item</option><option value="freeshipping">free shipping</option></select></label>
        <label>Rate <input name="rate" type="number" min="0" step="0.01" value="5.00" size="7"></label>
        <label>Transit time <input name="transit_time" placeholder="2-3 business days"></label>
        <button type="submit">Add method</button>
        <div class="result"></div>
      </form>
      <p class="muted">Weight and order-total tiers are made through <code>POST /v2/shipping/zones/{id}/methods</code> with <code>settings.range</code>.</p>
    </section>`,
  );
  const errors = main.querySelector('#shipping-errors');
  onSubmit(main, 'method', async (v) => {
    await api('POST', `/v2/shipping/zones/${v.zone}/methods`, {
      name: v.name,
      type: v.type,
      ...(v.type === 'freeshipping' ? {} : { settings: { rate: Number(v.rate) } }),
      ...(v.transit_time ? { transit_time: v.transit_time } : {}),
    });
  }, rerender);
  onSubmit(main, 'edit-method', async (v, form) => {
    const { zone, method, type } = form.dataset;
    const flat = type === 'perorder' || type === 'peritem';
    await api('PUT', `/v2/shipping/zones/${zone}/methods/${method}`, { name: v.name, transit_time: v.transit_time, ...(flat ? { type, settings: { rate: Number(v.rate) } } : {}) });
  }, rerender);
  onClick(main, 'toggle', async (b) => {
    await api('PUT', `/v2/shipping/zones/${b.dataset.zone}/methods/${b.dataset.method}`, { enabled: b.dataset.enabled !== 'true' });
    await rerender();
  }, errors);
  onClick(main, 'delete', async (b) => {
    await api('DELETE', `/v2/shipping/zones/${b.dataset.zone}/methods/${b.dataset.method}`);
    await rerender();
  }, errors);
}

export async function carriersPage(main) {
  const carriers = await api('GET', '/v2/shipping/carriers');
  show(
    main,
    html`<h1>Carriers</h1><section>${table(
      ['Id#', 'Name', 'Code', 'Rate URL', 'Zones', 'Backup rate#', 'Enabled'],
      carriers.map((c) => [c.id, c.name, html`<code>${c.code}</code>`, html`<code>${c.rate_url}</code>`, c.zone_ids.join(', '), c.backup_rate === null ? 'none' : money(c.backup_rate), yesNo(c.enabled)]),
      'No carrier apps are connected. Connect one with POST /v2/shipping/carriers (docs/shipping-rates.md).',
    )}</section>`,
  );
}

export async function taxPage(main) {
  const [settings, classes, zones] = await Promise.all([api('GET', '/v3/tax/settings'), api('GET', '/v3/tax/classes'), api('GET', '/v3/tax/zones')]);
  const s = settings.data;
  show(
    main,
    html`<h1>Tax</h1>
    <section><h2>Settings</h2>${table(['Setting', 'Value'], [
      ['Prices entered with tax', s.tax_entered_with_prices ? 'yes' : 'no'],
      ['Prices shown with tax', s.show_prices_including_tax ? 'yes' : 'no'],
      ['Shipping tax class', s.shipping_tax_class_id],
      ['Fee tax class', s.fee_tax_class_id],
    ])}</section>
    <section><h2>Classes</h2>${table(['Id#', 'Name'], classes.data.map((c) => [c.id, c.name]))}</section>
    <section><h2>Zones</h2>${table(
      ['Id#', 'Name', 'Where', 'Rates', 'Enabled'],
      zones.data.map((z) => [
        z.id,
        z.name,
        z.locations.map((l) => `${l.country_code}${l.subdivision_codes?.length ? ` (${l.subdivision_codes.join(', ')})` : ''}${l.postal_codes?.length ? ` ${l.postal_codes.join(', ')}` : ''}`).join('; '),
        z.rates.map((r) => html`<div>${r.name}: ${r.class_rates.map((c) => `${c.rate}% (class ${c.tax_class_id})`).join(', ')}</div>`),
        yesNo(z.enabled),
      ]),
    )}</section>`,
  );
}

export async function pickupPage(main) {
  const methods = (await api('GET', '/v3/pickup/methods')).data;
  show(
    main,
    html`<h1>Pickup methods</h1><section>${table(
      ['Id#', 'Name', 'Location#', 'Ready', 'Instructions'],
      methods.map((m) => [m.id, m.display_name, m.location_id, m.collection_time_description, m.collection_instructions]),
      'No pickup methods.',
    )}</section>`,
  );
}

export async function couponsPage(main, { rerender }) {
  const coupons = await api('GET', '/v2/coupons');
  show(
    main,
    html`<h1>Coupons</h1><div id="coupon-errors"></div>
    <section>${table(
      ['Id#', 'Code', 'Name', 'Type', 'Amount#', 'Minimum#', 'Products', 'Enabled', ''],
      coupons.map((c) => [
        c.id,
        html`<code>${c.code}</code>`,
        c.name,
        c.type,
        c.type === 'percentage_discount' ? `${Number(c.amount)}%` : money(c.amount),
        money(c.min_purchase),
        c.applies_to?.ids?.length ? c.applies_to.ids.join(', ') : 'all',
        yesNo(c.enabled),
        html`<button class="quiet" data-act="toggle" data-id="${c.id}">${c.enabled ? 'Disable' : 'Enable'}</button> <button class="danger" data-act="delete" data-id="${c.id}">Delete</button>`,
      ]),
      'No coupons.',
    )}</section>
    <section><h2>New coupon</h2>
      <form class="inline" data-form="coupon">
        <label>Code <input name="code" required pattern="\\S+" maxlength="50" placeholder="WELCOME5"></label>
        <label>Name <input name="name" required maxlength="100" placeholder="$5 off"></label>
        <label>Type <select name="type">
          <option value="per_total_discount">amount off the order</option><option value="percentage_discount">percent off</option>
          <option value="per_item_discount">amount off each item</option><option value="free_shipping">free shipping</option></select></label>
        <label>Amount <input name="amount" type="number" min="0" step="0.01" value="5" size="7"></label>
        <label>Minimum purchase <input name="min_purchase" type="number" min="0" step="0.01" value="0" size="7"></label>
        <button type="submit">Create coupon</button>
        <div class="result"></div>
      </form>
    </section>`,
  );
  const errors = main.querySelector('#coupon-errors');
  onSubmit(main, 'coupon', async (v) => {
    await api('POST', '/v2/coupons', { code: v.code, name: v.name, type: v.type, amount: v.amount, min_purchase: v.min_purchase });
  }, rerender);
  onClick(main, 'toggle', async (b) => {
    const c = coupons.find((x) => String(x.id) === b.dataset.id);
    const { id: _id, ...rest } = c;
    await api('PUT', `/v2/coupons/${c.id}`, { ...rest, enabled: !c.enabled });
    await rerender();
  }, errors);
  onClick(main, 'delete', async (b) => {
    await api('DELETE', `/v2/coupons/${b.dataset.id}`);
    await rerender();
  }, errors);
}

export async function paymentsPage(main, { rerender }) {
  const { data: methods } = await api('GET', '/v3/consign/payment-methods');
  show(
    main,
    html`<h1>Payment methods</h1><div id="payment-errors"></div>
    <section>${table(
      ['Code', 'Name', 'Test mode', 'Enabled', ''],
      methods.map((m) => [html`<code>${m.code}</code>`, m.name, m.test_mode ? 'yes' : 'no', yesNo(m.enabled), html`<button class="quiet" data-act="toggle" data-code="${m.code}" data-on="${String(m.enabled)}">${m.enabled ? 'Disable' : 'Enable'}</button>`]),
    )}</section>`,
  );
  onClick(main, 'toggle', async (b) => {
    await api('PUT', `/v2/payments/methods/${b.dataset.code}`, { enabled: b.dataset.on !== 'true' });
    await rerender();
  }, main.querySelector('#payment-errors'));
}
