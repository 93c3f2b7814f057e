import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.js';
import type { ServiceConfig } from './config.js';
import { demoBanner, ensureDemoStore } from './demo.js';
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
  app = await buildApp({ store, logger: { level: config.logLevel }, rateLimits: config.rateLimits, requestTimeoutMs: config.requestTimeoutMs, rateLimitCounting: config.rateLimitCounting, productImagesDir: config.productImagesDir });
  app.addHook('onClose', async () => store.close());
  const demo = await ensureDemoStore(app.consign, config);
  if (signal !== undefined) return exitWhenClosed(() => app.close());
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const baseUrl = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  app.log.info({ store: describeStore(config), url: baseUrl }, 'consign ready');
  if (demo) {
    const storeRecord = await app.consign.accounts.findStore(demo.hash);
    const firstProduct = storeRecord ? (await app.consign.configs.get(storeRecord)).catalog.products[0] : undefined;
    process.stdout.write(demoBanner(baseUrl, demo, firstProduct?.id ?? 1) + '\n');
  }

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
