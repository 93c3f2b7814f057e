/**
 * The error body of BigCommerce's internal storefront API (`InternalErrorResponseBody`), which the
 * checkout SDK tells from the storefront's by its `errors` list of strings: `{status, title, type,
 * detail, errors}`. checkout-js chooses its message by `type` (`invalid_login`, `throttled_login`,
 * `reset_password_before_login`), so `type` is upstream's word for the case, not a URL.
 */
export function internalError(status: number, type: string, message: string) {
  return { status, title: message, type, detail: message, errors: [message] };
}
