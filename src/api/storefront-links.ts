import type { FastifyRequest } from 'fastify';
import { ownHost } from '../services/storefront-directory.js';
import type { StoreConfig } from '../services/store-config.js';

/**
 * Where a store's storefront answers, as `protocol://host[:port]`, seen from this request: the
 * origin a line item's `url` and `image_url` are made absolute on (upstream's schemas type both
 * as URIs), in both dialects. **Decision** (docs/api.md#response-shapes):
 *
 * 1. the store's first storefront host, if it claims any;
 * 2. else the host this request came to, if that host selects this store: the default store at
 *    the service's own address (`127.0.0.1:3000`), any store at its `{store_hash}.localhost`;
 * 3. else `{store_hash}.localhost`, where every store answers with no setup.
 *
 * The protocol and port are the request's, so a link reaches the same service the client did.
 */
export async function storefrontOrigin(request: FastifyRequest, config: StoreConfig): Promise<string> {
  const { store } = config;
  const port = (request.headers.host ?? '').match(/:(\d+)$/)?.[1];
  const [claimed] = config.settings.storefrontHosts;
  const host = claimed ?? (await hostSelecting(request, store)) ?? ownHost(store.hash);
  return `${request.protocol}://${host}${port ? `:${port}` : ''}`;
}

/** The name of the host the request came to, if a storefront request there would reach `store`. */
async function hostSelecting(request: FastifyRequest, store: StoreConfig['store']): Promise<string | undefined> {
  const requested = request.headers.host ?? '';
  const name = requested.replace(/:\d+$/, '').toLowerCase();
  if (!HOST_NAME.test(name)) return undefined;
  // A storefront request's guard has already found the store this host selects (session.ts): no
  // second look in the directory. Management requests have no storefront context.
  const selected = request.storefront?.store ?? (await request.server.consign.storefronts.storeFor(requested));
  return selected?.id === store.id ? name : undefined;
}

/** A host name a link can carry as it is (an IPv6 literal or anything odder gets `{store_hash}.localhost`). */
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** Where Consign serves product images (product-images.ts): on every storefront host. */
export const PRODUCT_IMAGES_PATH = '/product_images/';

/** The image of a product that has none, as upstream shows a default one. */
export const DEFAULT_PRODUCT_IMAGE = `${PRODUCT_IMAGES_PATH}product-default.svg`;

/**
 * A product line's links, absolute on `origin`: its `url` (a catalog path such as
 * `/orbit-desk-lamp/`, or upstream's `/products.php?productId=N` for a product without one) and
 * its `image_url` (the product's, or the default image). A URL that is already absolute is kept.
 */
export function productLinks(origin: string, item: { readonly productId: number; readonly url: string; readonly imageUrl: string }): { url: string; imageUrl: string } {
  return {
    url: absolute(origin, item.url, `/products.php?productId=${item.productId}`),
    imageUrl: absolute(origin, item.imageUrl, DEFAULT_PRODUCT_IMAGE),
  };
}

/**
 * Links already resolved, by origin and URL. A store has few origins and a catalog's URLs repeat
 * in every answer, while parsing one costs two URL constructions per line presented. Bounded: a
 * full map is emptied, which costs a re-parse and nothing else.
 */
const resolved = new Map<string, string>();
const RESOLVED_MAX = 5_000;

/** `url` resolved on `origin`; `fallback` (a path) when there is none, or it is no URL at all. */
function absolute(origin: string, url: string, fallback: string): string {
  const key = `${origin}\n${url}\n${fallback}`;
  let href = resolved.get(key);
  if (href === undefined) {
    href = resolve(origin, url, fallback);
    if (resolved.size >= RESOLVED_MAX) resolved.clear();
    resolved.set(key, href);
  }
  return href;
}

function resolve(origin: string, url: string, fallback: string): string {
  try {
    if (url !== '') return new URL(url, `${origin}/`).href;
  } catch {
    // A catalog may hold any text as a URL: one that is none is answered as if absent.
  }
  return new URL(fallback, `${origin}/`).href;
}
