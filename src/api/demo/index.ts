import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { priceVariant } from '../../domain/catalog.js';
import { fromMinor } from '../../domain/money.js';
import type { StoreRecord } from '../../store/store.js';
import type { Consign } from '../app.js';
import { checkoutSdkBundle } from '../checkout-sdk-bundle.js';
import { ApiError } from '../errors.js';
import { speaksToBrowsers } from '../storefront/index.js';

/** The page's own files; resolved from the package root, so it works from src/ and from dist/. */
const PAGE_DIR = fileURLToPath(new URL('../../../src/api/demo/page/', import.meta.url));
const PAGE_FILES: Record<string, string> = { '': 'index.html', 'app.js': 'app.js', 'markup.js': 'markup.js', 'style.css': 'style.css' };
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'application/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/**
 * The demo checkout page at `/demo`: a small page built on BigCommerce's own checkout SDK (the
 * installed package, unmodified, bundled for the browser at /demo/checkout-sdk.js) against this
 * service's storefront API. It answers only for the demo store (`markDemoStore`). The page places
 * its order the way the SDK does (`submitOrder`: /internalapi/v1/checkout/order, then the card, if
 * any, to the payment gateway), so this plugin serves files only.
 */
export async function demoRoutes(app: FastifyInstance): Promise<void> {
  speaksToBrowsers(app);
  // Any other store's shoppers get no demo page.
  app.addHook('onRequest', async (request) => {
    if (!(await app.consign.configs.get(request.storefront.store)).settings.demo) {
      throw new ApiError(404, 'The demo checkout is served only by the demo store.');
    }
  });

  for (const [path, file] of Object.entries(PAGE_FILES)) {
    app.get(`/${path}`, { schema: { hide: true } }, async (_request, reply) => sendPageFile(reply, file));
  }

  app.get('/checkout-sdk.js', { schema: { hide: true } }, async (_request, reply) => sendCheckoutSdk(reply));

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
}

/**
 * Marks the store the demo page serves: the one `ensureDemoStore` creates from the fixture (or
 * names with CONSIGN_DEMO_STORE_HASH). A setting, so that every process sees it.
 */
export async function markDemoStore(consign: Consign, record: StoreRecord): Promise<void> {
  if ((await consign.configs.get(record)).settings.demo) return;
  await consign.configs.updateSettings(record, (settings) => ({ ...settings, demo: true }));
}

/** One of the demo page's own files (also Consign's own hosted checkout, hosted/index.ts). */
export async function sendPageFile(reply: FastifyReply, name: string): Promise<FastifyReply> {
  const extension = name.slice(name.lastIndexOf('.') + 1);
  return reply.type(TYPES[extension] ?? 'application/octet-stream').header('cache-control', 'no-cache').send(await readFile(join(PAGE_DIR, name)));
}

/** The installed checkout SDK for the browser (global `checkoutKit`, checkout-sdk-bundle.ts). */
export async function sendCheckoutSdk(reply: FastifyReply): Promise<FastifyReply> {
  const bundle = await checkoutSdkBundle();
  if (!bundle) throw new ApiError(404, '@bigcommerce/checkout-sdk is not installed: run npm ci (it is a development dependency).');
  return reply.type(TYPES.js!).header('cache-control', 'public, max-age=3600').send(bundle);
}
