import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.js';
import { HOSTED_INPUT_CONTAINER_ID, hostedInputBundle } from './hosted-input-bundle.js';

const PAGE = '/checkout/payment/hosted-field';

/**
 * Hosted card fields: with a card method's `isHostedFormEnabled`, the checkout SDK frames one page
 * per field from `/checkout/payment/hosted-field?version=…` on the checkout's host, the host of
 * `bigpayBaseUrl` (docs/payments.md). The card is typed into that frame, never into the checkout
 * page, and the frame pays with it. The page is the same for every store and SDK version (the
 * query is not read): an empty form, and the SDK's own hosted input (hosted-input-bundle.ts).
 */
export async function hostedFieldRoutes(app: FastifyInstance): Promise<void> {
  app.get(PAGE, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', POLICY)
      .send(HTML),
  );

  app.get(`${PAGE}.js`, { schema: { hide: true } }, async (_request, reply) => {
    const bundle = await hostedInputBundle();
    if (!bundle) throw new ApiError(404, '@bigcommerce/checkout-sdk is not installed: run npm ci (it is a development dependency).');
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(bundle);
  });
}

const HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Card field</title>
</head>
<body>
  <div id="${HOSTED_INPUT_CONTAINER_ID}"></div>
  <script src="${PAGE}.js"></script>
</body>
</html>
`;

// Framed only by the checkout's own pages; it calls only its own origin (the payment). Styles are
// set inline by the SDK's input from the checkout's `styles`; fonts may come from Google Fonts,
// which the SDK passes on from the checkout page's own stylesheet links.
const POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
  "font-src 'self' data: https://fonts.gstatic.com",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');
