import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';

/**
 * The page each hosted card field frames (docs/payments.md#hosted-card-fields): served at the path
 * the checkout SDK asks for, framed only by the checkout's own origin, running only its own script.
 * The page touches no storage, so one store kind is enough; the browser suite runs it on both.
 */
describe('the hosted card field page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('answers the SDK\'s URL with a page that loads the SDK\'s hosted input, framed only by its own origin', async () => {
    const page = await t.app.inject({ url: '/checkout/payment/hosted-field?version=1.983.2&checkoutId=x', headers: { host: 'consign.test' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<script src="/checkout/payment/hosted-field.js"></script>');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).toContain("script-src 'self';");

    const script = await t.app.inject({ url: '/checkout/payment/hosted-field.js', headers: { host: 'consign.test' } });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^application\/javascript/);
    // The SDK's own input, started in the page's container.
    expect(script.body).toContain('HOSTED_FIELD:ATTACH_REQUESTED');
    expect(script.body).toContain('"hosted-input"');
  });
});
