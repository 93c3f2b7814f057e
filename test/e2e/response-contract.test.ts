import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { ResponseContractError, checkResponses } from '../helpers/checked-responses.js';
import { STORE_KINDS } from '../helpers/stores.js';

/**
 * The check every e2e answer goes through (test/helpers/checked-responses.ts) can fail: an app
 * whose answers are made up here, behind the same check, is refused for each way an answer can
 * break the document, and passed when it keeps it.
 */
describe.each(STORE_KINDS)('the check of every answer against the OpenAPI document, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** An app answering every request with `status` and `body`, checked as the suites' apps are. */
  const answering = (status: number, body: unknown) => {
    const fake = {
      inject: async (options: InjectOptions) => {
        if (options.url === '/openapi.json') return t.app.inject({ method: 'GET', url: '/openapi.json' });
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        return { statusCode: status, body: text, headers: {}, json: () => JSON.parse(text) };
      },
    };
    return checkResponses(fake as unknown as FastifyInstance);
  };

  it('refuses an answer with a status, a field or a type the document does not give it', async () => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity: 1 }] })).json();
    const path = `/stores/${t.hash}/v3/carts/${cart.data.id}`;
    const get = (app: FastifyInstance) => app.inject({ method: 'GET', url: path });
    // The real answer passes.
    await expect(get(answering(200, cart))).resolves.toMatchObject({ statusCode: 200 });
    await expect(get(answering(404, { status: 404, title: 'Cart not found.', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' }))).resolves.toBeDefined();
    // A status the operation does not list; a field it does not have; one it needs, gone; a wrong type.
    await expect(get(answering(418, cart))).rejects.toThrow(/answered 418, a status the document does not list/);
    await expect(get(answering(200, { ...cart, data: { ...cart.data, gift_wrapping: null } }))).rejects.toThrow(ResponseContractError);
    const { version: _version, ...noVersion } = cart.data;
    await expect(get(answering(200, { ...cart, data: noVersion }))).rejects.toThrow(/must have required property 'version'/);
    await expect(get(answering(200, { ...cart, data: { ...cart.data, created_time: '2025-08-05T15:38:14.123Z' } }))).rejects.toThrow(/created_time/);
    await expect(get(answering(200, 'not json'))).rejects.toThrow(/not JSON/);
    // An error in another dialect's shape.
    await expect(get(answering(404, [{ status: 404, message: 'Not found' }]))).rejects.toThrow(ResponseContractError);
  });

  it('lets through answers of paths the document does not describe', async () => {
    await expect(answering(200, 'anything').inject({ method: 'GET', url: '/health' })).resolves.toMatchObject({ statusCode: 200 });
  });
});
