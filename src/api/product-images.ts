import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { PRODUCT_IMAGES_PATH } from './storefront-links.js';

/** The demo products' images; resolved from the package root, so it works from src/ and from dist/. */
const IMAGES_DIR = fileURLToPath(new URL('../../fixtures/product-images/', import.meta.url));

/**
 * `GET /product_images/{file}`: the images lines' `image_url` point at, on every host (each
 * store's storefront host among them: storefront-links.ts). Only the folder's own SVG files are
 * served, read once; any other name is an unknown path (404). They never change under a name, so
 * browsers may keep them a day.
 */
export async function productImageRoutes(app: FastifyInstance): Promise<void> {
  const names = (await readdir(IMAGES_DIR)).filter((name) => /^[a-z0-9-]+\.svg$/.test(name));
  const images = new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(IMAGES_DIR, name))] as const)));
  app.get(`${PRODUCT_IMAGES_PATH}:file`, { schema: { hide: true } }, async (request, reply) => {
    const image = images.get((request.params as { file: string }).file);
    if (!image) return reply.callNotFound();
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(image);
  });
}
