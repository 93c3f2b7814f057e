import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, NotFoundError, VersionConflictError } from '../domain/errors.js';
import { isStoreUnavailable } from '../store/unavailable.js';
import { CLIENT_ABORTED, isClientAbort } from './client-abort.js';
import { drainRefusedBody } from './refused-bodies.js';

/** The `type` every upstream error body carries. */
export const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

export const CONFLICT_TITLE =
  'The request cannot be processed due to a possible conflict. Please review the changes and try again.';

/**
 * An error the API answers with, in one of upstream's body shapes (notes §4):
 * `v3` `{status, title, type, errors}`, except that a v3 404 is carts.v3.yml's NotFound as
 * upstream's example sends it, `{status, title, type}` (the same bytes whatever the id, so that
 * a 404 tells nothing of what exists); `bare` `{status, title, type}` (409); `list`
 * `{errors: [{status, title, type, detail}]}` (GET checkout 404); `v2` `[{status, message}]` (the
 * v2 API, e.g. Shipping v2), plus `details` naming the fields at fault; `storefront`
 * `{status, title, type, detail}`, the Storefront API's (the checkout SDK reads `detail`, and
 * fails on an `errors` object, which it takes for its internal API's list); `internal`
 * `{status, title, type, errors: [message, ...]}`, the SDK's internal API's (`/internalapi/v1`:
 * placing an order), `type` being `code` when given (the SDK reads some, such as
 * `invalid_payment_provider`); `payment` `{status: "error", errors: [{code, message}]}`, the
 * payment gateway's (`/api/public/v1/orders/payments`, docs/payments.md).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly shape: ErrorShape = 'v3',
    readonly errors: Readonly<Record<string, string>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
    /** A short error code, for the `internal` and `payment` shapes. */
    readonly code?: string,
  ) {
    super(title);
    this.name = 'ApiError';
  }

  body(): object {
    const base = { status: this.status, title: this.title, type: ERROR_TYPE };
    switch (this.shape) {
      case 'v3':
        return this.status === 404 ? base : { ...base, errors: this.errors };
      case 'bare':
        return base;
      case 'list':
        return { errors: [{ ...base, detail: this.title }] };
      case 'v2':
        return [{ status: this.status, message: this.title, ...(Object.keys(this.errors).length > 0 ? { details: this.errors } : {}) }];
      case 'storefront':
        return { ...base, detail: this.#detail() };
      case 'internal':
        return { ...base, type: this.code ?? ERROR_TYPE, errors: this.#messages() };
      case 'payment':
        return { status: 'error', errors: this.#messages().map((message) => ({ code: this.code ?? 'error', message })) };
    }
  }

  /** The title, or one message per field at fault when there are several. */
  #messages(): string[] {
    const messages = Object.values(this.errors);
    return messages.length > 1 ? messages : [this.title];
  }

  /** The title, then what it does not already say about the fields at fault. */
  #detail(): string {
    const unsaid = Object.entries(this.errors).filter(([field]) => !this.title.includes(field));
    return unsaid.length === 0 ? this.title : `${this.title} (${unsaid.map(([field, message]) => `${field}: ${message}`).join('; ')})`;
  }

  /** The same error in another dialect's shape. */
  inShape(shape: ErrorShape): ApiError {
    return shape === this.shape ? this : new ApiError(this.status, this.title, shape, this.errors, this.headers, this.code);
  }
}

export type ErrorShape = 'v3' | 'bare' | 'list' | 'v2' | 'storefront' | 'internal' | 'payment';

/** The paths that speak to browsers (the storefront API, the SDK's internal API, the hand-off, demo and hosted checkout pages). */
const BROWSER_PATH = /^\/(api\/storefront|internalapi|demo|checkout)(\/|\?|$)|^\/cart\.php(\?|$)/;

/**
 * The shape of an error that no route decided (an unknown path, a request Node's parser refused):
 * upstream's v2 API and the paths that speak to browsers have their own; everything else is v3.
 */
export function shapeOfPath(url: string): ErrorShape {
  if (/^\/stores\/[^/?]+\/v2(\/|\?|$)/.test(url)) return 'v2';
  return BROWSER_PATH.test(url) ? 'storefront' : 'v3';
}

export const unauthorized = () => new ApiError(401, 'You must provide a valid X-Auth-Token for this store.');
export const forbidden = (scopes: readonly string[]) =>
  new ApiError(403, `You don't have a required scope to access the endpoint. Required: ${scopes.join(' or ')}.`);
/** A route only a token that may write everywhere reaches (the store's API accounts, docs/api.md). */
export const forbiddenUnlessEverything = () =>
  new ApiError(403, "You don't have a required scope to access the endpoint. Required: every scope (a token made with --scopes all).");
/** A route only a token that may read everywhere reaches (the store's request log, docs/request-log.md). */
export const forbiddenUnlessReadingEverything = () =>
  new ApiError(403, "You don't have a required scope to access the endpoint. Required: every scope, read-only or not (a token made with --scopes all).");
export const conflict = () => new ApiError(409, CONFLICT_TITLE, 'bare');
/** Upstream's 503 (shipping.v3.yml `503_ServiceUnavailable`): the database did not answer in time, or at all. */
export const serviceUnavailable = () => new ApiError(503, 'Service Unavailable', 'v3', {}, { 'Retry-After': '1' });

/** Turns whatever a handler threw into the ApiError upstream would have answered with. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (isClientAbort(error)) return new ApiError(400, CLIENT_ABORTED);
  if (error instanceof VersionConflictError) return conflict();
  if (error instanceof DomainError) return new ApiError(error.status, error.title, 'v3', error.fieldErrors);
  if (error instanceof NotFoundError) return new ApiError(404, error.message, error.resource === 'checkout' ? 'list' : 'v3');
  if (isStoreUnavailable(error)) return serviceUnavailable();
  const fastifyError = error as FastifyError & { validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] };
  if (fastifyError.validation) return validationError(fastifyError);
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'The request body is empty but its Content-Type says JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'The request body is too large.');
    case 'FST_ERR_BAD_URL':
      return new ApiError(400, 'The URL is not valid.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError(414, 'A part of the URL is too long.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(415, 'The Content-Type of the request is not supported. Send application/json.');
  }
  if (error instanceof SyntaxError) return new ApiError(400, 'The request body is not valid JSON.');
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return new ApiError(status, fastifyError.message);
  return undefined;
}

function validationError(error: FastifyError & { validation?: { keyword?: string; instancePath: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string }): ApiError {
  const errors: Record<string, string> = {};
  // A choice between constants (an enum such as a gift certificate's theme) fails once per
  // constant, then as a whole: name the accepted values rather than the first constant's failure.
  const allowed = new Map<string, unknown[]>();
  for (const issue of error.validation ?? []) {
    const missing = issue.params?.missingProperty as string | undefined;
    const extra = issue.params?.additionalProperty as string | undefined;
    const path = [issue.instancePath.replace(/^\//, '').replaceAll('/', '.'), missing ?? extra].filter(Boolean).join('.');
    const key = path || (error.validationContext ?? 'body');
    if (issue.keyword === 'const') allowed.set(key, [...(allowed.get(key) ?? []), issue.params?.allowedValue]);
    if (issue.keyword === 'anyOf' && allowed.has(key)) {
      errors[key] = `must be one of ${allowed.get(key)!.join(', ')}`;
      continue;
    }
    errors[key] ??= extra ? 'is not an accepted field' : (issue.message ?? 'is invalid');
  }
  const [firstKey, firstMessage] = Object.entries(errors)[0] ?? ['body', 'is invalid'];
  // Upstream's titles name the field ("Missing line_items in request body"); which element of an
  // array body it is stays in the `errors` key (`0.line_items`).
  const field = firstKey.replace(/^\d+\./, '');
  const title = firstMessage === 'must have required property' || firstMessage.startsWith('must have required property')
    ? `Missing ${field} in request ${error.validationContext ?? 'body'}`
    : `Invalid ${field}: ${firstMessage}`;
  return new ApiError(422, title, 'v3', errors);
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.code(error.status).type('application/json').send(error.body());
}

/**
 * The one error handler: known errors in upstream's shape, anything else a logged 500. A route
 * group of another dialect (the v2 API) passes `shape` to answer every error in its own shape.
 */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply, shape?: ErrorShape): FastifyReply {
  if (isClientAbort(error, request)) {
    request.log.info('the client closed the connection before its request was complete; nothing was answered');
    return sendError(reply, new ApiError(400, CLIENT_ABORTED, shape ?? 'v3'));
  }
  let apiError = toApiError(error);
  if (apiError?.status === 503) request.log.warn({ err: error }, 'the database did not answer; answered 503');
  // Refused before its body was all read: read the rest, so the client gets this answer.
  if (apiError) drainRefusedBody(request, reply);
  if (!apiError) {
    request.log.error({ err: error }, 'unexpected error');
    apiError = new ApiError(500, 'Internal Server Error');
  }
  return sendError(reply, shape ? apiError.inShape(shape) : apiError);
}
