// The console's shell: the store picker, the navigation, and a page per hash route
// (#/explain, #/checkouts/ID, ...). Each page renders into <main> from the API's answers.
import { admin, currentStore, useStore } from './api.js';
import { explainPage } from './explain.js';
import { storesPage, tokensPage } from './pages-access.js';
import { checkoutsPage, ordersPage, requestsPage, webhooksPage } from './pages-live.js';
import { carriersPage, catalogPage, couponsPage, paymentsPage, pickupPage, shippingPage, taxPage } from './pages-rules.js';
import { html, problem, show } from './ui.js';

const PAGES = [
  { group: 'Access' },
  { path: 'stores', title: 'Stores', render: storesPage },
  { path: 'tokens', title: 'API tokens', render: tokensPage },
  { group: 'Rules' },
  { path: 'catalog', title: 'Catalog', render: catalogPage },
  { path: 'shipping', title: 'Shipping', render: shippingPage },
  { path: 'carriers', title: 'Carriers', render: carriersPage },
  { path: 'tax', title: 'Tax', render: taxPage },
  { path: 'pickup', title: 'Pickup', render: pickupPage },
  { path: 'coupons', title: 'Coupons', render: couponsPage },
  { path: 'payments', title: 'Payment methods', render: paymentsPage },
  { path: 'webhooks', title: 'Webhooks', render: webhooksPage },
  { group: 'Live' },
  { path: 'explain', title: 'Explain shipping', render: explainPage },
  { path: 'checkouts', title: 'Checkouts', render: checkoutsPage },
  { path: 'orders', title: 'Orders', render: ordersPage },
  { path: 'requests', title: 'Request log', render: requestsPage },
];

const nav = document.getElementById('nav');
const main = document.getElementById('main');
const picker = document.getElementById('store');
const status = document.getElementById('status');

/** Fills the store picker; keeps the store chosen in this tab, else the demo store, else the first. */
export async function loadStores(select) {
  const stores = await admin.stores();
  const wanted = select ?? sessionStorage.getItem('consign-console:store') ?? stores.find((s) => s.demo)?.hash ?? stores[0]?.hash ?? '';
  const chosen = stores.some((s) => s.hash === wanted) ? wanted : (stores[0]?.hash ?? '');
  show(picker, stores.map((s) => html`<option value="${s.hash}" ${s.hash === chosen ? 'selected' : ''}>${s.name} (${s.hash})</option>`));
  choose(chosen);
  return stores;
}

function choose(hash) {
  useStore(hash);
  sessionStorage.setItem('consign-console:store', hash);
}

picker.addEventListener('change', () => {
  choose(picker.value);
  route();
});

async function route() {
  const [path = 'explain', ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const page = PAGES.find((p) => p.path === path) ?? PAGES.find((p) => p.path === 'explain');
  show(nav, PAGES.map((p) => (p.group ? html`<div class="group">${p.group}</div>` : html`<a href="#/${p.path}" class="${p === page ? 'here' : ''}">${p.title}</a>`)));
  document.title = `${page.title} · Consign console`;
  status.textContent = '';
  main.dataset.page = page.path;
  main.dataset.ready = 'false';
  show(main, html`<h1>${page.title}</h1><p class="muted">Loading…</p>`);
  try {
    if (!currentStore() && page.path !== 'stores') {
      show(main, html`<h1>${page.title}</h1><p class="notice">There is no store yet: <a href="#/stores">create one</a>.</p>`);
    } else {
      await page.render(main, { args: rest.map(decodeURIComponent), reloadStores: loadStores, rerender: route });
    }
  } catch (error) {
    show(main, html`<h1>${page.title}</h1>${problem(error)}`);
  }
  // Browser tests wait for this: the page has rendered what the API answered.
  main.dataset.ready = 'true';
}

window.addEventListener('hashchange', route);

try {
  await loadStores();
  await route();
} catch (error) {
  show(main, html`<h1>Console</h1>${problem(error)}`);
  main.dataset.ready = 'true';
}
