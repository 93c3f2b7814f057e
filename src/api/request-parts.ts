import { Type } from 'typebox';
import { invalid } from '../domain/errors.js';

/**
 * What both dialects read from requests the same way: the size limits, a phone number, upstream's
 * `include` lists and the optional `{ version }` body of a DELETE.
 */

/** Sizes upstream leaves open; ours, documented in docs/api.md. */
export const LIMITS = {
  itemsPerRequest: 250,
  consignmentsPerRequest: 100,
  quantity: 100_000,
  price: 100_000_000,
  text: 250,
  email: 255,
} as const;

/** Upstream's `version` is an integer; ours, like every integer in a body, fits in 32 bits (docs/api.md). */
const VERSION_RANGE = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

/**
 * The optional `version` of a write. Upstream answers any version that is not the checkout's with
 * its 409 conflict, a negative one included, so any 32-bit integer is accepted here and compared.
 */
export const Version = Type.Optional(Type.Integer(VERSION_RANGE));

/** A number JSON can carry back: `1e309` parses to Infinity, which an answer would send as null. */
export const FiniteNumber = Type.Number({ minimum: -Number.MAX_VALUE, maximum: Number.MAX_VALUE });

/** An address's phone number, checked leniently (PHONE_NUMBER in domain/address.ts says why). */
export const Phone = Type.String({
  maxLength: 50,
  format: 'phone',
  description: 'Digits with spaces, +, (, ), ., / or -, and an optional extension (x12); or empty.',
  examples: ['+1 512 555 0199', '555-555-5555'],
});

/**
 * Upstream's `include` query parameter: comma-separated (`explode: false`), and understood when
 * repeated too (`include=a&include=b`), as many HTTP clients send a list. Read with parseInclude.
 */
export const Include = Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 20 })]);

/** Upstream's `include` is a comma-separated list, possibly repeated; unknown values are ignored. */
export function parseInclude(include: string | readonly string[] | undefined): Set<string> {
  // Every checkout answer reads its include list: one pass, no intermediate arrays.
  const values = new Set<string>();
  if (include === undefined) return values;
  for (const list of typeof include === 'string' ? [include] : include) {
    for (const part of list.split(',')) {
      const value = part.trim();
      if (value !== '') values.add(value);
    }
  }
  return values;
}

/** An optional JSON body `{ version }` (DELETE requests), checked by hand since the body may be absent. */
export function optionalVersion(body: unknown): number | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object such as {"version": 3}, or empty.', { body: 'must be an object' });
  }
  const version = (body as { version?: unknown }).version;
  if (version === undefined) return undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < VERSION_RANGE.minimum || version > VERSION_RANGE.maximum) {
    throw invalid('version must be a 32-bit integer.', { version: 'must be a 32-bit integer' });
  }
  return version;
}
