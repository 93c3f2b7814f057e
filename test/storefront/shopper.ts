import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A browser as the storefront API sees one: it keeps the cookies it is given, per host name as a
 * browser does, and, like the checkout SDK, copies the XSRF-TOKEN cookie into the X-XSRF-TOKEN
 * header of every request.
 */
export class Shopper {
  /** The cookies this browser holds for its own host. */
  readonly cookies = new Map<string, string>();
  readonly #elsewhere = new Map<string, Map<string, string>>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly host = 'consign.test',
  ) {}

  /** The cookies held for a host (its name: a browser ignores the port). */
  jar(host: string): Map<string, string> {
    const name = host.replace(/:\d+$/, '');
    if (name === this.host.replace(/:\d+$/, '')) return this.cookies;
    let jar = this.#elsewhere.get(name);
    if (!jar) this.#elsewhere.set(name, (jar = new Map()));
    return jar;
  }

  /**
   * A request to `options.host` (the shopper's own host unless given). `options.cookiesOf` sends
   * the cookies held for another host instead: a token carried where a browser would not carry it.
   */
  async request(
    method: string,
    path: string,
    body?: unknown,
    options: { xsrf?: string | null; headers?: Record<string, string>; host?: string; cookiesOf?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const host = options.host ?? this.host;
    const sent = this.jar(options.cookiesOf ?? host);
    const xsrf = options.xsrf === undefined ? sent.get('XSRF-TOKEN') : options.xsrf;
    const cookie = [...sent].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.app.inject({
      method: method as 'GET',
      url: path,
      headers: {
        host,
        // What the checkout SDK sends.
        accept: 'application/vnd.bc.v1+json',
        ...(cookie ? { cookie } : {}),
        ...(xsrf ? { 'x-xsrf-token': decodeURIComponent(xsrf) } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const received = this.jar(host);
    for (const header of ([] as string[]).concat((response.headers['set-cookie'] as string[] | string | undefined) ?? [])) {
      const [pair] = header.split(';');
      const index = pair!.indexOf('=');
      received.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    return response;
  }

  /** A cart of the demo store: a lamp (product 1) and two mugs (product 4). */
  async createCart(): Promise<{ id: string; lamp: string; mugs: string; version: number }> {
    const response = await this.request('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }, { productId: 4, quantity: 2 }] });
    if (response.statusCode !== 200) throw new Error(`POST /api/storefront/carts: ${response.statusCode} ${response.body}`);
    const cart = response.json();
    const [lamp, mugs] = cart.lineItems.physicalItems;
    return { id: cart.id, lamp: lamp.id, mugs: mugs.id, version: cart.version };
  }
}

/** Consignment addresses in the demo store's zones, in the storefront's camelCase. */
export const SF_AUSTIN = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', address1: '600 Congress Ave', city: 'Austin', stateOrProvince: 'Texas', stateOrProvinceCode: 'TX', countryCode: 'US', postalCode: '78701' };
export const SF_PORTLAND = { ...SF_AUSTIN, address1: '1 Main St', city: 'Portland', stateOrProvince: 'Oregon', stateOrProvinceCode: 'OR', postalCode: '97201' };
export const SF_DALLAS = { ...SF_AUSTIN, address1: '2500 McKinney Ave', city: 'Dallas', postalCode: '75201' };
export const SF_TORONTO = { ...SF_AUSTIN, address1: '100 Queen St W', city: 'Toronto', stateOrProvince: 'Ontario', stateOrProvinceCode: 'ON', countryCode: 'CA', postalCode: 'M5H 2N2' };
