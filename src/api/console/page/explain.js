// The explain view: every zone, method and carrier of the store with its verdict and why, for a
// consignment of a live checkout or for an address and items typed in (which are never saved).
import { api } from './api.js';
import { methodRules } from './pages-rules.js';
import { html, markup, money, onSubmit, show, table } from './ui.js';

const ZONE_VERDICTS = { serves: ['yes', 'serves'], not_matched: ['grey', 'not matched'], outranked: ['grey', 'outranked'], disabled: ['no', 'disabled'] };

function verdictCell(v) {
  return v.offered
    ? html`<span class="tag yes">offered</span> ${v.cost === undefined ? '' : html`<strong>${money(v.cost)}</strong>`}`
    : html`<span class="tag no">not offered</span> <code>${v.reason}</code>`;
}

/**
 * One explanation (the explain routes' `data`) as a block per zone and a table of carriers;
 * `rules` (method id to its rate in words) adds each method's rate beside its verdict.
 */
export function renderExplanation(e, rules = new Map()) {
  const offered = e.options;
  return html`<div class="explanation">
    <p class="summary">${offered.length === 0
      ? html`<strong>No shipping option is offered.</strong>`
      : html`<strong>${offered.length} option${offered.length === 1 ? '' : 's'} offered:</strong> ${offered.map((o, i) => html`${i ? ', ' : ''}${o.description} ${money(o.cost)}`)}`}</p>
    ${e.zones.map((z) => {
      const [cls, label] = ZONE_VERDICTS[z.verdict] ?? ['grey', z.verdict];
      return html`<div class="verdict-zone ${z.verdict}" data-zone="${z.name}">
        <header><strong>${z.name}</strong> <span class="tag ${cls}">${label}</span> <span class="muted">${z.detail}</span></header>
        ${table(['Method', 'Rate', 'Verdict', 'Why'], z.methods.map((m) => [m.name, html`<span class="muted">${rules.get(m.method_id) ?? ''}</span>`, verdictCell(m.verdict), m.verdict.offered ? '' : m.verdict.detail]), 'No methods in this zone.')}
      </div>`;
    })}
    ${e.carriers.length ? html`<h3>Carriers</h3>${table(['Carrier', 'Rate', 'Verdict', 'Why'], e.carriers.map((c) => [c.name, html`<span class="muted">real-time</span>`, verdictCell(c.verdict), c.verdict.detail ?? '']))}` : ''}
  </div>`;
}

/** The demo store's tricky cases, by SKU; shown when the store's catalog has those SKUs. */
const PRESETS = [
  { label: 'A state zone: Dallas, Texas', address: { country_code: 'US', state_or_province_code: 'TX', postal_code: '75201', city: 'Dallas' }, items: [['LAMP-ORBIT', 1]] },
  { label: 'A weight tier: two skillets (16 lb) to Dallas', address: { country_code: 'US', state_or_province_code: 'TX', postal_code: '75201', city: 'Dallas' }, items: [['SKILLET-12', 2]] },
  { label: 'Free shipping over $150: Denver', address: { country_code: 'US', state_or_province_code: 'CO', postal_code: '80202', city: 'Denver' }, items: [['SHOE-TRAIL-10', 1], ['TOTE-NAT', 1]] },
];

export async function explainPage(main) {
  const [products, checkouts, rules] = await Promise.all([api('GET', '/v3/catalog/products?limit=250'), api('GET', '/v3/consign/checkouts?limit=50'), methodRules()]);
  const variants = products.data.filter((p) => p.type === 'physical').flatMap((p) =>
    p.variants.map((v) => ({ key: `${p.id}:${v.id}`, sku: v.sku, label: p.variants.length > 1 ? `${p.name} — ${v.option_values.map((o) => o.label).join(' / ')}` : p.name, weight: v.calculated_weight, price: v.calculated_price })),
  );
  const bySku = new Map(variants.map((v) => [v.sku, v]));
  const byKey = new Map(variants.map((v) => [v.key, v]));
  const presets = PRESETS.filter((p) => p.items.every(([sku]) => bySku.has(sku)));
  const withConsignments = checkouts.data.filter((c) => c.consignment_count > 0);
  const options = (chosen) => variants.map((v) => html`<option value="${v.key}" ${v.key === chosen ? 'selected' : ''}>${v.label} (${money(v.price)}, ${v.weight} lb)</option>`);
  const line = (chosen, quantity = 1) => html`<div class="line"><select name="item" aria-label="Product">${options(chosen)}</select><input name="quantity" type="number" min="1" max="1000" value="${quantity}" aria-label="Quantity" size="4"><button type="button" class="quiet" data-remove>Remove</button></div>`;
  show(
    main,
    html`<h1>Explain shipping</h1>
    <p class="muted">Every shipping method of the store with its verdict, and why: the same rules that quote a real checkout.</p>
    <div class="cols">
      <section><h2>An address and items</h2>
        ${presets.length ? html`<div class="presets">${presets.map((p, i) => html`<button type="button" class="quiet" data-preset="${i}">${p.label}</button>`)}</div>` : ''}
        <form data-form="draft">
          <div class="inline" style="display:flex;gap:0.5rem;flex-wrap:wrap">
            <label>Country <input name="country_code" required pattern="[A-Za-z]{2}" value="US" size="3"></label>
            <label>State code <input name="state_or_province_code" size="4" value="TX"></label>
            <label>Postal code <input name="postal_code" size="8" value="78701"></label>
            <label>City <input name="city" size="12" value="Austin"></label>
          </div>
          <h3>Items</h3>
          <div class="lines">${line(variants[0]?.key)}</div>
          <p><button type="button" class="quiet" data-add>Add an item</button> <button type="submit">Explain</button></p>
          <div class="result"></div>
        </form>
      </section>
      <section><h2>A live checkout</h2>
        ${withConsignments.length === 0 ? html`<p class="muted">No live checkout has a consignment yet.</p>` : html`<form class="inline" data-form="checkout">
          <label>Checkout <select name="id">${withConsignments.map((c) => html`<option value="${c.id}">${c.id.slice(0, 8)}… · ${c.consignment_count} consignment(s) · ${money(c.grand_total, c.currency_code)}</option>`)}</select></label>
          <button type="submit">Explain</button><div class="result"></div></form>`}
      </section>
    </div>
    <div id="explained"></div>`,
  );
  const form = main.querySelector('form[data-form=draft]');
  const lines = form.querySelector('.lines');
  const explained = main.querySelector('#explained');
  form.querySelector('[data-add]').addEventListener('click', () => lines.insertAdjacentHTML('beforeend', markup(line(variants[0]?.key))));
  lines.addEventListener('click', (event) => {
    if (event.target.matches('[data-remove]') && lines.children.length > 1) event.target.closest('.line').remove();
  });
  for (const button of main.querySelectorAll('[data-preset]')) {
    button.addEventListener('click', () => {
      const preset = presets[Number(button.dataset.preset)];
      for (const [name, value] of Object.entries({ state_or_province_code: '', postal_code: '', city: '', ...preset.address })) form.elements[name].value = value;
      show(lines, preset.items.map(([sku, quantity]) => line(bySku.get(sku).key, quantity)));
      form.requestSubmit();
    });
  }
  onSubmit(main, 'draft', async () => {
    const data = new FormData(form);
    const quantities = data.getAll('quantity');
    const line_items = data.getAll('item').map((key, i) => {
      const [product_id, variant_id] = String(key).split(':').map(Number);
      return { product_id, variant_id, quantity: Number(quantities[i]) };
    });
    const address = Object.fromEntries(['country_code', 'state_or_province_code', 'postal_code', 'city'].map((k) => [k, String(data.get(k) ?? '')]).filter(([, v]) => v !== ''));
    const answer = (await api('POST', '/v3/consign/shipping/explain', { address, line_items })).data;
    const weight = line_items.reduce((sum, l) => sum + l.quantity * (byKey.get(`${l.product_id}:${l.variant_id}`)?.weight ?? 0), 0);
    const subtotal = line_items.reduce((sum, l) => sum + l.quantity * (byKey.get(`${l.product_id}:${l.variant_id}`)?.price ?? 0), 0);
    show(explained, html`<section data-explained="draft"><h2>Verdicts for ${[address.city, address.state_or_province_code, address.postal_code, address.country_code].filter(Boolean).join(', ')}</h2>
      <p class="muted">${line_items.length} line(s), ${Math.round(weight * 100) / 100} lb, items ${money(subtotal)}</p>${renderExplanation(answer, rules)}</section>`);
  });
  onSubmit(main, 'checkout', async (v) => {
    const checkout = (await api('GET', `/v3/checkouts/${encodeURIComponent(v.id)}`)).data;
    const answers = await Promise.all(checkout.consignments.map((c) => api('GET', `/v3/checkouts/${encodeURIComponent(v.id)}/consignments/${c.id}/shipping-options/explain`)));
    show(explained, checkout.consignments.map((c, i) => html`<section data-explained="${c.id}"><h2>Consignment <span class="mono">${c.id}</span> <span class="muted">${c.address ? [c.address.city, c.address.state_or_province_code, c.address.postal_code, c.address.country_code].filter(Boolean).join(', ') : 'pickup'}</span></h2>${renderExplanation(answers[i].data, rules)}</section>`));
  });
}
