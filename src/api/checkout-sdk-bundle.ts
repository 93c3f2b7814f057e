import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserBundle } from './browser-bundle.js';

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
export const checkoutSdkBundle = browserBundle(() => {
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
  const contents = [
    "export * from '@bigcommerce/checkout-sdk';",
    ...integrations.map(([name, factory]) => `export { ${factory} } from '@bigcommerce/checkout-sdk/integrations/${name}';`),
  ].join('\n');
  // The ES module build (esbuild picks the package's `import` entry), as a browser app would.
  return { contents, resolveDir: dirname(fileURLToPath(import.meta.url)), globalName: 'checkoutKit' };
});
