/*
 * Every page of the storefront, decided once: who may see it, whether it is the same for everyone or about
 * the visitor, and which check decides its status before Next.js renders it. proxy.ts reads the table
 * through the page gate (./page-gate.ts); next.config.ts reads it for the personal pages' headers. A plain
 * data module (no server-only, no Redis): next.config.ts loads it outside the app's bundling.
 *
 * A pattern is Next.js's `source` syntax, in the subset both readers understand: literal segments, `:name`
 * for one segment, a last `:name*` for any number of them (none included). A path no pattern matches (an
 * image, an icon, an unknown page) is not a page of this table: the gate lets it through.
 */

/** Who may see a page; anyone else is sent to log in (307), shown the 403 page, or sent on (signed in). */
export type PageAccess = 'public' | 'signed-in' | 'signed-out-only' | 'admin';

/**
 * - `whole`: the same for everyone, rendered once and sent whole from the page cache (lib/pages/cache-handlers).
 * - `shared`: the same for everyone, rendered per request from cached parts (it reads its query string).
 * - `personal`: about the visitor, rendered per request; `Cache-Control: private, no-store`, so no shared
 *   cache or CDN keeps it, whatever Next.js would send.
 */
export type PageCaching = 'whole' | 'shared' | 'personal';

/**
 * What the gate asks before the page renders, beyond its access:
 * - `home`, `listing`, `product`, `cached-listing`: the catalog data the page shows. The 503 page when it
 *   cannot be had; the 404 page for an unknown product, or a cached listing that /products would not
 *   rewrite to; `listing`: a browsable listing is rewritten to the route that caches it whole.
 * - `order`: whether the order is the viewer's (or they are an admin); the order 404 page otherwise.
 * - `line`: whether the sale is one this instance knows and has a line (a waiting room); the 404 page
 *   otherwise.
 * - `unavailable`: the 503 page itself, which the proxy answers (pages send an outage here: ./page-data.ts).
 */
export type PageCheck = 'home' | 'listing' | 'product' | 'cached-listing' | 'order' | 'line' | 'unavailable';

export interface PageRoute {
  pattern: string;
  access: PageAccess;
  caching: PageCaching;
  check?: PageCheck;
}

/** The 503 page: `?from=` the page to try again. */
export const UNAVAILABLE_PATH = '/unavailable';

export const PAGE_ROUTES = [
  { pattern: '/', access: 'public', caching: 'whole', check: 'home' },
  { pattern: '/products', access: 'public', caching: 'shared', check: 'listing' },
  { pattern: '/products/:slug', access: 'public', caching: 'whole', check: 'product' },
  // What /products rewrites a browsable listing to (./listing-path.ts).
  { pattern: '/listing/:category/:sort/:page', access: 'public', caching: 'whole', check: 'cached-listing' },
  // The live and upcoming sales: the same for everyone, rendered per request from the registry of sales.
  { pattern: '/sales', access: 'public', caching: 'shared' },
  { pattern: '/cart', access: 'public', caching: 'personal' },
  { pattern: '/login', access: 'signed-out-only', caching: 'personal' },
  { pattern: '/register', access: 'signed-out-only', caching: 'personal' },
  { pattern: '/account', access: 'signed-in', caching: 'personal' },
  { pattern: '/orders/:id', access: 'signed-in', caching: 'personal', check: 'order' },
  // A shopper's place in a sale's line (the waiting room): theirs alone, and changing by the second.
  { pattern: '/queue/:saleId', access: 'signed-in', caching: 'personal', check: 'line' },
  { pattern: '/admin/:path*', access: 'admin', caching: 'personal' },
  { pattern: UNAVAILABLE_PATH, access: 'public', caching: 'personal', check: 'unavailable' },
  // The benchmark's ceiling and floor (`npm run bench`).
  { pattern: '/bench/static', access: 'public', caching: 'whole' },
  { pattern: '/bench/dynamic', access: 'public', caching: 'shared' },
] as const satisfies readonly PageRoute[];

export interface PageMatch {
  route: PageRoute;
  /** The path's segments under each `:name`, as sent (still %-escaped); a `:name*` joined with `/`. */
  params: Record<string, string>;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function toRegExp(pattern: string): RegExp {
  let source = '';
  for (const segment of pattern.split('/').filter(Boolean)) {
    const param = /^:(\w+)(\*?)$/.exec(segment);
    if (!param) source += `/${escapeRegExp(segment)}`;
    else if (param[2]) source += `(?:/(?<${param[1]}>.+))?`;
    else source += `/(?<${param[1]}>[^/]+)`;
  }
  return new RegExp(`^${source || '/'}$`);
}

const MATCHERS = PAGE_ROUTES.map((route) => ({ route: route as PageRoute, regExp: toRegExp(route.pattern) }));

/** The page `pathname` is, by the table, with its params; undefined for a path that is not one of its pages. */
export function matchPageRoute(pathname: string): PageMatch | undefined {
  for (const { route, regExp } of MATCHERS) {
    const found = regExp.exec(pathname);
    if (!found) continue;
    const params = Object.entries(found.groups ?? {}).filter(([, value]) => value !== undefined);
    return { route, params: Object.fromEntries(params) };
  }
  return undefined;
}
