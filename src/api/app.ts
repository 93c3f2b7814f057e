import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { fileURLToPath } from 'node:url';
import { AccountService } from '../services/accounts.js';
import { CatalogService } from '../services/catalog-service.js';
import { CarrierQuotes, type CarrierQuotesOptions } from '../services/carriers/carrier-quotes.js';
import { CarrierService } from '../services/carriers/carrier-service.js';
import { CheckoutService } from '../services/checkout-service.js';
import { CouponService } from '../services/coupon-service.js';
import { CustomerService } from '../services/customers/customer-service.js';
import { CustomerSignIn } from '../services/customers/customer-sign-in.js';
import { ShippingService } from '../services/shipping-service.js';
import { StorefrontDirectory } from '../services/storefront-directory.js';
import { StorefrontSessions } from '../services/storefront-sessions.js';
import { ConfigCache } from '../services/store-config.js';
import { IdempotencyService } from '../services/idempotency.js';
import { OrderService } from '../services/orders.js';
import { PaymentService } from '../services/payments/payment-service.js';
import { type RateLimitCounter, RateLimiter } from '../services/rate-limiter.js';
import { type RateLimitCounting, openRateLimitCounter } from '../services/rate-limit-counting.js';
import { RequestLog, type RequestLogLimits } from '../services/request-log/request-log.js';
import { type DispatcherOptions, WebhookDispatcher } from '../services/webhooks/dispatcher.js';
import { WebhookSubscriptions } from '../services/webhooks/webhook-subscriptions.js';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from '../domain/store-settings.js';
import type { Store } from '../store/store.js';
import { answerClientError } from './client-errors.js';
import { ApiError, type ErrorShape, handleError, shapeOfPath } from './errors.js';
import { requireHostHeader } from './host-header.js';
import { installIdempotency } from './idempotency.js';
import { managementRoutes } from './management/index.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { consoleAdminRoutes } from './console/admin.js';
import { consoleRoutes } from './console/index.js';
import { demoRoutes } from './demo/index.js';
import { hostedCheckoutRoutes } from './hosted/index.js';
import { landingRoutes } from './landing/index.js';
import { openapiOptions } from './openapi/document.js';
import { paymentGatewayRoutes } from './payments/gateway.js';
import { hostedFieldRoutes } from './payments/hosted-field.js';
import { productImageRoutes } from './product-images.js';
import { installRequestLog } from './request-log/record.js';
import { handoffRoutes, internalApiRoutes, storefrontRoutes } from './storefront/index.js';
import { validatorCompiler } from './validation.js';
import { replyJson } from './reply-json.js';

/** The services every route group shares, decorated on the app as `consign`. */
export interface Consign {
  readonly store: Store;
  readonly accounts: AccountService;
  readonly configs: ConfigCache;
  readonly checkouts: CheckoutService;
  readonly catalog: CatalogService;
  readonly shipping: ShippingService;
  readonly coupons: CouponService;
  /** Connected carrier apps and their real-time rates (docs/shipping-rates.md). */
  readonly carriers: CarrierService;
  /** Which store a storefront request's host selects. */
  readonly storefronts: StorefrontDirectory;
  /** Shoppers' browser sessions and the carts they hold. */
  readonly sessions: StorefrontSessions;
  /** Idempotency-Key: claims, saved responses and replays (docs/reliability.md). */
  readonly idempotency: IdempotencyService;
  /** Request counts per token and client address: in memory, or shared by every process (openRateLimitCounter). */
  readonly rateLimiter: RateLimitCounter;
  /** The limits of a store that sets none of its own. */
  readonly rateLimitDefaults: RateLimitSettings;
  /** Payment methods per store and the test card gateway (docs/payments.md). */
  readonly payments: PaymentService;
  /** Reading placed orders back (services/orders.ts). */
  readonly orders: OrderService;
  /** Customer accounts and their address books (docs/customers.md). */
  readonly customers: CustomerService;
  /** Storefront sign-in, with its limits on failures per email and per client. */
  readonly customerSignIn: CustomerSignIn;
  /** The last requests of each store, in this process (docs/request-log.md); undefined when off. */
  readonly requestLog?: RequestLog;
  /** Webhook subscriptions and their delivery logs (docs/webhooks.md). */
  readonly webhooks: WebhookSubscriptions;
  /** Sends the webhook outbox; started by the server (src/server.ts), stopped when the app closes. */
  readonly webhookDispatcher: WebhookDispatcher;
}

declare module 'fastify' {
  interface FastifyInstance {
    consign: Consign;
    /**
     * Every route the router holds, hidden ones too (the OpenAPI document lists only the API's):
     * the access and fuzz tests walk this, so that no route escapes them.
     */
    routeTable: readonly RouteEntry[];
  }
}

export interface RouteEntry {
  readonly method: string;
  /** The route's pattern, `:name` for a path parameter. */
  readonly url: string;
}

/** The services over one store; the HTTP app and the CLI both use them. */
export function createConsign(
  store: Store,
  rateLimitDefaults: RateLimitSettings = DEFAULT_RATE_LIMITS,
  now: () => number = Date.now,
  rateLimiter: RateLimitCounter = new RateLimiter(),
  carrierOptions: CarrierQuotesOptions = {},
  webhookOptions: DispatcherOptions = {},
): Consign {
  const configs = new ConfigCache(store);
  const carrierQuotes = new CarrierQuotes(store, carrierOptions);
  const webhooks = new WebhookSubscriptions(store, configs, now);
  const webhookDispatcher = new WebhookDispatcher(store, webhooks, webhookOptions, now);
  const customers = new CustomerService(store, now, { configs, onEventsRecorded: () => webhookDispatcher.wake() });
  return {
    store,
    accounts: new AccountService(store, now),
    configs,
    checkouts: new CheckoutService(store, configs, now, carrierQuotes, () => webhookDispatcher.wake()),
    carriers: new CarrierService(configs, carrierQuotes, carrierOptions.deadlineMs),
    catalog: new CatalogService(configs),
    shipping: new ShippingService(configs),
    coupons: new CouponService(configs),
    storefronts: new StorefrontDirectory(store),
    sessions: new StorefrontSessions(store, now),
    idempotency: new IdempotencyService(store),
    rateLimiter,
    rateLimitDefaults,
    payments: new PaymentService(store, configs, now, () => webhookDispatcher.wake()),
    orders: new OrderService(store),
    customers,
    // Failed sign-ins are counted in this process (docs/customers.md).
    customerSignIn: new CustomerSignIn(customers, new RateLimiter()),
    webhooks,
    webhookDispatcher,
  };
}

export interface AppOptions {
  readonly store: Store;
  readonly logger?: FastifyServerOptions['logger'];
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit?: number;
  /** Limits of stores that set none (docs/reliability.md); DEFAULT_RATE_LIMITS otherwise. */
  readonly rateLimits?: RateLimitSettings;
  /** Time a client has to send a whole request, headers and body; 30 s unless given. */
  readonly requestTimeoutMs?: number;
  /** Where rate limits are counted: Redis, PostgreSQL or memory (services/rate-limit-counting.ts). */
  readonly rateLimitCounting?: Omit<RateLimitCounting, 'now'>;
  /** The clock carts are dated and expire by (tests move it); the system clock unless given. */
  readonly now?: () => number;
  /** Where the product images served at /product_images/ are; the repository's fixtures/product-images/ unless given. */
  readonly productImagesDir?: string;
  /** Carrier rate deadline, cache and breaker settings (tests shorten them). */
  readonly carriers?: CarrierQuotesOptions;
  /** CONSIGN_CONSOLE_TOKEN: lets clients off this machine use the console and its admin API (docs/console.md). */
  readonly consoleCredential?: string;
  /** The request log's bounds, or `false` for none (CONSIGN_REQUEST_LOG=0); on, with the defaults, unless given. */
  readonly requestLog?: Partial<RequestLogLimits> | false;
  /** Webhook retry rule, timeout, lease and poll (tests shorten them); the dispatcher starts with the server. */
  readonly webhooks?: Omit<DispatcherOptions, 'log'>;
}

const PRODUCT_IMAGES_DIR = fileURLToPath(new URL('../../fixtures/product-images/', import.meta.url));

/** Request bodies larger than this are refused with 413. A zone of 40,000 postcodes fits. */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Header values that must never reach a log line. */
const REDACTED = ['req.headers["x-auth-token"]', 'req.headers.cookie', 'req.headers["x-xsrf-token"]', 'res.headers["set-cookie"]'];

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger = options.logger === undefined ? false : options.logger;
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger: logger === true ? { redact: REDACTED } : logger === false ? false : { redact: REDACTED, ...logger },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // A client that is slow to send its request, headers and body, gets 408 and the connection
    // closes; a socket silent for twice as long is closed. Node checks for late requests every
    // `connectionsCheckingInterval` (30 s by default, which let a 30 s timeout fire at up to 60 s):
    // a tenth of the timeout, at most 1 s, keeps the 408 within 1 s of the deadline. On close, idle
    // keep-alive connections are ended at once and busy ones once answered (docs/reliability.md).
    requestTimeout,
    // A request without Host is refused by requireHostHeader (host-header.ts), in upstream's shape.
    http: { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(requestTimeout / 10))), requireHostHeader: false },
    connectionTimeout: 2 * requestTimeout,
    clientErrorHandler: answerClientError,
    forceCloseConnections: 'idle',
    // An id of any length is looked up (and not found); only a path segment longer than a real
    // request line can be (Node refuses over 16 KiB of headers) is refused, with 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    // Errors raised while routing (a malformed or overlong URL) are answered in upstream's shape
    // too, v2's on a v2 path: no route group's error handler has been chosen yet.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply, dialectShape(request.url)),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const rateLimiter = await openRateLimitCounter(options.store, options.rateLimitCounting ?? {}, (message, error) => app.log.warn({ err: error }, message));
  app.addHook('onClose', async () => rateLimiter.close());
  const requestLog = options.requestLog === false ? undefined : new RequestLog(options.requestLog);
  app.decorate('consign', { ...createConsign(options.store, options.rateLimits, options.now, rateLimiter, options.carriers, { ...options.webhooks, log: app.log }), ...(requestLog ? { requestLog } : {}) });
  // Before anything closes (the store among them): deliveries in flight record their outcome.
  app.addHook('preClose', async () => app.consign.webhookDispatcher.stop());
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of ([] as string[]).concat(route.method)) routeTable.push({ method, url: route.url });
  });

  app.setValidatorCompiler(validatorCompiler);
  // Answers reuse the JSON of kept presented forms (reply-json.ts). Fastify's type says string, but
  // it sends a Buffer the serializer returns as it is (onSend hooks see it: idempotency.ts reads both).
  app.setReplySerializer((payload) => replyJson(payload) as string);
  // Errors outside every route group (a path no route matches) answer in the shape of the
  // dialect the path belongs to.
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply, dialectShape(request.url)));
  installJsonParser(app);
  app.setNotFoundHandler(methodNotAllowed(app));
  requireHostHeader(app);
  installIdempotency(app);
  app.decorateRequest('rawBody', null);
  if (requestLog) installRequestLog(app, requestLog);

  await app.register(swagger, openapiOptions);
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(managementRoutes, { prefix: '/stores/:store_hash' });
  await app.register(storefrontRoutes, { prefix: '/api/storefront' });
  await app.register(internalApiRoutes, { prefix: '/internalapi/v1' });
  await app.register(handoffRoutes);
  await app.register(paymentGatewayRoutes, { prefix: '/api/public/v1' });
  await app.register(hostedFieldRoutes);
  await app.register(demoRoutes, { prefix: '/demo' });
  await app.register(hostedCheckoutRoutes);
  await app.register(productImageRoutes, { dir: options.productImagesDir ?? PRODUCT_IMAGES_DIR });
  await app.register(consoleRoutes, { prefix: '/console', credential: options.consoleCredential });
  await app.register(consoleAdminRoutes, { prefix: '/consign/admin', credential: options.consoleCredential });
  await app.register(landingRoutes);
  return app;
}

/** v2's or the storefront's shape on their paths; elsewhere whatever shape the error has. */
function dialectShape(url: string): ErrorShape | undefined {
  const shape = shapeOfPath(url);
  return shape === 'v3' ? undefined : shape;
}

/**
 * How deeply a request body may nest arrays and objects. Upstream's deepest bodies nest about six
 * levels; every later step that walks a body (validation, the Idempotency-Key's request hash) may
 * then recurse without fear of the stack (docs/reliability.md).
 */
export const MAX_JSON_DEPTH = 32;

/**
 * JSON bodies only (upstream requires `application/json`; `+json` types such as the checkout
 * SDK's `application/vnd.bc.v1+json` are JSON too). An empty body is no body, so that a DELETE
 * sent with a JSON content type and nothing else is accepted as upstream accepts it.
 */
function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  // Fastify tests the media type with its parameters ("application/json; charset=utf-8").
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json(;|$)/, { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    // A reference for the request log, which masks it only if someone reads it.
    request.rawBody = text;
    if (text.trim() === '') return done(null, undefined);
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      return done(new ApiError(400, `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`), undefined);
    }
    try {
      // The reviver costs a call per value; a body that cannot spell either key (even escaped) skips it.
      const suspicious = text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
      done(null, suspicious ? JSON.parse(text, rejectProtoKeys) : JSON.parse(text));
    } catch {
      done(new ApiError(400, 'The request body is not valid JSON.'), undefined);
    }
  });
  app.addContentTypeParser('*', (_request, _payload, done) => {
    done(new ApiError(415, 'The Content-Type of the request is not supported. Send application/json.'), undefined);
  });
  // A compressed body would reach the JSON parser as bytes and be called "not JSON"; it is a media
  // type Consign does not take, so it gets 415 (RFC 7694), like any other.
  // A callback hook, as it runs on every request (host-header.ts says why).
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    if (hasBody && encoding && encoding !== 'identity') {
      return done(new ApiError(415, `The Content-Encoding ${encoding} is not supported. Send the body uncompressed.`), payload);
    }
    done(null, payload);
  });
}

/** Whether JSON text opens more than `max` arrays and objects inside each other; strings are skipped. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function rejectProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor') throw new SyntaxError('forbidden key');
  return value;
}
