import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { PHONE_NUMBER } from '../../src/domain/address.js';

interface Document {
  readonly paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }>; requestBody?: unknown }>>;
}

/** One operation of the document: `GET /stores/{store_hash}/v3/carts/{cartId}`. */
export interface DocumentedOperation {
  readonly method: string;
  readonly path: string;
  readonly key: string;
  readonly statuses: readonly number[];
  readonly hasBody: boolean;
}

/**
 * The OpenAPI document as a checker of real answers: every answer a test shows it must be listed
 * under its operation and status, and match that status's schema exactly (the schemas are
 * closed). It also remembers which statuses of which operation it has seen.
 */
export class Contract {
  readonly operations: DocumentedOperation[];
  readonly seen = new Map<string, Set<number>>();
  readonly problems: string[] = [];
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #matchers: { operation: DocumentedOperation; pattern: RegExp }[];

  constructor(private readonly document: Document) {
    addFormats.default(this.#ajv).addFormat('phone', PHONE_NUMBER);
    this.#ajv.addSchema(document as object, 'openapi');
    this.operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        statuses: Object.keys(operation.responses).map(Number),
        hasBody: operation.requestBody !== undefined,
      })),
    );
    this.#matchers = this.operations.map((operation) => ({
      operation,
      pattern: new RegExp(`^${operation.path.replace(/\{\w+\}/g, '[^/]+')}$`),
    }));
  }

  /** The documented operation a request is answered by, if any. */
  operation(method: string, url: string): DocumentedOperation | undefined {
    // Dot segments are resolved before routing, as a client's URL resolves them (`/a/b/..` is `/a`).
    const path = new URL(url.split('?')[0]!, 'http://consign.test').pathname;
    return this.#matchers.find((m) => m.operation.method === method && m.pattern.test(path))?.operation;
  }

  /** Checks one answer against the document; what is wrong goes to `problems`, and is returned. */
  problemsOf(method: string, url: string, response: LightMyRequestResponse): string[] {
    const before = this.problems.length;
    this.check(method, url, response);
    return this.problems.slice(before);
  }

  /** Checks one answer against the document; what is wrong goes to `problems`. */
  check(method: string, url: string, response: LightMyRequestResponse): void {
    const operation = this.operation(method, url);
    if (!operation) return;
    const status = response.statusCode;
    const label = `${operation.key} answered ${status}`;
    if (!this.seen.has(operation.key)) this.seen.set(operation.key, new Set());
    this.seen.get(operation.key)!.add(status);
    if (!operation.statuses.includes(status)) {
      this.problems.push(`${label}, a status the document does not list for it: ${response.body.slice(0, 300)}`);
      return;
    }
    const content = this.document.paths[operation.path]![method.toLowerCase()]!.responses[String(status)]!.content;
    if (!content) {
      if (response.body !== '') this.problems.push(`${label} with a body, where the document says there is none`);
      return;
    }
    const validate = this.#validator(operation, status);
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      this.problems.push(`${label} with a body that is not JSON: ${response.body.slice(0, 200)}`);
      return;
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      this.problems.push(`${label} with a body its schema refuses:\n    ${errors.join('\n    ')}`);
    }
  }

  #validator(operation: DocumentedOperation, status: number): ValidateFunction {
    const key = `${operation.key} ${status}`;
    let validate = this.#validators.get(key);
    if (!validate) {
      const pointer = ['paths', operation.path, operation.method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema']
        .map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1')))
        .join('/');
      validate = this.#ajv.compile({ $ref: `openapi#/${pointer}` });
      this.#validators.set(key, validate);
    }
    return validate;
  }
}
