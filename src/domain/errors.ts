/**
 * A rule of the domain was broken. Carries what the API needs to answer in upstream's words:
 * the HTTP status upstream uses for it, a title, and per-field messages where they help.
 * The domain never knows which dialect will render it.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 422,
    readonly title: string,
    readonly fieldErrors: Readonly<Record<string, string>> = {},
  ) {
    super(title);
    this.name = 'DomainError';
  }
}

/** The aggregate changed since the client read it (or since this request loaded it). */
export class VersionConflictError extends Error {
  constructor(
    readonly checkoutId: string,
    readonly expectedVersion: number,
  ) {
    super(`checkout ${checkoutId} is not at version ${expectedVersion}`);
    this.name = 'VersionConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(
    readonly resource: 'cart' | 'checkout' | 'consignment' | 'line_item' | 'product' | 'variant' | 'zone' | 'method' | 'order' | 'store' | 'resource',
    message: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export function invalid(title: string, fieldErrors: Record<string, string> = {}): DomainError {
  return new DomainError(422, title, fieldErrors);
}
