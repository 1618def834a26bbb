/**
 * Debian's Chromium, never a downloaded browser (`npm test` installs the packages when they are missing), and
 * the flags it needs on this machine: Playwright's browser and Lighthouse's both start it this way.
 */

/** The full browser: Lighthouse's, whose figures are a real browser's (bench part "mobile", the audits' spec). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The specs' browser: Debian's `chromium-headless-shell`, the same build without the browser around the page,
 * which is what Playwright itself runs headless. It did the same specs on half the CPU of the full browser
 * (46 against 97 core-seconds for three specs), and the browsers are most of the end-to-end step's work.
 */
export const HEADLESS_SHELL_PATH =
  process.env.CHROMIUM_HEADLESS_SHELL_PATH || '/usr/bin/chromium-headless-shell';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
