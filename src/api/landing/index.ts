import type { FastifyInstance } from 'fastify';
import { parseSettings } from '../../domain/store-settings.js';

interface Link {
  readonly path: string;
  readonly title: string;
  readonly about: string;
}

/** Pages other route groups may add (a hosted checkout, a console): linked only when they exist. */
const OPTIONAL: readonly Link[] = [
  { path: '/checkout', title: 'Hosted checkout', about: 'The checkout page a cart is handed to.' },
  { path: '/console', title: 'Console', about: 'Stores, tokens, shipping and other rules, live checkouts and orders, and why each shipping method is or is not offered.' },
];

/**
 * `GET /`: a small page for whoever opens the service in a browser, linking what there is to see.
 * The demo checkout is linked when the store answering at this host is the demo store (it alone
 * serves it); otherwise the page says where the start banner links it.
 */
export async function landingRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const here = await app.consign.storefronts.storeFor(request.headers.host);
    const demoHere = here !== undefined && parseSettings(here.settings).demo;
    const present = new Set(app.routeTable.filter((route) => route.method === 'GET').map((route) => route.url));
    const links: Link[] = [
      ...(demoHere ? [{ path: '/demo', title: 'Demo checkout', about: "BigCommerce's own checkout SDK against this service: pick products, split them across addresses, place an order." }] : []),
      ...OPTIONAL.filter((link) => present.has(link.path)),
      { path: '/docs', title: 'API reference', about: 'Every route of both dialects, with its request and response schemas (OpenAPI at /openapi.json).' },
      { path: '/health', title: 'Health', about: 'Answers {"status":"ok"} while the service is up.' },
    ];
    const demoNote = demoHere
      ? ''
      : '<p class="note">The store answering at this address is not the demo store, so it has no demo checkout here; the start banner links the demo store\'s page.</p>';
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page(links, demoNote));
  });
}

function page(links: readonly Link[], note: string): string {
  const items = links.map((link) => `<li><a href="${link.path}">${link.title}</a> <code>${link.path}</code><p>${escapeHtml(link.about)}</p></li>`).join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Consign</title>
  <style>${STYLE}</style>
</head>
<body>
  <header>
    <h1>Consign <small>a checkout service that speaks BigCommerce's Cart and Checkout APIs</small></h1>
    <p>Point a BigCommerce client at this address instead of api.bigcommerce.com, and change nothing else.</p>
  </header>
  <section>
    <h2>Start here</h2>
    <ul>
      ${items}
    </ul>
    ${note}
  </section>
  <section>
    <h2>Make an API token</h2>
    <pre>npx consign token create --store HASH --scopes all</pre>
    <p class="note">The management API lives under <code>/stores/{store_hash}/v3</code> and <code>/v2</code>; the storefront API under <code>/api/storefront</code>.</p>
  </section>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The demo checkout's look (src/api/demo/page/style.css), trimmed to what this page uses. */
const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1d2330; background: #f6f7f9; }
body { max-width: 760px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
header p { color: #566; margin-top: -0.5rem; }
h1 small { font-weight: normal; color: #667; font-size: 0.6em; }
h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
section { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
ul { list-style: none; margin: 0; padding: 0; }
li { padding: 0.5rem 0; border-bottom: 1px solid #eef0f3; }
li:last-child { border-bottom: 0; }
li a { font-weight: 600; color: #2450c7; text-decoration: none; }
li a:hover { text-decoration: underline; }
li code { color: #667; margin-left: 0.4rem; }
li p { margin: 0.2rem 0 0; color: #445; font-size: 0.9rem; }
pre { background: #f6f7f9; border: 1px solid #e3e6ec; border-radius: 6px; padding: 0.5rem 0.75rem; overflow-x: auto; }
.note { color: #556; font-size: 0.9rem; }
`;
