/**
 * The stack floor (issue 14): what Consign's own stack costs with none of Consign in it. Fastify and
 * better-sqlite3, answering the benchmark's routes with the bodies Consign gave for the same
 * requests (recorded by run.ts), and doing the storage work any durable checkout service must: the
 * checkout kept as one JSON document in a SQLite file (WAL, synchronous NORMAL), one versioned
 * UPDATE per mutation, and reads served from an in-process cache checked by the row's version.
 * The ceiling (ceiling.ts) is the same answers from memory over bare node:http; between the two
 * lies the stack, above the floor lies Consign. Usage: floor.ts PORT TEMPLATES.json DB_FILE TOKEN
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';

interface Template {
  status: number;
  body: string;
}
type Templates = Record<'storefront' | 'management', Record<string, Template>>;
type Doc = Record<string, unknown>;

const [portArg, file, dbFile, knownToken] = process.argv.slice(2);
const templates = JSON.parse(readFileSync(file!, 'utf8')) as Templates;
const parsed = (dialect: 'storefront' | 'management', step: string) => {
  const template = templates[dialect][step];
  if (!template) throw new Error(`no recorded answer for ${dialect} ${step}`);
  return { status: template.status, doc: JSON.parse(template.body) as Doc };
};
const sf = { cart: parsed('storefront', 'create cart'), consignments: parsed('storefront', 'create consignments'), select: parsed('storefront', 'select option'), get: parsed('storefront', 'get checkout') };
const mg = { cart: parsed('management', 'create cart'), consignments: parsed('management', 'create consignments'), select: parsed('management', 'select option'), get: parsed('management', 'get checkout') };

const db = new Database(dbFile!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS checkouts (id TEXT PRIMARY KEY, session TEXT NOT NULL, version INTEGER NOT NULL, document TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO checkouts (id, session, version, document) VALUES (?, ?, 1, ?)');
const versionOf = db.prepare<[string], { session: string; version: number }>('SELECT session, version FROM checkouts WHERE id = ?');
const documentOf = db.prepare<[string], { document: string; version: number }>('SELECT document, version FROM checkouts WHERE id = ?');
const update = db.prepare('UPDATE checkouts SET document = ?, version = version + 1 WHERE id = ? AND version = ?');

/** Parsed documents by id, trusted only while the row's version matches. */
const cache = new Map<string, { version: number; doc: Doc }>();

/** The checkout as stored, from the cache when its version is the row's; undefined when there is none. */
function load(id: string, session: string): { version: number; doc: Doc } | undefined {
  const row = versionOf.get(id);
  if (!row || row.session !== session) return undefined;
  const cached = cache.get(id);
  if (cached && cached.version === row.version) return cached;
  const stored = documentOf.get(id)!;
  const fresh = { version: stored.version, doc: JSON.parse(stored.document) as Doc };
  cache.set(id, fresh);
  return fresh;
}

/** One mutation: the new document written under the version it was read at. */
function save(id: string, version: number, doc: Doc): boolean {
  if (update.run(JSON.stringify(doc), id, version).changes !== 1) return false;
  cache.set(id, { version: version + 1, doc });
  return true;
}

function withId(doc: Doc, id: string, version: number): Doc {
  const cart = doc.cart as Doc | undefined;
  return { ...doc, id, version, ...(cart ? { cart: { ...cart, id } } : {}) };
}

function sessionOf(request: FastifyRequest): string | undefined {
  return /(?:^|;\s*)SHOP_SESSION_TOKEN=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
}

const app = Fastify({ logger: false, keepAliveTimeout: 60_000 });
app.get('/health', async () => ({ status: 'ok' }));

// ------------------------------------------------------------ storefront
app.post('/api/storefront/carts', async (request, reply) => {
  if (!Array.isArray((request.body as { lineItems?: unknown })?.lineItems)) return reply.code(422).send({ title: 'lineItems required' });
  const id = randomUUID();
  const session = sessionOf(request) ?? randomUUID();
  const doc = withId(sf.cart.doc, id, 1);
  insert.run(id, session, JSON.stringify(doc));
  cache.set(id, { version: 1, doc });
  void reply.header('set-cookie', [`SHOP_SESSION_TOKEN=${session}; Path=/; HttpOnly; SameSite=Lax`, `XSRF-TOKEN=${session.slice(0, 8)}; Path=/; SameSite=Lax`]);
  return reply.code(sf.cart.status).send(doc);
});

function storefrontChange(template: typeof sf.select) {
  return async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    if (!request.headers['x-xsrf-token']) return reply.code(403).send({ status: 403, title: 'Forbidden' });
    const found = load(request.params.id, sessionOf(request) ?? '');
    if (!found) return reply.code(404).send({ status: 404, title: 'Checkout not found.' });
    const doc = withId(template.doc, request.params.id, found.version + 1);
    if (!save(request.params.id, found.version, doc)) return reply.code(409).send({ status: 409, title: 'Conflict' });
    return reply.code(template.status).send(doc);
  };
}
app.post('/api/storefront/checkouts/:id/consignments', storefrontChange(sf.consignments));
app.put('/api/storefront/checkouts/:id/consignments/:consignment', storefrontChange(sf.select));
app.get<{ Params: { id: string } }>('/api/storefront/checkout/:id', async (request, reply) => {
  const found = load(request.params.id, sessionOf(request) ?? '');
  if (!found) return reply.code(404).send({ status: 404, title: 'Checkout not found.' });
  return reply.code(sf.get.status).send(withId(sf.get.doc, request.params.id, found.version));
});

// ------------------------------------------------------------ server-to-server
app.register(async (management) => {
  management.addHook('onRequest', async (request, reply) => {
    const token = request.headers['x-auth-token'];
    // A token compared with the one known, as a service with its accounts in memory would.
    if (typeof token !== 'string' || token !== knownToken) return reply.code(401).send({ status: 401, title: 'Unauthorized' });
  });
  management.post('/stores/:hash/v3/carts', async (_request, reply) => {
    const id = randomUUID();
    const data = withId(mg.cart.doc.data as Doc, id, 1);
    insert.run(id, '', JSON.stringify(data));
    cache.set(id, { version: 1, doc: data });
    return reply.code(mg.cart.status).send({ ...mg.cart.doc, data });
  });
  const change = (template: typeof mg.select) => async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const found = load(request.params.id, '');
    if (!found) return reply.code(404).send({ status: 404, title: 'Checkout not found.' });
    const data = withId(template.doc.data as Doc, request.params.id, found.version + 1);
    if (!save(request.params.id, found.version, data)) return reply.code(409).send({ status: 409, title: 'Conflict' });
    return reply.code(template.status).send({ ...template.doc, data });
  };
  management.post('/stores/:hash/v3/checkouts/:id/consignments', change(mg.consignments));
  management.put('/stores/:hash/v3/checkouts/:id/consignments/:consignment', change(mg.select));
  management.get<{ Params: { id: string } }>('/stores/:hash/v3/checkouts/:id', async (request, reply) => {
    const found = load(request.params.id, '');
    if (!found) return reply.code(404).send({ status: 404, title: 'Checkout not found.' });
    return reply.code(mg.get.status).send({ ...mg.get.doc, data: withId(mg.get.doc.data as Doc, request.params.id, found.version) });
  });
});

await app.listen({ port: Number(portArg), host: '127.0.0.1' });
process.once('SIGTERM', () => {
  void app.close().then(() => {
    db.close();
    process.exit(0);
  });
});
