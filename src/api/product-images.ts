import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ApiError, sendError, shapeOfPath } from './errors.js';
import { PRODUCT_IMAGES_PATH } from './storefront-links.js';

/**
 * `GET /product_images/{file}`: the images lines' `image_url` point at, on every host (each
 * store's storefront host among them: storefront-links.ts). Only the folder's own SVG files are
 * served, read once; any other name is an unknown path (404). They never change under a name, so
 * browsers may keep them a day.
 */
export async function productImageRoutes(app: FastifyInstance, options: { dir: string }): Promise<void> {
  // A folder that is missing (a trimmed install) serves nothing rather than stopping the service.
  const listed = await readdir(options.dir).catch(() => [] as string[]);
  const names = listed.filter((name) => /^[a-z0-9-]+\.svg$/.test(name));
  const images = new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(options.dir, name))] as const)));
  app.get(`${PRODUCT_IMAGES_PATH}:file`, { schema: { hide: true } }, async (request, reply) => {
    const image = images.get((request.params as { file: string }).file);
    // As any unknown path is answered (the not-found handler would call the route's own GET not allowed).
    if (!image) return sendError(reply, new ApiError(404, 'The requested resource was not found.', shapeOfPath(request.url)));
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(image);
  });
}
