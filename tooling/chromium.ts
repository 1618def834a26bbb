/**
 * Debian's Chromium, never a downloaded browser (`npm test` installs the packages when they are missing), and
 * the flags it needs on this machine: Playwright's browser and Lighthouse's both start it this way.
 */

/** A Debian browser package: its binary (the variable overrides where), e.g. /usr/bin/chromium. */
function debianBrowser(debianPackage: string, variable: string) {
  return { debianPackage, variable, path: process.env[variable] || `/usr/bin/${debianPackage}` };
}

/** The full browser: Lighthouse's, whose figures are a real browser's (bench part "mobile", the audits' spec). */
export const FULL_CHROMIUM = debianBrowser('chromium', 'CHROMIUM_PATH');
export const CHROMIUM_PATH = FULL_CHROMIUM.path;

/**
 * The specs' browser: Debian's `chromium-headless-shell`, the same build without the browser around the page,
 * which is what Playwright itself runs headless. It did the same specs on half the CPU of the full browser
 * (46 against 97 core-seconds for three specs), and the browsers are most of the end-to-end step's work.
 */
export const HEADLESS_SHELL = debianBrowser('chromium-headless-shell', 'CHROMIUM_HEADLESS_SHELL_PATH');
export const HEADLESS_SHELL_PATH = HEADLESS_SHELL.path;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
