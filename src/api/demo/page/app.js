// The demo checkout, and Consign's own hosted checkout (hosted/index.ts): plain DOM, BigCommerce's
// checkout SDK (global `checkoutKit`) for everything the storefront API offers, placing and paying
// for the order included, and fetch only where the SDK has nothing (creating the cart), sending the
// CSRF token the way the SDK does. As the hosted checkout it keeps checkout-js's loader contract:
// `window.checkoutConfig` names the container to render into and the checkout to show, or, on the
// order-confirmation page, the order; `publicPath` is where its own files are.
import { MARKUP } from './markup.js';

const config = window.checkoutConfig ?? { containerId: 'checkout-app' };
const hosted = window.checkoutConfig !== undefined;
document.getElementById(config.containerId).innerHTML = MARKUP;
if (hosted) await loadOwnFiles(config.publicPath ?? '/checkout/assets/');
const service = window.checkoutKit.createCheckoutService();
// The payment strategies newer SDKs leave to the app, as checkout-js passes them; the bundle adds
// them to checkoutKit (checkout-sdk-bundle.ts). Older SDKs have none, and need none.
const PAYMENT_INTEGRATIONS = [window.checkoutKit.createCreditCardPaymentStrategy, window.checkoutKit.createOfflinePaymentStrategy].filter(Boolean);

/** The hosted page brings only this script: its stylesheet and the SDK come from beside it. */
async function loadOwnFiles(publicPath) {
  document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: `${publicPath}style.css` }));
  if (window.checkoutKit) return;
  await new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: `${publicPath}checkout-sdk.js`, onload: resolve });
    script.onerror = () => reject(new Error('The checkout SDK could not be loaded.'));
    document.head.append(script);
  });
}
const $ = (selector) => document.querySelector(selector);
let store = { currency: 'USD', symbol: '$' };

const PRESETS = [
  { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', address1: '600 Congress Ave', city: 'Austin', stateOrProvince: 'Texas', stateOrProvinceCode: 'TX', postalCode: '78701', countryCode: 'US' },
  { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', address1: '1 Main St', city: 'Portland', stateOrProvince: 'Oregon', stateOrProvinceCode: 'OR', postalCode: '97201', countryCode: 'US' },
  { firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com', address1: '100 Queen St W', city: 'Toronto', stateOrProvince: 'Ontario', stateOrProvinceCode: 'ON', postalCode: 'M5H 2N2', countryCode: 'CA' },
];
const FIELDS = [['firstName', 'First name'], ['lastName', 'Last name'], ['email', 'Email'], ['address1', 'Address'], ['city', 'City'], ['postalCode', 'Postcode']];
const addresses = [{ ...PRESETS[0] }, { ...PRESETS[1] }];

/** Creates an element; children are nodes or text (never parsed as HTML). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (value !== false && value !== undefined) element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((c) => c !== undefined && c !== null));
  return element;
}

const money = (amount) => new Intl.NumberFormat('en-US', { style: 'currency', currency: store.currency }).format(amount ?? 0);
const cookie = (name) => document.cookie.split('; ').find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);

/** A storefront request outside the SDK, with the session's CSRF token as the SDK sends it. */
async function send(method, url, body) {
  const token = cookie('XSRF-TOKEN');
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { 'X-XSRF-TOKEN': decodeURIComponent(token) } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(json?.title ?? json?.errors?.[0]?.title ?? `${response.status} ${response.statusText}`);
  return json;
}

function status(message, isError = false) {
  $('#status').textContent = message;
  $('#status').className = isError ? 'error' : '';
}

/** Runs an action with the page's buttons disabled, reporting any failure. */
async function busy(action) {
  const buttons = [...document.querySelectorAll('button')];
  buttons.forEach((b) => (b.disabled = true));
  try {
    status('');
    await action();
  } catch (error) {
    status(error?.body?.title ?? error?.message ?? String(error), true);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

/** The hosted page has no product list to learn the store from: the SDK's state says it. */
function useStoreOf(data, title = 'Checkout') {
  const currency = data.getCart()?.currency ?? data.getOrder()?.currency;
  if (currency) store = { ...store, currency: currency.code, symbol: currency.symbol };
  const name = data.getConfig()?.storeProfile?.storeName;
  $('h1').textContent = name ? `${title} · ${name}` : title;
  for (const part of ['#step-products h2', 'header p']) $(part).hidden = true;
}

/** The order-confirmation page: the order as the SDK loads it (`GET /api/storefront/orders/{id}`). */
async function showConfirmation(orderId) {
  await service.loadOrder(orderId);
  const data = service.getState().data;
  const order = data.getOrder();
  useStoreOf(data, 'Order confirmation');
  $('#step-products').hidden = true;
  $('#step-confirmation').hidden = false;
  $('#confirmation').textContent = `Your order number is ${order.orderId}. Total ${money(order.orderAmount)}.`;
  $('#ordered-items').replaceChildren(...[...order.lineItems.physicalItems, ...order.lineItems.digitalItems].map((i) => h('li', {}, `${i.name} ×${i.quantity}`)));
  // Whom to ask, as checkout-js's confirmation says it: the store profile's email and phone.
  const { orderEmail, storePhoneNumber } = data.getConfig()?.storeProfile ?? {};
  const contact = [orderEmail && `email us at ${orderEmail}`, storePhoneNumber && `call us at ${storePhoneNumber}`].filter(Boolean).join(' or ');
  $('#store-contact').textContent = contact ? `Questions about your order? ${contact[0].toUpperCase()}${contact.slice(1)}.` : '';
}

async function showProducts() {
  const catalog = await send('GET', '/demo/products.json');
  store = catalog.store;
  $('#store-name').textContent = `· ${store.name}`;
  $('#products tbody').replaceChildren(
    ...catalog.products.map((product, index) => {
      const choice = h('select', { 'data-product': product.id }, ...product.variants.map((v) => h('option', { value: v.id }, v.label || '—')));
      const price = h('td', {}, money(product.variants[0].price));
      choice.addEventListener('change', () => (price.textContent = money(product.variants[choice.selectedIndex].price)));
      return h('tr', {}, h('td', {}, product.name, product.type === 'digital' ? ' (digital)' : ''), h('td', {}, product.variants.length > 1 ? choice : h('span', {}, '—')), price,
        h('td', {}, h('input', { type: 'number', min: 0, max: 99, value: index < 3 ? 1 : 0, 'data-qty': product.id, 'data-variant': product.variants[0].id })));
    }),
  );
}

async function startCheckout() {
  const lineItems = [...document.querySelectorAll('#products tbody tr')].flatMap((row) => {
    const quantity = Number(row.querySelector('[data-qty]').value);
    const productId = Number(row.querySelector('[data-qty]').dataset.qty);
    const select = row.querySelector('select');
    const variantId = Number(select ? select.value : row.querySelector('[data-qty]').dataset.variant);
    return quantity > 0 ? [{ productId, variantId, quantity }] : [];
  });
  if (lineItems.length === 0) throw new Error('Pick at least one product.');
  const cart = await send('POST', '/api/storefront/carts', { lineItems });
  await openCheckout(cart.id);
}

async function openCheckout(id) {
  await service.loadCheckout(id);
  if (hosted) useStoreOf(service.getState().data);
  // The countries the store ships to, each with its states: the address forms offer these.
  await service.loadShippingCountries();
  await showPaymentMethods();
  for (const step of ['#step-addresses', '#step-shipping', '#step-order', '#totals', '#start-over']) $(step).hidden = false;
  $('#step-products').querySelector('table').hidden = true;
  $('#start').hidden = true;
  const cart = service.getState().data.getCart();
  const items = [...cart.lineItems.physicalItems, ...cart.lineItems.digitalItems].map((i) => `${i.name} ×${i.quantity}`);
  $('#cart-summary').textContent = `In your cart: ${items.join(', ')}.`;
  $('#cart-summary').hidden = false;
  renderAddresses();
}

/** Country and state pickers from the SDK's shipping countries; a state typed freely where a country lists none. */
function placeFields(address, rerender) {
  const countries = service.getState().data.getShippingCountries() ?? [];
  const country = countries.find((c) => c.code === address.countryCode);
  const choose = h('select', { 'data-field': 'countryCode', onchange: (e) => {
    Object.assign(address, { countryCode: e.target.value, stateOrProvince: '', stateOrProvinceCode: '' });
    rerender();
  } }, ...countries.map((c) => h('option', { value: c.code, selected: c.code === address.countryCode }, c.name)));
  const state = country?.subdivisions.length
    ? h('select', { 'data-field': 'stateOrProvinceCode', onchange: (e) => {
      // The code and the name together, so that neither is left from the address before.
      const chosen = country.subdivisions.find((s) => s.code === e.target.value);
      Object.assign(address, { stateOrProvinceCode: chosen?.code ?? '', stateOrProvince: chosen?.name ?? '' });
    } }, h('option', { value: '' }, '—'), ...country.subdivisions.map((s) => h('option', { value: s.code, selected: s.code === address.stateOrProvinceCode }, s.name)))
    : h('input', { 'data-field': 'stateOrProvince', value: address.stateOrProvince ?? '', oninput: (e) => Object.assign(address, { stateOrProvince: e.target.value, stateOrProvinceCode: '' }) });
  return [h('label', {}, 'Country', choose), h('label', {}, 'State', state)];
}

/** An address as the storefront API takes it. */
const toRequest = (address) => ({ ...address, customFields: [] });

function renderAddresses() {
  const cart = service.getState().data.getCart();
  const items = cart ? cart.lineItems.physicalItems : [];
  const form = (address, index) => {
    const block = h('div', { class: 'address', 'data-address': index });
    const fill = () => block.replaceChildren(h('strong', {}, `Address ${String.fromCharCode(65 + index)}`),
      ...FIELDS.map(([field, label]) => h('label', {}, label, h('input', { 'data-field': field, value: address[field] ?? '', oninput: (e) => (address[field] = e.target.value) }))),
      ...placeFields(address, fill));
    fill();
    return block;
  };
  $('#addresses').replaceChildren(...addresses.map(form));
  // Digital items are not shipped: with nothing physical, there is nothing to split.
  const shipping = items.length > 0;
  for (const part of ['#allocation', '#ship', '#add-address']) $(part).hidden = !shipping;
  $('#step-shipping').hidden = !shipping;
  $('#nothing-to-ship').hidden = shipping;
  $('#allocation thead').replaceChildren(h('tr', {}, h('th', {}, 'Item'), ...addresses.map((_, i) => h('th', {}, `To ${String.fromCharCode(65 + i)}`))));
  $('#allocation tbody').replaceChildren(
    ...items.map((item, row) =>
      h('tr', { 'data-item': item.id }, h('td', {}, `${item.name} ×${item.quantity}`),
        ...addresses.map((_, column) => h('td', {}, h('input', { type: 'number', min: 0, max: item.quantity, value: column === row % addresses.length ? item.quantity : 0, 'data-to': column })))),
    ),
  );
}

async function shipToAddresses() {
  const plan = addresses.map((address) => ({ address: toRequest(address), lineItems: [] }));
  for (const row of document.querySelectorAll('#allocation tbody tr')) {
    for (const input of row.querySelectorAll('[data-to]')) {
      const quantity = Number(input.value);
      if (quantity > 0) plan[Number(input.dataset.to)].lineItems.push({ itemId: row.dataset.item, quantity });
    }
  }
  const wanted = plan.filter((c) => c.lineItems.length > 0);
  if (wanted.length === 0) throw new Error('Send at least one item somewhere.');
  // A new plan replaces the old one: the SDK deletes the consignments, then creates them anew.
  for (const old of service.getState().data.getConsignments() ?? []) await service.deleteConsignment(old.id);
  await service.createConsignments(wanted);
  await service.loadShippingOptions();
}

function renderConsignments(data) {
  const cart = data.getCart();
  const names = new Map([...(cart?.lineItems.physicalItems ?? [])].map((i) => [i.id, `${i.name} ×${i.quantity}`]));
  $('#consignments').replaceChildren(
    ...(data.getConsignments() ?? []).map((c) => {
      const options = c.availableShippingOptions ?? [];
      return h('div', { class: 'consignment', 'data-consignment': c.id },
        h('h3', {}, `${c.address.firstName} ${c.address.lastName}, ${c.address.city} ${c.address.stateOrProvinceCode} ${c.address.postalCode}`),
        h('ul', {}, ...c.lineItemIds.map((id) => h('li', {}, names.get(id) ?? id))),
        options.length === 0 && !c.selectedShippingOption ? h('p', { class: 'note' }, 'No shipping option reaches this address.') : null,
        ...options.map((o) =>
          h('label', { class: 'option' },
            h('input', { type: 'radio', name: `option-${c.id}`, value: o.id, checked: c.selectedShippingOption?.id === o.id,
              onchange: () => busy(() => service.selectConsignmentShippingOption(c.id, o.id)) }),
            h('span', {}, o.description, ' ', h('small', {}, o.transitTime)), h('span', { class: 'cost' }, money(o.cost)))),
        h('p', { class: 'note' }, `Shipping ${money(c.shippingCost)}${c.handlingCost ? `, handling ${money(c.handlingCost)}` : ''}`));
    }),
  );
}

function renderTotals(checkout) {
  const set = (name, value) => ($(`[data-total="${name}"]`).textContent = money(value));
  set('subtotal', checkout.subtotal);
  set('shipping', checkout.shippingCostTotal);
  set('handling', checkout.handlingCostTotal);
  set('tax', checkout.taxTotal);
  set('grand', checkout.grandTotal);
}

service.subscribe(({ data }) => {
  const checkout = data.getCheckout();
  if (!checkout) return;
  renderTotals(checkout);
  renderConsignments(data);
});

/** The store's payment methods, as the SDK loads them; the first is chosen. */
async function showPaymentMethods() {
  await service.loadPaymentMethods();
  const methods = service.getState().data.getPaymentMethods() ?? [];
  const chosen = $('#payment-methods input:checked')?.value ?? methods[0]?.id;
  $('#payment-methods').replaceChildren(
    ...methods.map((m) =>
      h('label', { class: 'option' },
        h('input', { type: 'radio', name: 'payment-method', value: m.id, checked: m.id === chosen, onchange: () => busy(showCardFields) }),
        h('span', {}, m.config.displayName, m.config.testMode ? ' (test mode)' : ''),
        m.config.helpText ? h('small', {}, m.config.helpText) : undefined)),
  );
  await showCardFields();
}

/** Where each hosted card field's frame goes (the SDK's `HostedFieldType`s). */
const HOSTED_FIELDS = { cardNumber: 'hosted-card-number', cardExpiry: 'hosted-card-expiry', cardCode: 'hosted-card-code', cardName: 'hosted-card-name' };
const HOSTED_STYLES = { default: { color: '#1d2330', fontFamily: 'system-ui, sans-serif', fontSize: '15px' }, error: { color: '#8a1f1f' } };
/** The method whose hosted card fields are on the page, if any. */
let hostedMethod;

/**
 * The card fields the chosen method takes: the page's own inputs, or, for a method with hosted
 * card fields (`config.isHostedFormEnabled`), the SDK's frames, which it attaches when the payment
 * is initialised with `creditCard.form` and which send the card themselves.
 */
async function showCardFields() {
  const method = service.getState().data.getPaymentMethod($('#payment-methods input:checked')?.value);
  const hostedForm = method?.config.isHostedFormEnabled === true;
  $('#card-fields').hidden = method?.method !== 'credit-card' || hostedForm;
  $('#hosted-card-fields').hidden = !hostedForm;
  if (hostedMethod && hostedMethod !== method?.id) {
    await service.deinitializePayment({ methodId: hostedMethod });
    hostedMethod = undefined;
  }
  if (hostedForm && hostedMethod !== method.id) {
    const fields = Object.fromEntries(Object.entries(HOSTED_FIELDS).map(([type, containerId]) => [type, { containerId }]));
    await service.initializePayment({ methodId: method.id, integrations: PAYMENT_INTEGRATIONS, creditCard: { form: { fields, styles: HOSTED_STYLES } } });
    hostedMethod = method.id;
  }
}

/** The card as the SDK's credit card strategy takes it (`paymentData`). */
function cardData() {
  const [month, year] = $('#card-expiry').value.split('/').map((part) => part.trim());
  return { ccNumber: $('#card-number').value.replace(/\s/g, ''), ccExpiry: { month, year: year.length === 2 ? `20${year}` : year }, ccName: `${addresses[0].firstName} ${addresses[0].lastName}`, ccCvv: $('#card-cvv').value };
}

async function placeOrder() {
  const data = service.getState().data;
  const checkout = data.getCheckout();
  // Only physical items travel in consignments; a cart of digital items has none to choose for.
  if (data.getCart().lineItems.physicalItems.length > 0) {
    const unshipped = (checkout.consignments ?? []).filter((c) => !c.selectedShippingOption);
    if (checkout.consignments.length === 0 || unshipped.length > 0) throw new Error('Choose a shipping option for every consignment first.');
  }
  await service.updateBillingAddress(toRequest(addresses[0]));
  const methodId = $('#payment-methods input:checked')?.value;
  try {
    if (!methodId) throw new Error('This store offers no payment method.');
    const method = service.getState().data.getPaymentMethod(methodId);
    // Hosted card fields hold the card, and were initialised when the method was chosen.
    const pageCard = method?.method === 'credit-card' && method.config.isHostedFormEnabled !== true;
    if (methodId !== hostedMethod) await service.initializePayment({ methodId, integrations: PAYMENT_INTEGRATIONS });
    await service.submitOrder({ payment: { methodId, ...(pageCard ? { paymentData: cardData() } : {}) } });
    // As checkout-js does: the confirmation page finds the session's order.
    if (hosted) return location.replace(`${location.pathname.replace(/\/$/, '')}/order-confirmation`);
    // Read back: a card paid from hosted fields leaves the SDK's copy as it was when placed.
    const placed = service.getState().data.getOrder();
    const order = placed ? (await service.loadOrder(placed.orderId)).data.getOrder() : undefined;
    $('#order-result').className = '';
    $('#order-result').textContent = `Order ${order?.orderId ?? ''} placed.`;
    $('#order-status').textContent = `Status: ${order?.status ?? ''}${order?.payments?.[0] ? `, paid by ${order.payments[0].description}` : ''}.`;
  } catch (error) {
    $('#order-result').className = 'error';
    $('#order-result').textContent = error.message;
  }
}

async function startOver() {
  const checkout = service.getState().data.getCheckout();
  if (checkout) await send('DELETE', `/api/storefront/carts/${checkout.id}`);
  location.reload();
}

$('#start').addEventListener('click', () => busy(startCheckout));
$('#start-over').addEventListener('click', () => busy(startOver));
$('#add-address').addEventListener('click', () => {
  addresses.push({ ...PRESETS[addresses.length % PRESETS.length] });
  renderAddresses();
});
$('#ship').addEventListener('click', () => busy(shipToAddresses));
$('#place-order').addEventListener('click', () => busy(placeOrder));

await busy(async () => {
  if (config.orderId) return showConfirmation(config.orderId);
  if (config.checkoutId) return openCheckout(config.checkoutId);
  await showProducts();
  // A cart handed over by redirect_urls, or one from an earlier visit, is picked up where it was.
  const [cart] = await send('GET', '/api/storefront/carts');
  if (cart) await openCheckout(cart.id);
});
document.body.dataset.ready = 'true';
