import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/app.js';
import type { ServiceConfig } from './config.js';
import { demoBanner, ensureDemoStore } from './demo.js';
import { describeStore, openStore } from './store/open-store.js';

/**
 * Starts the service: opens the store (applying migrations), makes sure the demo store exists,
 * listens, and shuts down cleanly on SIGTERM or SIGINT, finishing requests in flight.
 */
export async function startServer(config: ServiceConfig): Promise<FastifyInstance> {
  const store = await openStore(config);
  const app = await buildApp({ store, logger: { level: config.logLevel } });
  app.addHook('onClose', async () => store.close());
  const demo = await ensureDemoStore(app.consign, config);
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

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return app;
}
