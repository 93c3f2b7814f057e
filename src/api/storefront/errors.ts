import type { FastifyInstance } from 'fastify';
import { ApiError, handleError, toApiError } from '../errors.js';

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const SNAKE_WORD = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;

/**
 * An error in the storefront's words and shape. The domain names fields as the server-to-server
 * dialect spells them (`0.line_items.0.item_id`, "Missing line_items in request body"); the
 * storefront spells them in camelCase (`0.lineItems.0.itemId`, "Missing lineItems in request
 * body"). Every field path is translated segment by segment, and a title's words that are
 * segments of those paths with them, so a new domain error needs no entry here. Other words of a
 * title (a coupon code the shopper typed, say) are left alone. The v3 body becomes the
 * storefront's `{status, title, type, detail}`, `detail` naming the fields the title does not.
 */
export function inStorefrontWords(error: ApiError): ApiError {
  const fields = new Set(Object.keys(error.errors).flatMap((key) => key.split('.')));
  const errors = Object.fromEntries(Object.entries(error.errors).map(([key, message]) => [key.split('.').map(camel).join('.'), message]));
  const title = error.title.replace(SNAKE_WORD, (word) => (fields.has(word) ? camel(word) : word));
  return new ApiError(error.status, title, error.shape === 'v3' ? 'storefront' : error.shape, errors, error.headers);
}

/** Answers every error of a storefront route group in the storefront's words. */
export function useStorefrontErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const known = toApiError(error);
    return known ? handleError(inStorefrontWords(known), request, reply) : handleError(error, request, reply, 'storefront');
  });
}
