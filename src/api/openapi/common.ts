import { type TProperties, type TSchema, Type } from 'typebox';
import { ERROR_TYPE } from '../errors.js';

/**
 * Building blocks of the response schemas. They document the API (the OpenAPI document at
 * /openapi.json): they are never used to serialise a response, so a presenter stays the one
 * place that decides what is sent, and test/e2e/openapi.test.ts checks that every answer matches
 * its schema exactly. Every object is closed (additionalProperties: false): a field added,
 * dropped or renamed by a presenter fails that test until its schema says the same.
 */

/** A closed object; `$id` names it in the document's components. */
export function Strict<T extends TProperties>(properties: T, options: { $id?: string; description?: string } = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A list upstream defines that Consign always sends empty, for want of the feature. */
export const Empty = (description: string) => Type.Array(Type.Object({}), { maxItems: 0, description });

/** An amount in the currency's major unit, as upstream sends it (`12.5`). */
export const Money = Type.Number({ description: 'An amount in the currency, as a decimal number.' });

/** A time as upstream writes it in carts and checkouts: `2025-08-05T15:38:14+00:00` (upstream-time.ts). */
export const DateTime = Type.String({ format: 'date-time', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00$' });

/** A link a client can follow as it is (upstream's `format: uri`): absolute, on the store's storefront. */
export const Uri = (description: string) => Type.String({ format: 'uri', description });

const Meta = Strict({});

/** Upstream's v3 envelope: `{data, meta: {}}`. */
export const Data = <T extends TSchema>(data: T) => Strict({ data, meta: Meta });

/** Upstream's `meta.pagination` of a listing. */
export const Pagination = Strict(
  {
    total: Type.Integer(),
    count: Type.Integer(),
    per_page: Type.Integer(),
    current_page: Type.Integer(),
    total_pages: Type.Integer(),
    links: Strict({ previous: Type.Optional(Type.String()), current: Type.String(), next: Type.Optional(Type.String()) }),
  },
  { $id: 'Pagination' },
);

/** A page of a listing: `{data: [...], meta: {pagination}}`. */
export const Page = <T extends TSchema>(item: T) => Strict({ data: Type.Array(item), meta: Strict({ pagination: Pagination }) });

const ErrorType = Type.Literal(ERROR_TYPE);

/** The errors every upstream dialect answers with (docs/api.md#errors). */
export const ErrorSchemas = {
  /** `{status, title, type, errors}`: most errors of the v3 API and of the storefront. */
  v3: Strict(
    {
      status: Type.Integer(),
      title: Type.String(),
      type: ErrorType,
      errors: Type.Record(Type.String(), Type.String(), { description: 'The fields at fault, by dotted path, with what is wrong with each.' }),
    },
    { $id: 'Error', description: 'An error (carts.v3.yml Error).' },
  ),
  /** carts.v3.yml's NotFound, as its example sends it: every 404 except a checkout's. */
  notFound: Strict({ status: Type.Literal(404), title: Type.String(), type: ErrorType }, { $id: 'NotFound', description: 'Nothing was found at this path (carts.v3.yml NotFound).' }),
  /** The 409 of a version conflict (or of a request still in flight under the same Idempotency-Key). */
  conflict: Strict(
    { status: Type.Literal(409), title: Type.String(), type: ErrorType },
    { $id: 'Conflict', description: 'The request conflicts with a change made in between: send the current `version`, or retry.' },
  ),
  /** A checkout that does not exist: checkouts.v3.yml's `{errors: [...]}`. */
  checkoutNotFound: Strict(
    { errors: Type.Array(Strict({ status: Type.Literal(404), title: Type.String(), type: ErrorType, detail: Type.String() }), { minItems: 1 }) },
    { $id: 'CheckoutNotFound', description: 'No checkout has this id (checkouts.v3.yml).' },
  ),
  /** The storefront's `{status, title, type, detail}` (the checkout SDK reads `detail`). */
  storefront: Strict(
    { status: Type.Integer(), title: Type.String(), type: ErrorType, detail: Type.String({ description: 'The title, and the fields at fault it does not name.' }) },
    { $id: 'StorefrontError', description: 'An error of the Storefront API.' },
  ),
  /** The v2 API's `[{status, message, details?}]`. */
  v2: Type.Array(
    Strict({ status: Type.Integer(), message: Type.String(), details: Type.Optional(Type.Record(Type.String(), Type.String())) }),
    { $id: 'V2Error', minItems: 1, description: 'An error of the v2 API.' },
  ),
};

/**
 * A response's schema with the response's description. A named schema (with `$id`) is wrapped,
 * not copied, so that the document refers to its one definition in `components`.
 */
export function described(schema: TSchema, description: string): TSchema {
  return ((schema as { $id?: string }).$id === undefined ? { ...schema, description } : { description, allOf: [schema] }) as TSchema;
}
