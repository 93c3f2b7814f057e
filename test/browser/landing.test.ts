import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { chromiumAvailable, launchChromium } from './chromium.js';

/** Under CI=true a missing chromium fails the suite (in beforeAll); locally it is skipped with a warning. */
const suite = chromiumAvailable || process.env.CI ? describe : describe.skip;

suite.each(STORE_KINDS)('the landing page at / in Chromium, on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp(kind);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('links every page there is, each of which opens, in the demo checkout\'s style', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await page.title()).toBe('Consign');
    const hrefs = await page.$$eval('li a', (links) => links.map((a) => a.getAttribute('href')));
    // The hosted checkout and the console are linked exactly when they exist.
    const routes = new Set(t.app.routeTable.filter((r) => r.method === 'GET').map((r) => r.url));
    const optional = ['/checkout', '/console'].filter((path) => routes.has(path));
    expect(hrefs).toEqual(['/demo', ...optional, '/docs', '/health']);
    for (const href of hrefs) {
      const opened = await browser.newPage();
      const answer = await opened.goto(`${base}${href}`);
      expect(answer?.status(), href!).toBe(200);
      await opened.close();
    }
    // The demo checkout's look: its background, card borders and link colour.
    expect(await page.evaluate(() => getComputedStyle(document.body).maxWidth)).toBe('760px');
    expect(await page.$eval('section', (s) => getComputedStyle(s).borderTopColor)).toBe('rgb(221, 225, 231)');
    expect(await page.$eval('li a', (a) => getComputedStyle(a).color)).toBe('rgb(36, 80, 199)');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: `test-artifacts/landing-${kind}.png`, fullPage: true });
    await page.close();
  });

  it('at a store that is not the demo store, offers no demo link and says why', async () => {
    await t.app.consign.accounts.createStore({ hash: `plain${kind}` });
    const page = await browser.newPage();
    const response = await page.goto(`http://plain${kind}.localhost:${new URL(base).port}/`);
    expect(response?.status()).toBe(200);
    const hrefs = await page.$$eval('li a', (links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).not.toContain('/demo');
    expect(hrefs).toContain('/docs');
    expect(await page.textContent('body')).toContain('not the demo store');
    await page.close();
  });
});

declare const document: { body: object };
declare function getComputedStyle(element: object): { maxWidth: string; borderTopColor: string; color: string };
