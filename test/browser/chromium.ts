import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium, installed by .ci/run with apt-get; no tool ever downloads a browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumAvailable = existsSync(CHROMIUM);

if (!chromiumAvailable && !process.env.CI) {
  console.warn(`\n!!! ${CHROMIUM} does not exist: the browser suite is SKIPPED. Install it with: apt-get install -y chromium. CI fails in this case.\n`);
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable) {
    throw new Error(`${CHROMIUM} does not exist, and CI=true requires the browser suite. .ci/run installs it with apt-get install -y chromium.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
