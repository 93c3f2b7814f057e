import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { type ConsoleOptions } from './admin.js';
import { guardConsole } from './access.js';

/** The page's own files; resolved from the package root, so it works from src/ and from dist/. */
const PAGE_DIR = fileURLToPath(new URL('../../../src/api/console/page/', import.meta.url));
const PAGE_FILES = ['app.js', 'api.js', 'ui.js', 'explain.js', 'pages-access.js', 'pages-rules.js', 'pages-live.js', 'style.css'];
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'application/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/**
 * The console at `/console`: a static page (HTML, plain JS modules, CSS; no build step) that
 * manages stores through the same public management API every client uses, with a token it makes
 * through the admin API (admin.ts). Guarded like that API: local only unless the operator sets a
 * credential (docs/console.md).
 */
export async function consoleRoutes(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  guardConsole(app, options.credential);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => send(reply, 'index.html'));
  for (const file of PAGE_FILES) app.get(`/${file}`, { schema: { hide: true } }, async (_request, reply) => send(reply, file));
}

async function send(reply: import('fastify').FastifyReply, file: string) {
  const body = await readFile(PAGE_DIR + file, 'utf8');
  // No caching: an operator who upgrades Consign gets the page that goes with it.
  return reply.type(TYPES[file.split('.').pop()!]!).header('cache-control', 'no-cache').send(body);
}
