import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { PHONE_NUMBER } from '../domain/address.js';

/**
 * Two compiled validators: bodies are validated strictly (a quantity sent as "2" is wrongly typed,
 * and says so); query strings and path parameters arrive as text and are coerced to their types.
 * Unknown body fields are ignored, as upstream ignores them (no schema sets additionalProperties);
 * only the first problem found is reported, so that a huge invalid body costs no more than a small one.
 */
const common: Options = { allErrors: false, strict: false, useDefaults: true };
const bodyAjv = addFormats.default(new Ajv({ ...common, coerceTypes: false, removeAdditional: false })).addFormat('phone', PHONE_NUMBER);
const textAjv = addFormats.default(new Ajv({ ...common, coerceTypes: 'array', removeAdditional: false }));

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);

/** Checks a document against a schema the way request bodies are checked; throws with the first problem. */
export function checkDocument<T>(schema: object, value: unknown, what: string): T {
  const validate = bodyAjv.compile(schema);
  if (!validate(value)) {
    const [issue] = validate.errors ?? [];
    throw new Error(`${what}${issue?.instancePath ?? ''} ${issue?.message ?? 'is invalid'}`);
  }
  return value as T;
}
