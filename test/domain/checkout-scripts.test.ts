import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHECKOUT_SCRIPTS,
  changeCheckoutScripts,
  checkoutPageScript,
  orderConfirmationPageScript,
  scriptUrlProblem,
} from '../../src/domain/checkout-scripts.js';

const DEV = 'http://127.0.0.1:8080/auto-loader-dev.js';
const CONFIRM = 'https://cdn.example.com/confirm.js';

describe('which script a hosted page loads', () => {
  it.each([
    ['nothing set: the store\'s own pages', {}, undefined, undefined],
    ['a checkout script only', { customCheckoutScriptUrl: DEV }, DEV, undefined],
    ['a confirmation script only', { customOrderConfirmationScriptUrl: CONFIRM }, undefined, CONFIRM],
    ['both', { customCheckoutScriptUrl: DEV, customOrderConfirmationScriptUrl: CONFIRM }, DEV, CONFIRM],
    ['the confirmation uses the checkout script', { customCheckoutScriptUrl: DEV, customOrderConfirmationScriptUrl: CONFIRM, orderConfirmationUseCustomCheckoutScript: true }, DEV, DEV],
    ['told to use a checkout script there is none of', { orderConfirmationUseCustomCheckoutScript: true, customOrderConfirmationScriptUrl: CONFIRM }, undefined, undefined],
  ])('%s', (_name, set, checkout, confirmation) => {
    const scripts = { ...DEFAULT_CHECKOUT_SCRIPTS, ...set };
    expect(checkoutPageScript(scripts)?.url).toBe(checkout);
    expect(orderConfirmationPageScript(scripts)?.url).toBe(confirmation);
  });

  it('carries each script\'s own integrity hash', () => {
    const scripts = { ...DEFAULT_CHECKOUT_SCRIPTS, customCheckoutScriptUrl: DEV, customCheckoutSriHash: 'sha256-a', customOrderConfirmationScriptUrl: CONFIRM, customOrderConfirmationSriHash: 'sha256-b' };
    expect(checkoutPageScript(scripts)).toEqual({ url: DEV, integrity: 'sha256-a' });
    expect(orderConfirmationPageScript(scripts)).toEqual({ url: CONFIRM, integrity: 'sha256-b' });
  });
});

describe('a change to the scripts', () => {
  it('replaces what it names and keeps the rest', () => {
    const current = { ...DEFAULT_CHECKOUT_SCRIPTS, customCheckoutScriptUrl: DEV, customOrderConfirmationScriptUrl: CONFIRM };
    expect(changeCheckoutScripts(current, { customCheckoutSupportsUcoSettings: true })).toEqual({ ...current, customCheckoutSupportsUcoSettings: true });
  });

  it('empties the confirmation\'s own script when the confirmation takes the checkout script, unless one is sent with it', () => {
    const current = { ...DEFAULT_CHECKOUT_SCRIPTS, customOrderConfirmationScriptUrl: CONFIRM };
    expect(changeCheckoutScripts(current, { orderConfirmationUseCustomCheckoutScript: true }).customOrderConfirmationScriptUrl).toBe('');
    expect(changeCheckoutScripts(current, { orderConfirmationUseCustomCheckoutScript: true, customOrderConfirmationScriptUrl: CONFIRM }).customOrderConfirmationScriptUrl).toBe(CONFIRM);
    expect(changeCheckoutScripts(current, { customCheckoutScriptUrl: DEV }).customOrderConfirmationScriptUrl).toBe(CONFIRM);
  });
});

describe('a script URL a page can load', () => {
  it.each([
    ['', undefined],
    [DEV, undefined],
    ['https://cdn.example.com/checkout/auto-loader.js?v=2', undefined],
    ['auto-loader.js', 'must be an absolute http(s) URL, or empty'],
    ['/checkout/app.js', 'must be an absolute http(s) URL, or empty'],
    ['javascript:alert(1)', 'must be an absolute http(s) URL, or empty'],
    ['ftp://example.com/a.js', 'must be an absolute http(s) URL, or empty'],
    ['https://user:pass@example.com/a.js', 'must not carry credentials'],
    ['webdav:vtz-checkout/dist/auto-loader.js', "WebDAV paths are not served here: give the script's http(s) URL"],
  ])('%j', (url, problem) => {
    expect(scriptUrlProblem(url)).toBe(problem);
  });
});
