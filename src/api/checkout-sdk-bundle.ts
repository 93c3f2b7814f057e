import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * BigCommerce's checkout SDK for a browser, as a script defining the global `checkoutKit` (what
 * its `loader.js` and the older UMD bundle gave pages). Published versions since the 1.2xx line
 * ship only ES and CommonJS modules with their dependencies left out, so the installed package is
 * bundled once per process with esbuild, unmodified. Both are development dependencies: without
 * them there is no bundle (undefined), and the pages that need it say so.
 *
 * Newer releases also leave most payment strategies out of the core: an app passes the ones it
 * uses to `initializePayment({ methodId, integrations })`, as checkout-js does. The credit card
 * and offline integrations are added to `checkoutKit` beside the SDK's own exports
 * (`createCreditCardPaymentStrategy`, `createOfflinePaymentStrategy`), when the installed release
 * has them, so that a page without a bundler of its own can pass them too. (`testgateway` itself
 * resolves to the SDK's built-in legacy strategy, which sends the card inside the order request.)
 */
const INTEGRATIONS: Record<string, string> = {
  'credit-card': 'createCreditCardPaymentStrategy',
  offline: 'createOfflinePaymentStrategy',
};
let bundling: Promise<Buffer | undefined> | undefined;

export function checkoutSdkBundle(): Promise<Buffer | undefined> {
  bundling ??= bundle().catch((error: unknown) => {
    bundling = undefined;
    throw error;
  });
  return bundling;
}

async function bundle(): Promise<Buffer | undefined> {
  const require = createRequire(import.meta.url);
  try {
    require.resolve('@bigcommerce/checkout-sdk');
  } catch {
    return undefined;
  }
  const integrations = Object.entries(INTEGRATIONS).filter(([name]) => {
    try {
      require.resolve(`@bigcommerce/checkout-sdk/integrations/${name}`);
      return true;
    } catch {
      return false;
    }
  });
  const entry = [
    "export * from '@bigcommerce/checkout-sdk';",
    ...integrations.map(([name, factory]) => `export { ${factory} } from '@bigcommerce/checkout-sdk/integrations/${name}';`),
  ].join('\n');
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const result = await esbuild.build({
    // The ES module build (esbuild picks the package's `import` entry), as a browser app would.
    stdin: { contents: entry, resolveDir: dirname(fileURLToPath(import.meta.url)) },
    bundle: true,
    format: 'iife',
    globalName: 'checkoutKit',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return Buffer.from(result.outputFiles[0]!.contents);
}
