// What happens in the store: live checkouts with their consignments, orders, the request log and
// webhooks with their deliveries. The last two are routes other builds add: a 404 says so.
import { api, apiIfPresent } from './api.js';
import { renderExplanation } from './explain.js';
import { methodRules } from './pages-rules.js';
import { html, money, onClick, onSubmit, show, table, yesNo } from './ui.js';

export async function checkoutsPage(main, { args }) {
  if (args[0]) return checkoutDetail(main, args[0]);
  const checkouts = (await api('GET', '/v3/consign/checkouts?limit=50')).data;
  show(
    main,
    html`<h1>Checkouts <span class="muted">live, most recently changed first</span></h1><section>${table(
      ['Checkout', 'Updated', 'Customer#', 'Lines#', 'Consignments#', 'Grand total#', 'Order'],
      checkouts.map((c) => [
        html`<a href="#/checkouts/${c.id}" class="mono">${c.id}</a>`,
        c.updated_time,
        c.customer_id || html`<span class="muted">guest</span>`,
        c.line_count,
        c.consignment_count,
        money(c.grand_total, c.currency_code),
        c.order_id ? html`<a href="#/orders/${c.order_id}">#${c.order_id}</a>` : '',
      ]),
      'No live checkouts. Create a cart (the demo checkout at /demo, or POST /v3/carts) and it shows here.',
    )}</section>`,
  );
}

function addressLine(a) {
  return [a.first_name && `${a.first_name} ${a.last_name ?? ''}`.trim(), a.address1, a.city, a.state_or_province_code || a.state_or_province, a.postal_code, a.country_code].filter(Boolean).join(', ');
}

async function checkoutDetail(main, id) {
  const checkout = (await api('GET', `/v3/checkouts/${encodeURIComponent(id)}?include=consignments.available_shipping_options`)).data;
  const cur = checkout.cart.currency?.code ?? '';
  const lines = checkout.cart.line_items.physical_items.concat(checkout.cart.line_items.digital_items ?? []);
  const names = new Map(lines.map((l) => [l.id, `${l.name} × ${l.quantity}`]));
  show(
    main,
    html`<h1>Checkout <span class="mono">${checkout.id}</span></h1>
    <p><a href="#/checkouts">← all checkouts</a> · version ${checkout.version} · updated ${checkout.updated_time}${checkout.order_id ? html` · order <a href="#/orders/${checkout.order_id}">#${checkout.order_id}</a>` : ''}</p>
    <section><h2>Items</h2>${table(
      ['Item', 'SKU', 'Quantity#', 'Ships', 'Sale price#'],
      lines.map((l) => [l.name, html`<code>${l.sku}</code>`, l.quantity, l.is_require_shipping === false ? 'no (digital)' : 'yes', money(l.sale_price)]),
    )}</section>
    <section><h2>Consignments</h2>
    ${checkout.consignments.length === 0 ? html`<p class="muted">None yet: the shopper has not given an address.</p>` : ''}
    ${checkout.consignments.map((c) => html`<div class="card" data-consignment="${c.id}">
      <h3>Consignment <span class="mono">${c.id}</span></h3>
      <p>${c.address ? addressLine(c.address) : html`<span class="muted">pickup</span>`}</p>
      <p class="muted">Items: ${c.line_item_ids.map((i) => names.get(i) ?? i).join('; ')}</p>
      <p>Selected: ${c.selected_shipping_option ? html`<strong>${c.selected_shipping_option.description}</strong> ${money(c.selected_shipping_option.cost)}` : html`<span class="muted">nothing yet</span>`}</p>
      ${table(['Available option', 'Transit', 'Cost#', 'Recommended'], (c.available_shipping_options ?? []).map((o) => [o.description, o.transit_time ?? '', money(o.cost), o.is_recommended ? yesNo(true) : '']), 'No options offered.')}
      <p><button class="quiet" data-act="explain" data-id="${c.id}">Explain these options</button></p>
      <div class="explained"></div>
    </div>`)}</section>
    <section><h2>Totals</h2>${table(['', 'Amount#'], [
      ['Subtotal', money(checkout.subtotal_inc_tax, cur)],
      ['Shipping', money(checkout.shipping_cost_total_inc_tax, cur)],
      ['Handling', money(checkout.handling_cost_total_inc_tax, cur)],
      ['Tax', money(checkout.tax_total, cur)],
      [html`<strong>Grand total</strong>`, html`<strong>${money(checkout.grand_total, cur)}</strong>`],
    ])}</section>`,
  );
  onClick(main, 'explain', async (b) => {
    const explained = b.closest('[data-consignment]').querySelector('.explained');
    const answer = (await api('GET', `/v3/checkouts/${encodeURIComponent(id)}/consignments/${b.dataset.id}/shipping-options/explain`)).data;
    show(explained, renderExplanation(answer, await methodRules()));
    b.disabled = false;
  }, main);
}

export async function ordersPage(main, { args }) {
  const wanted = args[0];
  const recent = (await api('GET', '/v3/consign/checkouts?limit=250')).data.filter((c) => c.order_id);
  show(
    main,
    html`<h1>Orders</h1>
    <section><form class="inline" data-form="order"><label>Order id <input name="id" type="number" min="1" required value="${wanted ?? ''}"></label><button type="submit">Show</button></form></section>
    <div id="order"></div>
    <section><h2>Orders of live checkouts</h2>${table(
      ['Order', 'Checkout', 'Grand total#'],
      recent.map((c) => [html`<a href="#/orders/${c.order_id}">#${c.order_id}</a>`, html`<span class="mono">${c.id}</span>`, money(c.grand_total, c.currency_code)]),
      'No live checkout has become an order yet.',
    )}<p class="muted">Upstream's API reads orders one by one (GET /v2/orders/{id}); older orders are found by id above.</p></section>`,
  );
  const target = main.querySelector('#order');
  const showOrder = async (id) => {
    const order = await api('GET', `/v2/orders/${id}`);
    const products = await api('GET', `/v2/orders/${id}/products`);
    show(target, html`<section data-order="${order.id}"><h2>Order #${order.id} <span class="muted">${order.status}</span></h2>
      <p>Placed ${order.date_created} · payment ${order.payment_method || '—'} (${order.payment_status || '—'}) · total ${money(order.total_inc_tax, order.currency_code)}</p>
      ${table(['Product', 'SKU', 'Quantity#', 'Total#'], products.map((p) => [p.name, html`<code>${p.sku}</code>`, p.quantity, money(p.total_inc_tax)]))}</section>`);
  };
  onSubmit(main, 'order', async (v) => {
    location.hash = `#/orders/${v.id}`;
  });
  if (wanted) await showOrder(wanted);
}

export async function requestsPage(main) {
  const log = await apiIfPresent('GET', '/v3/consign/requests?limit=100');
  if (!log) return show(main, html`<h1>Request log</h1><p class="notice">The request log is not available in this build.</p>`);
  show(
    main,
    html`<h1>Request log <span class="muted">newest first</span></h1><section>${table(
      ['When', 'Dialect', 'Method', 'Path', 'Status#', 'ms#', ''],
      log.data.map((r) => [
        r.started_at,
        r.dialect,
        r.method,
        html`<code>${r.path}</code>`,
        html`<span class="tag ${r.status < 400 ? 'yes' : 'no'}">${r.status}</span>`,
        r.duration_ms,
        r.request_body || r.response_body ? html`<details><summary>bodies</summary><p>Request</p><pre>${r.request_body ?? '—'}</pre><p>Response</p><pre>${r.response_body ?? '—'}</pre></details>` : '',
      ]),
      'No requests logged yet.',
    )}</section>`,
  );
}

/** The delivery log's times are upstream's Unix seconds; shown as UTC. */
const unixTime = (seconds) => (seconds == null ? '' : new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'));

export async function webhooksPage(main, { args, rerender }) {
  const hooks = await apiIfPresent('GET', '/v3/hooks');
  if (!hooks) return show(main, html`<h1>Webhooks</h1><p class="notice">Webhooks are not available in this build.</p>`);
  const chosen = args[0] ? await apiIfPresent('GET', `/v3/consign/hooks/${encodeURIComponent(args[0])}/deliveries`) : undefined;
  show(
    main,
    html`<h1>Webhooks</h1><div id="hook-errors"></div>
    <section>${table(
      ['Id#', 'Scope', 'Destination', 'Active', ''],
      hooks.data.map((h) => [
        h.id,
        html`<code>${h.scope}</code>`,
        html`<code>${h.destination}</code>`,
        yesNo(h.is_active),
        html`<a href="#/webhooks/${h.id}">deliveries</a> <button class="quiet" data-act="toggle" data-id="${h.id}" data-on="${String(h.is_active)}">${h.is_active ? 'Deactivate' : 'Activate'}</button> <button class="danger" data-act="delete" data-id="${h.id}">Delete</button>`,
      ]),
      'No webhooks.',
    )}</section>
    ${args[0] ? html`<section><h2>Deliveries of webhook ${args[0]}</h2>${chosen ? table(
      ['Event', 'Scope', 'Status', 'Attempts#', 'Last answer', 'Next attempt', 'Delivered'],
      chosen.data.map((d) => [html`<code>${d.event_id}</code>`, d.scope, d.status, d.attempts, `${d.last_status_code ?? ''} ${d.last_answer ?? ''}`, unixTime(d.next_attempt_at), unixTime(d.delivered_at)]),
      'No deliveries yet.',
    ) : html`<p class="notice">Deliveries are not available in this build.</p>`}</section>` : ''}
    <section><h2>New webhook</h2><form class="inline" data-form="hook">
      <label>Scope <input name="scope" required placeholder="store/cart/created"></label>
      <label>Destination <input name="destination" type="url" required placeholder="https://example.com/hooks" size="32"></label>
      <button type="submit">Create webhook</button><div class="result"></div></form></section>`,
  );
  const errors = main.querySelector('#hook-errors');
  onSubmit(main, 'hook', async (v) => {
    const created = (await api('POST', '/v3/hooks', { scope: v.scope, destination: v.destination, is_active: true })).data;
    await rerender();
    // The signing secret is in this answer only (docs/webhooks.md): show it above the new list.
    show(main.querySelector('#hook-errors'), html`<p class="notice" data-secret>Webhook ${created.id} created. Its signing secret, shown only now: <code>${created.secret}</code></p>`);
  });
  onClick(main, 'toggle', async (b) => {
    await api('PUT', `/v3/hooks/${b.dataset.id}`, { is_active: b.dataset.on !== 'true' });
    await rerender();
  }, errors);
  onClick(main, 'delete', async (b) => {
    await api('DELETE', `/v3/hooks/${b.dataset.id}`);
    await rerender();
  }, errors);
}
