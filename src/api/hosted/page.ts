import { randomBytes } from 'node:crypto';
import { scriptOrigin } from '../../domain/checkout-scripts.js';

/**
 * What checkout-js's loader reads from the page (`window.checkoutConfig`): the element to render
 * into, the checkout or (on the order-confirmation page) the order, and where its files are.
 */
export interface CheckoutConfig {
  readonly containerId: string;
  readonly checkoutId?: string;
  readonly orderId?: number;
  readonly publicPath: string;
}

/** The script a hosted page loads: a merchant's checkout script, or Consign's own checkout. */
export interface HostedScript {
  readonly url: string;
  /** Subresource Integrity; the script is then fetched with CORS, as browsers require. */
  readonly integrity?: string;
  /** Consign's own checkout is an ES module; merchants' scripts load as classic scripts, as upstream. */
  readonly module?: boolean;
}

export interface HostedPage {
  readonly html: string;
  readonly contentSecurityPolicy: string;
}

/** The element checkout-js renders into, as on upstream's pages. */
export const CONTAINER_ID = 'checkout-app';

/**
 * A hosted checkout or order-confirmation page, as upstream serves it: an empty container, the
 * `checkoutConfig` the loader reads (in an inline script allowed by its nonce alone), and the
 * script. Its Content-Security-Policy lets the page load code, styles, fonts, images, frames and
 * workers from its own origin and the script's, and call both.
 */
export function hostedPage(title: string, config: CheckoutConfig, script: HostedScript): HostedPage {
  const nonce = randomBytes(16).toString('base64');
  const attributes = [
    script.module ? 'type="module"' : '',
    `src="${escapeAttribute(script.url)}"`,
    script.integrity ? `integrity="${escapeAttribute(script.integrity)}" crossorigin="anonymous"` : '',
  ].filter(Boolean).join(' ');
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeText(title)}</title>
</head>
<body>
  <div id="${CONTAINER_ID}"></div>
  <script nonce="${nonce}">window.checkoutConfig = ${scriptJson(config)};</script>
  <script ${attributes}></script>
</body>
</html>
`;
  return { html, contentSecurityPolicy: contentSecurityPolicy(nonce, script.url) };
}

/** A page with a message and no script (no cart to check out, no order to confirm). */
export function messagePage(title: string, message: string): HostedPage {
  const html = `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escapeText(title)}</title></head>\n<body><p>${escapeText(message)}</p></body>\n</html>\n`;
  return { html, contentSecurityPolicy: "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'" };
}

/**
 * Scripts from the page's origin and the script's, plus the nonce'd config. A script served from
 * this machine (a developer's `auto-loader-dev.js`) may also `eval`, as webpack's development
 * builds do, and open its dev server's web socket; a script from anywhere else may not.
 */
function contentSecurityPolicy(nonce: string, scriptUrl: string): string {
  const url = new URL(scriptUrl, 'http://self.invalid');
  const external = url.origin === 'http://self.invalid' ? [] : [scriptOrigin(url.href)];
  const local = external.length > 0 && isLoopback(url.hostname);
  const sockets = local ? [`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`] : [];
  const sources = ["'self'", ...external].join(' ');
  return [
    "default-src 'self'",
    `script-src ${sources} 'nonce-${nonce}'${local ? " 'unsafe-eval'" : ''}`,
    `style-src ${sources} 'unsafe-inline'`,
    `img-src ${sources} data: blob:`,
    `font-src ${sources} data:`,
    `connect-src ${[sources, ...sockets].join(' ')}`,
    `frame-src ${sources}`,
    `worker-src ${sources} blob:`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** JSON that cannot end the inline script it sits in. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
