import type { Answer, Origin } from './http.js';

export type Dialect = 'storefront' | 'management';
export const STEPS = ['create cart', 'create consignments', 'select option', 'get checkout'] as const;
export type Step = (typeof STEPS)[number];

/** Where a flow sends its requests: one origin, or several taken in turn (two service processes). */
export class Target {
  #next = 0;
  constructor(readonly origins: readonly Origin[]) {}
  pick(): Origin {
    const origin = this.origins[this.#next % this.origins.length]!;
    this.#next++;
    return origin;
  }
  close(): void {
    for (const origin of this.origins) origin.close();
  }
}

export interface Credentials {
  readonly storeHash: string;
  readonly token: string;
}

/** Called with every answer a flow receives; the recorder keeps bodies for the ceiling server. */
export type Observer = (step: Step, answer: Answer) => void;

/** Demo-store addresses that get shipping options (test/helpers/addresses.ts). */
export const SF_AUSTIN = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', address1: '600 Congress Ave', city: 'Austin', stateOrProvince: 'Texas', stateOrProvinceCode: 'TX', countryCode: 'US', postalCode: '78701' };
export const SF_PORTLAND = { ...SF_AUSTIN, address1: '1 Main St', city: 'Portland', stateOrProvince: 'Oregon', stateOrProvinceCode: 'OR', postalCode: '97201' };
export const ADDRESSES = [
  { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '600 Congress Ave', city: 'Austin', state_or_province: 'Texas', state_or_province_code: 'TX', country_code: 'US', postal_code: '78701' },
  { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '1 Main St', city: 'Portland', state_or_province: 'Oregon', state_or_province_code: 'OR', country_code: 'US', postal_code: '97201' },
  { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '2500 McKinney Ave', city: 'Dallas', state_or_province: 'Texas', state_or_province_code: 'TX', country_code: 'US', postal_code: '75201' },
  { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '100 Queen St W', city: 'Toronto', state_or_province: 'Ontario', state_or_province_code: 'ON', country_code: 'CA', postal_code: 'M5H 2N2' },
] as const;

/** What the checkout SDK asks for: options on consignment changes, none on loadCheckout. */
const SF_OPTIONS = 'include=consignments.availableShippingOptions';
const SF_LOAD = 'include=cart.lineItems.physicalItems.options,cart.lineItems.digitalItems.options,customer,promotions.banners';
const MG_OPTIONS = 'include=consignments.available_shipping_options';

export class FlowError extends Error {}

function expect(answer: Answer, status: number, what: string): unknown {
  if (answer.status !== status) throw new FlowError(`${what}: expected ${status}, got ${answer.status} ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as unknown;
}

type Timed = (step: Step, answer: Answer) => void;

/** Postal codes for the flow's two consignments (Austin's, Portland's); the flow's own when absent. */
export type Postcodes = () => readonly [string, string];

interface SfCheckout {
  consignments: { id: string; availableShippingOptions?: { id: string }[] }[];
}
interface MgCheckout {
  data: { consignments: { id: string; available_shipping_options?: { id: string }[] }[] };
}

/**
 * What a shopper's browser sends with the checkout SDK: its cookies, and the session's XSRF token
 * echoed in `X-XSRF-TOKEN`, as checkout-sdk does; cookies the answers set are kept.
 */
export class StorefrontBrowser {
  readonly #cookies = new Map<string, string>();

  async send(origin: Origin, method: string, path: string, body?: unknown): Promise<Answer> {
    const xsrf = this.#cookies.get('XSRF-TOKEN');
    const headers: Record<string, string> = { host: 'localhost', accept: 'application/vnd.bc.v1+json' };
    if (this.#cookies.size > 0) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (xsrf) headers['x-xsrf-token'] = decodeURIComponent(xsrf);
    const answer = await origin.request(method, path, headers, body);
    for (const header of answer.setCookie) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      this.#cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return answer;
  }

  /** A new browser session: the next request starts without cookies. */
  forget(): void {
    this.#cookies.clear();
  }
}

/** The storefront flow, as a shopper's browser with the checkout SDK runs it. */
export async function storefrontFlow(target: Target, observe: Timed, postcodes?: Postcodes): Promise<void> {
  const [austin, portland] = postcodes?.() ?? [SF_AUSTIN.postalCode, SF_PORTLAND.postalCode];
  const browser = new StorefrontBrowser();
  const send = async (step: Step, method: string, path: string, body?: unknown) => {
    const answer = await browser.send(target.pick(), method, path, body);
    observe(step, answer);
    return answer;
  };
  const cart = expect(await send('create cart', 'POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }, { productId: 4, quantity: 2 }] }), 200, 'create cart') as {
    id: string;
    lineItems: { physicalItems: { id: string }[] };
  };
  const [lamp, mugs] = cart.lineItems.physicalItems;
  const created = expect(
    await send('create consignments', 'POST', `/api/storefront/checkouts/${cart.id}/consignments?${SF_OPTIONS}`, [
      { address: { ...SF_AUSTIN, postalCode: austin }, lineItems: [{ itemId: lamp!.id, quantity: 1 }] },
      { address: { ...SF_PORTLAND, postalCode: portland }, lineItems: [{ itemId: mugs!.id, quantity: 2 }] },
    ]),
    200,
    'create consignments',
  ) as SfCheckout;
  for (const consignment of created.consignments) {
    const option = consignment.availableShippingOptions?.[0];
    if (!option) throw new FlowError('a consignment has no shipping option');
    expect(
      await send('select option', 'PUT', `/api/storefront/checkouts/${cart.id}/consignments/${consignment.id}?${SF_OPTIONS}`, { shippingOptionId: option.id }),
      200,
      'select option',
    );
  }
  expect(await send('get checkout', 'GET', `/api/storefront/checkout/${cart.id}?${SF_LOAD}`), 200, 'get checkout');
}

/** The same flow through the server-to-server API, as a headless storefront's server runs it. */
export async function managementFlow(target: Target, credentials: Credentials, observe: Timed, postcodes?: Postcodes): Promise<void> {
  const [austin, portland] = postcodes?.() ?? [ADDRESSES[0].postal_code, ADDRESSES[1].postal_code];
  const base = `/stores/${credentials.storeHash}/v3`;
  const send = async (step: Step, method: string, path: string, body?: unknown) => {
    const answer = await target.pick().request(method, path, { 'x-auth-token': credentials.token }, body);
    observe(step, answer);
    return answer;
  };
  const cart = expect(await send('create cart', 'POST', `${base}/carts`, { line_items: [{ product_id: 1, quantity: 1 }, { product_id: 4, quantity: 2 }] }), 201, 'create cart') as {
    data: { id: string; line_items: { physical_items: { id: string }[] } };
  };
  const id = cart.data.id;
  const [lamp, mugs] = cart.data.line_items.physical_items;
  const created = expect(
    await send('create consignments', 'POST', `${base}/checkouts/${id}/consignments?${MG_OPTIONS}`, [
      { address: { ...ADDRESSES[0], postal_code: austin }, line_items: [{ item_id: lamp!.id, quantity: 1 }] },
      { address: { ...ADDRESSES[1], postal_code: portland }, line_items: [{ item_id: mugs!.id, quantity: 2 }] },
    ]),
    200,
    'create consignments',
  ) as MgCheckout;
  for (const consignment of created.data.consignments) {
    const option = consignment.available_shipping_options?.[0];
    if (!option) throw new FlowError('a consignment has no shipping option');
    expect(
      await send('select option', 'PUT', `${base}/checkouts/${id}/consignments/${consignment.id}?${MG_OPTIONS}`, { shipping_option_id: option.id }),
      200,
      'select option',
    );
  }
  expect(await send('get checkout', 'GET', `${base}/checkouts/${id}`), 200, 'get checkout');
}

export function runFlow(dialect: Dialect, target: Target, credentials: Credentials, observe: Timed, postcodes?: Postcodes): Promise<void> {
  return dialect === 'storefront' ? storefrontFlow(target, observe, postcodes) : managementFlow(target, credentials, observe, postcodes);
}
