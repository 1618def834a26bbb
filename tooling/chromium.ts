/**
 * Debian's Chromium, never a downloaded browser (`npm test` installs the package when it is missing), and
 * the flags it needs on this machine: Playwright's browser and Lighthouse's both start it this way.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
