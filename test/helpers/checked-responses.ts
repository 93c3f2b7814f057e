import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Contract } from './openapi.js';

/**
 * Every answer a test receives, checked against the project's own OpenAPI document: an answer of a
 * documented operation must have a status the operation lists and a body its schema (closed
 * objects) accepts, errors included. An answer that does not is a failed request: `inject` rejects
 * with what is wrong, so the test that received it fails where it sent it. Answers of routes the
 * document does not describe (/demo, /health, an unknown path) pass unchecked.
 *
 * The document is the same for every app, so one checker (and its compiled schemas) serves all.
 */
let shared: Promise<Contract> | undefined;

export class ResponseContractError extends Error {}

const unchecked = new WeakMap<FastifyInstance, (options: InjectOptions | string) => Promise<LightMyRequestResponse>>();

/**
 * `app.inject` without the check, for a test that makes the service fail on purpose (a store call
 * that throws): its 500 is the point of the test, and no operation documents a 500.
 */
export function injectUnchecked(app: FastifyInstance, options: InjectOptions | string): Promise<LightMyRequestResponse> {
  return (unchecked.get(app) ?? ((o) => app.inject(o)))(options);
}

/** Makes `app.inject` check each answer against `/openapi.json`; returns the app. */
export function checkResponses(app: FastifyInstance): FastifyInstance {
  const original = app.inject as (...args: unknown[]) => unknown;
  const inject = original.bind(app) as (options: InjectOptions | string) => Promise<LightMyRequestResponse>;
  unchecked.set(app, inject);
  // Read at the first checked answer, not now: a test may still add hooks before the app starts.
  const contract = () => (shared ??= inject({ method: 'GET', url: '/openapi.json' }).then((r) => new Contract(r.json())));
  const checked = async (options: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const response = await inject(options);
    const method = typeof options === 'string' ? 'GET' : (options.method ?? 'GET').toUpperCase();
    const url = typeof options === 'string' ? options : typeof options.url === 'string' ? options.url : (options.path as string | undefined);
    if (url === undefined) return response;
    const problems = (await contract()).problemsOf(method, url, response);
    if (problems.length > 0) throw new ResponseContractError(`${method} ${url.slice(0, 200)}: the answer breaks the OpenAPI document:\n  ${problems.join('\n  ')}`);
    return response;
  };
  // Only the promise form is replaced: the suites call inject with options and await it.
  (app as { inject: unknown }).inject = (options?: InjectOptions | string, callback?: unknown) => {
    if (options === undefined || callback !== undefined) return original.call(app, options, callback);
    return checked(options);
  };
  return app;
}
