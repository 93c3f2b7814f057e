/**
 * The ceiling: a minimal node:http server (no framework, no storage) answering the benchmark's
 * routes from memory with the bodies Consign gave for the same requests (recorded by run.ts).
 * It still does the work any server must: parse the URL, the cookie or token, the JSON body, look
 * the cart up, and serialise a response of the same size. Usage: ceiling.ts PORT TEMPLATES.json
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

interface Template {
  status: number;
  body: string;
}
type Templates = Record<'storefront' | 'management', Record<string, Template>>;

const [portArg, file] = process.argv.slice(2);
const templates = JSON.parse(readFileSync(file!, 'utf8')) as Templates;
const parsed = (dialect: 'storefront' | 'management', step: string) => {
  const template = templates[dialect][step];
  if (!template) throw new Error(`no recorded answer for ${dialect} ${step}`);
  return { status: template.status, doc: JSON.parse(template.body) as Record<string, unknown> };
};
const sf = {
  cart: parsed('storefront', 'create cart'),
  consignments: parsed('storefront', 'create consignments'),
  select: parsed('storefront', 'select option'),
  get: parsed('storefront', 'get checkout'),
};
const mg = {
  cart: parsed('management', 'create cart'),
  consignments: parsed('management', 'create consignments'),
  select: parsed('management', 'select option'),
  get: parsed('management', 'get checkout'),
};

/** Carts by id, with their session (storefront) and version. */
const carts = new Map<string, { session: string; version: number }>();

function withId(doc: Record<string, unknown>, id: string, version: number): Record<string, unknown> {
  const cart = doc.cart as Record<string, unknown> | undefined;
  return { ...doc, id, version, ...(cart ? { cart: { ...cart, id } } : {}) };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sessionOf(req: http.IncomingMessage): string | undefined {
  const match = /(?:^|;\s*)SHOP_SESSION_TOKEN=([^;]+)/.exec(req.headers.cookie ?? '');
  return match?.[1];
}

const SF_CONSIGNMENTS = /^\/api\/storefront\/checkouts\/([^/?]+)\/consignments(?:\/([^/?]+))?(?:\?|$)/;
const SF_CHECKOUT = /^\/api\/storefront\/checkouts?\/([^/?]+)(?:\?|$)/;
const MG_CARTS = /^\/stores\/([^/]+)\/v3\/carts(?:\?|$)/;
const MG_CONSIGNMENTS = /^\/stores\/([^/]+)\/v3\/checkouts\/([^/?]+)\/consignments(?:\/([^/?]+))?(?:\?|$)/;
const MG_CHECKOUT = /^\/stores\/([^/]+)\/v3\/checkouts\/([^/?]+)(?:\?|$)/;

function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  const body = raw ? (JSON.parse(raw) as unknown) : undefined;
  if (url === '/health') return send(res, 200, { status: 'ok' });
  if (method === 'POST' && url.startsWith('/api/storefront/carts')) {
    if (!Array.isArray((body as { lineItems?: unknown })?.lineItems)) return send(res, 422, { title: 'lineItems required' });
    const id = randomUUID();
    const session = sessionOf(req) ?? randomUUID();
    carts.set(id, { session, version: 1 });
    return send(res, sf.cart.status, withId(sf.cart.doc, id, 1), {
      'set-cookie': [`SHOP_SESSION_TOKEN=${session}; Path=/; HttpOnly; SameSite=Lax`, `XSRF-TOKEN=${session.slice(0, 8)}; Path=/; SameSite=Lax`],
    });
  }
  let match = SF_CONSIGNMENTS.exec(url) ?? SF_CHECKOUT.exec(url);
  if (match && url.startsWith('/api/storefront/')) {
    const cart = carts.get(match[1]!);
    if (!cart || cart.session !== sessionOf(req)) return send(res, 404, { status: 404, title: 'Checkout not found.' });
    if (method !== 'GET' && !req.headers['x-xsrf-token']) return send(res, 403, { status: 403, title: 'Forbidden' });
    if (method === 'GET') return send(res, sf.get.status, withId(sf.get.doc, match[1]!, cart.version));
    cart.version++;
    const template = method === 'POST' ? sf.consignments : sf.select;
    return send(res, template.status, withId(template.doc, match[1]!, cart.version));
  }
  if (req.headers['x-auth-token'] === undefined && url.startsWith('/stores/')) return send(res, 401, { status: 401, title: 'Unauthorized' });
  if (method === 'POST' && MG_CARTS.test(url)) {
    const id = randomUUID();
    carts.set(id, { session: '', version: 1 });
    return send(res, mg.cart.status, { ...mg.cart.doc, data: withId(mg.cart.doc.data as Record<string, unknown>, id, 1) });
  }
  match = MG_CONSIGNMENTS.exec(url) ?? MG_CHECKOUT.exec(url);
  if (match) {
    const cart = carts.get(match[2]!);
    if (!cart) return send(res, 404, { status: 404, title: 'Checkout not found.' });
    const template = method === 'GET' ? mg.get : method === 'POST' ? mg.consignments : mg.select;
    if (method !== 'GET') cart.version++;
    return send(res, template.status, { ...template.doc, data: withId(template.doc.data as Record<string, unknown>, match[2]!, cart.version) });
  }
  send(res, 404, { status: 404, title: 'Not found' });
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      handle(req, res, Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      send(res, 400, { status: 400, title: (error as Error).message });
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
