/**
 * A store's checkout scripts: upstream's Checkout Settings (`/v3/checkouts/settings`), which
 * replace the checkout and order-confirmation pages' app with a script of the merchant's, such as
 * checkout-js's `auto-loader.js` or a developer's `auto-loader-dev.js` (docs/checkout-js.md).
 */
export interface CheckoutScripts {
  /** The checkout page's script; empty for the store's own checkout. */
  readonly customCheckoutScriptUrl: string;
  /** The order-confirmation page loads the checkout script too (checkout-js renders both). */
  readonly orderConfirmationUseCustomCheckoutScript: boolean;
  /** The order-confirmation page's own script; empty for the store's own confirmation. */
  readonly customOrderConfirmationScriptUrl: string;
  /** Stored and answered: the script says it honours the store's one-page checkout settings. */
  readonly customCheckoutSupportsUcoSettings: boolean;
  /** Subresource Integrity of the checkout script (`sha384-…`), empty for none. */
  readonly customCheckoutSriHash: string;
  /** Subresource Integrity of the order-confirmation script, empty for none. */
  readonly customOrderConfirmationSriHash: string;
}

export const DEFAULT_CHECKOUT_SCRIPTS: CheckoutScripts = {
  customCheckoutScriptUrl: '',
  orderConfirmationUseCustomCheckoutScript: false,
  customOrderConfirmationScriptUrl: '',
  customCheckoutSupportsUcoSettings: false,
  customCheckoutSriHash: '',
  customOrderConfirmationSriHash: '',
};

/** A script a page loads: its URL and, when the merchant gave one, its integrity hash. */
export interface PageScript {
  readonly url: string;
  readonly integrity: string;
}

/** The checkout page's script, or undefined for the store's own checkout. */
export function checkoutPageScript(scripts: CheckoutScripts): PageScript | undefined {
  return scripts.customCheckoutScriptUrl ? { url: scripts.customCheckoutScriptUrl, integrity: scripts.customCheckoutSriHash } : undefined;
}

/**
 * The order-confirmation page's script, or undefined for the store's own: the checkout script
 * when `orderConfirmationUseCustomCheckoutScript` (checkout-js's auto-loader renders the
 * confirmation when its config has an `orderId`), else the confirmation's own script.
 */
export function orderConfirmationPageScript(scripts: CheckoutScripts): PageScript | undefined {
  if (scripts.orderConfirmationUseCustomCheckoutScript) return checkoutPageScript(scripts);
  return scripts.customOrderConfirmationScriptUrl
    ? { url: scripts.customOrderConfirmationScriptUrl, integrity: scripts.customOrderConfirmationSriHash }
    : undefined;
}

/**
 * Applies a change as upstream's PUT does: fields sent replace the stored ones, others stay. When
 * the confirmation uses the checkout script, its own script URL is empty (upstream: "defaults to
 * an empty string"), so that a stale URL is never loaded later by surprise.
 */
export function changeCheckoutScripts(current: CheckoutScripts, change: Partial<CheckoutScripts>): CheckoutScripts {
  const next = { ...current, ...change };
  return next.orderConfirmationUseCustomCheckoutScript && change.customOrderConfirmationScriptUrl === undefined
    ? { ...next, customOrderConfirmationScriptUrl: '' }
    : next;
}

/**
 * Why a script URL cannot be loaded by a page, or undefined when it can: an absolute `http(s)`
 * URL, or empty to use the store's own page. Upstream's `webdav:` paths name files in its own
 * WebDAV storage, which Consign does not have.
 */
export function scriptUrlProblem(url: string): string | undefined {
  if (url === '') return undefined;
  if (url.startsWith('webdav:')) return 'WebDAV paths are not served here: give the script\'s http(s) URL';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL, or empty';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an absolute http(s) URL, or empty';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  return undefined;
}

/** The origin a page must allow scripts from to load `url` (its Content-Security-Policy). */
export function scriptOrigin(url: string): string {
  return new URL(url).origin;
}
