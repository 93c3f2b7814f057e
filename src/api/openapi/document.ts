import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { shapeOfPath } from '../errors.js';
import { SESSION_COOKIE, XSRF_HEADER } from '../storefront/session.js';
import { ErrorSchemas as E, described } from './common.js';
import { OPERATIONS, type Operation } from './operations.js';

/**
 * The OpenAPI document (/openapi.json, and the /docs page built from it). Fastify's route schemas
 * give each operation its parameters and request body; `documentOperation` adds what they lack:
 * the success answers from OPERATIONS, the error answers the route can give, and the credentials
 * it needs. It runs only when the document is generated, so nothing here touches a response.
 */
export const openapiOptions: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Consign',
      version: '0.1.0',
      description:
        "BigCommerce's Cart and Checkout APIs, self-hosted. Server-to-server routes live under /stores/{store_hash} and need an " +
        'X-Auth-Token (Authorize, above, for Try it out); storefront routes under /api/storefront act on the browser session\'s cart. ' +
        'Errors are in upstream\'s shapes (docs/api.md#errors).',
    },
    components: {
      securitySchemes: {
        X_Auth_Token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'An API token of the store (npx consign token create).' },
        StorefrontSession: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/storefront/carts; names the cart the session holds.' },
        StorefrontCsrf: { type: 'apiKey', in: 'header', name: 'X-XSRF-TOKEN', description: 'The XSRF-TOKEN cookie\'s value; required on every change made with a session cookie.' },
      },
    },
  },
  refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  transform: ({ schema, url, route }) => ({ schema: documentOperation(route.method, url, schema as RouteSchema | undefined) as FastifySchema, url }),
  transformObject: (documentObject) => ('openapiObject' in documentObject ? optionalBodiesNotRequired(documentObject.openapiObject) : documentObject.swaggerObject),
};

interface RouteSchema {
  readonly hide?: boolean;
  readonly body?: TSchema;
  readonly querystring?: TSchema;
  readonly params?: TSchema & { properties?: Record<string, TSchema & { type?: string }> };
  readonly [key: string]: unknown;
}

/** The path as the document writes it: `{name}` for `:name`, no trailing slash. */
export function documentPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1');
}

function documentOperation(method: string | string[], url: string, schema: RouteSchema | undefined): RouteSchema | undefined {
  const path = documentPath(url);
  const verb = ([] as string[]).concat(method)[0]!;
  const operation = OPERATIONS[`${verb} ${path}`];
  if (!schema || schema.hide || !operation) return schema;
  const storefront = shapeOfPath(path) === 'storefront';
  return {
    ...schema,
    summary: operation.summary,
    operationId: operation.operationId,
    ...(storefront ? { description: STOREFRONT_ACCESS } : {}),
    ...(operation.optionalBody && !schema.body ? { body: operation.optionalBody } : {}),
    security: storefront ? (verb === 'GET' ? [{}, { StorefrontSession: [] }] : [{}, { StorefrontSession: [], StorefrontCsrf: [] }]) : [{ X_Auth_Token: [] }],
    response: { ...successes(operation), ...errors(verb, path, schema, operation), ...operation.errors },
  };
}

const STOREFRONT_ACCESS =
  `Acts only on the cart of the browser's session (the ${SESSION_COOKIE} cookie): any other cart or checkout id is 404. ` +
  `A change sent with a session cookie needs the ${XSRF_HEADER.toUpperCase()} header (the XSRF-TOKEN cookie's value); ` +
  'a first POST /api/storefront/carts, without a session, needs neither. See docs/storefront.md.';

const SUCCESS: Readonly<Record<string, string>> = { 200: 'OK.', 201: 'Created.', 204: 'No content.' };

function successes(operation: Operation): Record<number, TSchema> {
  return Object.fromEntries(
    Object.entries(operation.responses).map(([status, body]) => [status, body ? described(body, SUCCESS[status] ?? 'OK.') : Type.Null({ description: SUCCESS[status] })]),
  );
}


/**
 * The errors a route can answer with, from what it is: whose token it needs, whether it takes a
 * body, a query or ids, whether it writes a cart. Each in its dialect's shape (docs/api.md#errors).
 */
function errors(verb: string, path: string, schema: RouteSchema, operation: Operation): Record<number, TSchema> {
  const shape = shapeOfPath(path);
  const v2 = shape === 'v2';
  const storefront = shape === 'storefront';
  const plain = v2 ? E.v2 : storefront ? E.storefront : E.v3;
  const hasBody = schema.body !== undefined || operation.optionalBody !== undefined;
  const ids = Object.keys(schema.params?.properties ?? {}).filter((name) => name !== 'store_hash');
  const numericId = ids.some((name) => schema.params?.properties?.[name]?.type === 'integer');
  const writesCart = verb !== 'GET' && /\{(cartId|checkoutId)\}/.test(path);
  const out: Record<number, TSchema> = {};
  // Any request may have a URL that cannot be decoded, and any but a GET a body that is parsed
  // (and may be refused) before the route runs.
  out[400] = described(plain, 'The URL cannot be decoded, the body is not JSON, or the Idempotency-Key header is malformed.');
  if (!storefront) out[401] = described(plain, 'No valid X-Auth-Token for this store.');
  if (!storefront || verb !== 'GET') {
    out[403] = described(plain, storefront ? 'The X-XSRF-TOKEN header is missing or wrong, or the Origin is not allowed.' : "The token lacks the route's scope.");
  }
  if (ids.length > 0 || storefront) {
    const notFound = storefront ? E.storefront : v2 ? E.v2 : E.notFound;
    const either = path.includes('{checkoutId}') ? Type.Union([E.checkoutNotFound, notFound]) : notFound;
    out[404] = described(either, 'Not found: an unknown id of any length' + (storefront ? ', a cart that is not the session\'s, or a host no store answers at.' : '.'));
  }
  const catalogWrite = path.startsWith('/stores/{store_hash}/v3/catalog/') && (verb === 'POST' || verb === 'PUT');
  if (catalogWrite) out[409] = described(Type.Union([E.conflict, E.v3]), 'A SKU already in use (with `errors`), or a request still in flight under the same Idempotency-Key.');
  else if (verb === 'POST' || writesCart) out[409] = described(v2 ? E.v2 : E.conflict, 'The `version` sent is not the current one, or a request under the same Idempotency-Key is still in flight.');
  // A body sent where the route takes none is still read (and refused) before the route runs.
  if (hasBody || verb !== 'GET') {
    out[413] = described(plain, 'The body is over the size limit.');
    out[415] = described(plain, 'The body is not application/json, or is compressed.');
  }
  if (hasBody || schema.querystring !== undefined || numericId || verb === 'POST') out[422] = described(plain, 'Invalid or missing data; `errors` names the fields.');
  out[429] = described(plain, 'Too many requests: wait for X-Rate-Limit-Time-Reset-Ms.');
  out[503] = described(plain, 'The database did not answer in time, or at all: retry after Retry-After (docs/reliability.md).');
  return out;
}

/** A body a route may go without (its schema allows null) is not required, whatever Fastify implies. */
function optionalBodiesNotRequired<T extends object>(document: T): T {
  const openapi = document as { paths?: Record<string, Record<string, { requestBody?: { required?: boolean; content?: Record<string, { schema?: { anyOf?: { type?: string }[] } }> } }>> };
  for (const operations of Object.values(openapi.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (schema?.anyOf?.some((s) => s.type === 'null')) operation.requestBody!.required = false;
    }
  }
  return document;
}
