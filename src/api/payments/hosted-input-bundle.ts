import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { browserBundle } from '../browser-bundle.js';

/** The element of the hosted-field page the SDK's input is made in. */
export const HOSTED_INPUT_CONTAINER_ID = 'hosted-input';

/**
 * The inside of a hosted card field, as BigCommerce ships it: the checkout SDK's `hosted-form`
 * build (`initializeHostedInput`, the iframe side of `HostedForm`), bundled once per process with
 * esbuild from the installed package, unmodified. It renders one input, validates and formats it,
 * reports `HOSTED_INPUT:*` events to the checkout page, and on `HOSTED_FIELD:SUBMITTED_REQUESTED`
 * posts the payment itself to `{bigpayBaseUrl}/api/public/v1/orders/payments`. The published
 * package exports no entry for it, so it is found beside the SDK's own build. A development
 * dependency, as for the SDK bundle: without it there is no bundle (undefined).
 */
export const hostedInputBundle = browserBundle(() => {
  const require = createRequire(import.meta.url);
  let entryFile: string;
  try {
    // dist/cjs/checkout-sdk.js: the ES module build of the hosted input sits in dist/esm.
    entryFile = join(dirname(require.resolve('@bigcommerce/checkout-sdk')), '..', 'esm', 'hosted-form.js');
    require.resolve(entryFile);
  } catch {
    return undefined;
  }
  // The page is on the checkout's own origin (the SDK loads it from a path on the page's host), so
  // the parent whose messages it takes is that origin; a page framing it from elsewhere is refused
  // by its policy (frame-ancestors) and could not talk to it anyway.
  const contents = [
    `import { initializeHostedInput, notifyInitializeError } from ${JSON.stringify(entryFile)};`,
    `initializeHostedInput({ containerId: ${JSON.stringify(HOSTED_INPUT_CONTAINER_ID)}, parentOrigin: window.location.origin })`,
    '  .catch((error) => notifyInitializeError({ message: String(error && error.message || error) }));',
  ].join('\n');
  return { contents, resolveDir: dirname(entryFile) };
});
