import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/**
 * The browser: CHROMIUM_PATH when set, else the first of the distributions' usual paths and
 * Playwright's own download (`npx playwright-core install chromium`) that exists.
 */
const CHROMIUM_CANDIDATES = process.env.CHROMIUM_PATH
  ? [process.env.CHROMIUM_PATH]
  : [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
      chromium.executablePath(),
    ];
export const CHROMIUM = CHROMIUM_CANDIDATES.find((path) => existsSync(path));

export const NO_CHROMIUM =
  `No Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}). The printable forms are checked in a real headless ` +
  'browser: install one with `sudo apt-get install -y chromium` (Debian and Ubuntu; .ci/run does this), or ' +
  '`npx playwright-core install chromium` where the internet is open, or set CHROMIUM_PATH to a Chrome or Chromium binary.';

/** What this closed network needs (see the machine notes): no background connections, no QUIC. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
