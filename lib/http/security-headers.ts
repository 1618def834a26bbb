/*
 * The response headers every page and route carries (next.config.ts applies them). Static, so a page
 * stays the same bytes for every visitor and can be cached: no per-request nonce.
 */

const isDev = process.env.NODE_ENV === 'development';

/**
 * The Content-Security-Policy. Scripts: only this origin's files, which `experimental.sri` pins with
 * integrity hashes, plus inline scripts. The inline ones cannot be avoided without a nonce: the App Router
 * puts each page's React Server Components payload in inline `self.__next_f.push(…)` scripts (and
 * Turbopack its chunk list in another), different for every rendering, so no static hash can allow them,
 * and a hash or nonce in script-src would disable 'unsafe-inline' itself. A per-request nonce would force
 * every page to render per request and never be cached, so we accept 'unsafe-inline' for scripts and keep
 * the rest strict: no script, frame, plugin or connection to another origin, no <base>, forms only to us,
 * never framed. Styles: our stylesheets only; style *attributes* (a rating bar's width) are allowed.
 * Development adds 'unsafe-eval', which React's dev build needs to rebuild server error stacks.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS = [
  { key: 'Content-Security-Policy', value: CONTENT_SECURITY_POLICY },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // For browsers that predate frame-ancestors.
  { key: 'X-Frame-Options', value: 'DENY' },
];

/**
 * What the build's own scripts and stylesheets (/_next/static/) carry: nosniff, the one header above that
 * means anything for a subresource (a document's CSP, referrer and framing rules do not apply to a script).
 * Some 430 bytes less per file, a dozen files per page: issue #25's JavaScript budget on a phone.
 */
export const STATIC_ASSET_HEADERS = SECURITY_HEADERS.filter(
  (header) => header.key === 'X-Content-Type-Options',
);

/** Sent only when the visitor came over HTTPS (nginx says so): over plain http it would be ignored anyway. */
export const HSTS_HEADER = { key: 'Strict-Transport-Security', value: 'max-age=31536000' };
