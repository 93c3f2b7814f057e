import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { priceVariant } from '../../domain/catalog.js';
import { ALL_SCOPES } from '../../domain/scopes.js';
import { fromMinor } from '../../domain/money.js';
import type { StoreRecord } from '../../store/store.js';
import { ApiError } from '../errors.js';
import { speaksToBrowsers } from '../storefront/index.js';
import { requireOwnCart } from '../storefront/session.js';

/** The page's own files; resolved from the package root, so it works from src/ and from dist/. */
const PAGE_DIR = fileURLToPath(new URL('../../../src/api/demo/page/', import.meta.url));
const PAGE_FILES: Record<string, string> = { '': 'index.html', 'app.js': 'app.js', 'style.css': 'style.css' };
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'application/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/**
 * The demo checkout page at `/demo`: a small page built on BigCommerce's own checkout SDK (served
 * from the installed package, unmodified, at /demo/checkout-sdk.js) against this service's
 * storefront API, for the store the host selects. Placing the order is a server-to-server call
 * upstream; the page asks this plugin to make it for the session's own checkout.
 */
export async function demoRoutes(app: FastifyInstance): Promise<void> {
  speaksToBrowsers(app);

  for (const [path, file] of Object.entries(PAGE_FILES)) {
    app.get(`/${path}`, { schema: { hide: true } }, async (_request, reply) => sendFile(reply, join(PAGE_DIR, file)));
  }

  app.get('/checkout-sdk.js', { schema: { hide: true } }, async (_request, reply) => {
    const file = sdkBundle();
    if (!file) throw new ApiError(404, '@bigcommerce/checkout-sdk is not installed: run npm ci (it is a development dependency).');
    return sendFile(reply, file, 'public, max-age=3600');
  });

  // The storefront API has no catalog; the page needs something to pick from.
  app.get('/products.json', { schema: { hide: true } }, async (request) => {
    const config = await app.consign.configs.get(request.storefront.store);
    const money = (amount: number) => fromMinor(amount, config.settings.currency.decimalPlaces);
    return {
      store: { name: config.settings.name, currency: config.settings.currency.code, symbol: config.settings.currency.symbol },
      products: config.catalog.products.map((p) => ({
        id: p.id,
        name: p.name,
        type: p.type,
        variants: p.variants.map((v) => ({
          id: v.id,
          label: v.optionValues.map((o) => o.label).join(' / '),
          price: money(priceVariant(p, v).salePrice),
        })),
      })),
    };
  });

  const tokens = new Map<number, Promise<string>>();
  const tokenFor = (store: StoreRecord) => {
    let token = tokens.get(store.id);
    if (!token) {
      // Held in memory only, never shown: the page places orders as a storefront's server would.
      token = app.consign.accounts.createToken(store.id, ALL_SCOPES, { name: 'demo page (in memory)' });
      tokens.set(store.id, token);
    }
    return token;
  };

  app.post('/orders', { schema: { hide: true, body: Type.Object({ checkoutId: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
    const { checkoutId } = request.body as { checkoutId: string };
    const { store } = request.storefront;
    requireOwnCart(request, checkoutId, 'checkout');
    const response = await app.inject({
      method: 'POST',
      url: `/stores/${store.hash}/v3/checkouts/${checkoutId}/orders`,
      headers: { 'x-auth-token': await tokenFor(store), accept: 'application/json' },
    });
    const body = response.json() as { title?: string };
    if (response.statusCode === 404 && body.title === 'The requested resource was not found.') {
      throw new ApiError(501, 'Orders are not available in this version of Consign yet (POST /v3/checkouts/{id}/orders).');
    }
    return reply.code(response.statusCode).type('application/json').send(body);
  });
}

async function sendFile(reply: FastifyReply, file: string, cache = 'no-cache'): Promise<FastifyReply> {
  const extension = file.slice(file.lastIndexOf('.') + 1);
  return reply.type(TYPES[extension] ?? 'application/octet-stream').header('cache-control', cache).send(await readFile(file));
}

/** The SDK's browser bundle (UMD, global `checkoutKit`), when the package is installed. */
function sdkBundle(): string | undefined {
  try {
    const main = createRequire(import.meta.url).resolve('@bigcommerce/checkout-sdk');
    return join(dirname(main), 'checkout-sdk.umd.js');
  } catch {
    return undefined;
  }
}
