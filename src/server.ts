import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.js';
import type { ServiceConfig } from './config.js';
import { ApiError } from './api/errors.js';
import { type DemoBannerStore, type DemoStore, ensureDemoStore, startBanner } from './demo.js';
import { prettyLogStream } from './pretty-log.js';
import { ownHost } from './services/storefront-directory.js';
import { describeStore, openStore } from './store/open-store.js';

/**
 * Starts the service: opens the store (applying migrations), makes sure the demo store exists,
 * listens, and shuts down cleanly on SIGTERM or SIGINT, finishing requests in flight. A signal
 * that arrives during start-up stops it at the next step, closing what was opened, with exit 0.
 */
export async function startServer(config: ServiceConfig): Promise<FastifyInstance | undefined> {
  // Installed before anything is opened, so that no signal ever finds the default handler (exit 143).
  let signal: string | undefined;
  let onSignal: (() => void) | undefined;
  const receive = (name: string) => {
    // A second signal while stopping changes nothing: requests in flight still finish.
    if (signal !== undefined) return;
    signal = name;
    onSignal?.();
  };
  process.on('SIGTERM', () => receive('SIGTERM'));
  process.on('SIGINT', () => receive('SIGINT'));

  // A database connection lost while serving is logged and replaced; requests that needed it get 503.
  let app: FastifyInstance | undefined;
  const store = await openStore(config, (error) => app?.log.warn({ err: error }, 'a database connection was lost; the pool will open another'));
  if (signal !== undefined) return exitWhenClosed(() => store.close());
  const logger = { level: config.logLevel, ...(config.logFormat === 'pretty' ? { stream: prettyLogStream() } : {}) };
  app = await buildApp({
    store,
    logger,
    rateLimits: config.rateLimits,
    requestTimeoutMs: config.requestTimeoutMs,
    rateLimitCounting: config.rateLimitCounting,
    productImagesDir: config.productImagesDir,
    consoleCredential: config.consoleCredential,
    ...(config.requestLog ? {} : { requestLog: false }),
    webhooks: config.webhooks,
  });
  app.addHook('onClose', async () => store.close());
  // The port is bound before the demo store is made, so that a start that cannot listen (the
  // port taken) creates nothing, and no token is made that no one will see. Requests that arrive
  // meanwhile wait for the demo store: a script that polls /health finds its credentials working.
  let started: Promise<boolean> | undefined;
  // A callback hook: once started it runs on every request for nothing, so it costs no promise.
  app.addHook('onRequest', (_request, _reply, done) => {
    if (!started) return done();
    started.then((ok) => done(ok ? undefined : new ApiError(503, 'The service is still starting.')), done);
  });
  let release = (_ok: boolean) => {};
  started = new Promise<boolean>((resolve) => (release = resolve));
  if (signal !== undefined) return exitWhenClosed(() => app.close());
  await app.listen({ port: config.port, host: config.host });
  let demo: DemoStore | undefined;
  try {
    demo = await ensureDemoStore(app.consign, config);
  } catch (error) {
    release(false);
    await app.close().catch(() => undefined);
    throw error;
  }
  release(true);
  started = undefined;
  // Events recorded before a crash or a restart go out now (docs/webhooks.md).
  app.consign.webhookDispatcher.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const baseUrl = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  app.log.info({ store: describeStore(config), url: baseUrl }, 'consign ready');
  process.stdout.write(startBanner(baseUrl, demo && (await bannerStore(app, demo, baseUrl, port))) + '\n');

  onSignal = () => {
    app.log.info({ signal }, 'shutting down');
    // Fastify stops listening, ends idle keep-alive connections, and waits for the requests in
    // flight; a client still sending after the request timeout has had its 408 by then.
    const deadline = setTimeout(() => {
      app.log.error('requests were still in flight when the shutdown deadline passed');
      process.exit(1);
    }, config.requestTimeoutMs * 2 + 5_000);
    deadline.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  if (signal !== undefined) onSignal();
  return app;
}

/** Start-up was interrupted by a signal: close what is open and stop, as a shutdown would. */
async function exitWhenClosed(close: () => Promise<void>): Promise<undefined> {
  let code = 0;
  try {
    await close();
  } catch {
    code = 1;
  }
  process.exit(code);
}

/**
 * The demo store as the banner shows it. Its page is linked at the service's own address when
 * that address serves it (the first store of the database answers there), else at the store's
 * own host, `{hash}.localhost`, which browsers and curl resolve to loopback.
 */
async function bannerStore(app: FastifyInstance, demo: DemoStore, baseUrl: string, port: number): Promise<DemoBannerStore> {
  const record = await app.consign.accounts.findStore(demo.hash);
  const firstProduct = record ? (await app.consign.configs.get(record)).catalog.products[0] : undefined;
  const atBase = await app.consign.storefronts.storeFor(new URL(baseUrl).host);
  const pageUrl = atBase?.hash === demo.hash ? `${baseUrl}/demo` : `http://${ownHost(demo.hash)}:${port}/demo`;
  return { ...demo, pageUrl, firstProductId: firstProduct?.id ?? 1 };
}
