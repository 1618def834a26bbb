import 'server-only';
import {
  getFeaturedProducts,
  getProductDetail,
  listCategories,
  listProducts,
  parseListingParams,
} from '../catalog';
import type { Category, ListingQuery, ProductPage } from '../catalog/types';
import { CacheOverloadedError } from '../cache/direct-loads';
import { isOutage, RequestError } from '../errors';
import { safeNextPath } from '../http/next-path';
import { cachedListingPath, isCachedListing, listingParamsOf } from '../pages/listing-path';
import { getOrder } from '../orders/read';
import { orderIdParamsSchema } from '../orders/schemas';
import type { RequestContext } from '../session/current';
import { currentUser } from './index';
import { requireRole, requireSession } from './guard';

/*
 * The checks whose answer is an HTTP status, run by proxy.ts before Next.js renders anything. With Cache
 * Components a page sends its shell (and a 200) before its own code runs, so a redirect to the login page,
 * a 403 or a 404 decided inside the page would reach the browser as a 200 with a client-side fallback.
 * The pages keep their own checks (requireRolePage, requireSignedInPage) as a second line: this gate only
 * makes the status true.
 *
 * Catalog pages are checked the same way for their data: the home page, a listing or a product whose data
 * cannot be had (PostgreSQL down and nothing cached) is the 503 page, as the contract says, rather than a
 * streamed 200 that redirects. The reads are the data layer's (an L1 or Redis hit when warm), the same the
 * page makes, so a page view costs no extra query.
 *
 * For the other pages a dependency that cannot be asked passes the request on: the page then shows its
 * own degraded state or error (the admin and order pages need Redis and PostgreSQL anyway).
 */

export type GateDecision =
  | { kind: 'pass' }
  | { kind: 'redirect'; location: string }
  | { kind: 'forbidden' }
  /** `page`: the site's 404 page (an unknown product, a listing page that does not exist); `order`: its own. */
  | { kind: 'not-found'; what: 'page' | 'order' }
  /** A catalog page whose data cannot be had (PostgreSQL down, nothing cached): the 503 page. */
  | { kind: 'unavailable' }
  /** A listing served by the route that caches it whole (lib/pages/listing-path.ts). */
  | { kind: 'rewrite'; path: string };

const PASS: GateDecision = { kind: 'pass' };
const NOT_FOUND: GateDecision = { kind: 'not-found', what: 'page' };
const toLogin = (path: string): GateDecision => ({
  kind: 'redirect',
  location: `/login?next=${encodeURIComponent(path)}`,
});

const ADMIN_PAGE = /^\/admin(\/|$)/;
const ORDER_PAGE = /^\/orders\/([^/]+)$/;
const PRODUCT_PAGE = /^\/products\/([^/]+)$/;
const CACHED_LISTING_PAGE = /^\/listing\/([^/]+)\/([^/]+)\/([^/]+)$/;

export async function gatePage(
  ctx: RequestContext,
  pathname: string,
  search: URLSearchParams,
): Promise<GateDecision> {
  const catalog = await catalogData(pathname, search);
  if (catalog) return catalog;
  try {
    if (ADMIN_PAGE.test(pathname)) return await adminOnly(ctx, pathname);
    if (pathname === '/account') return await signedIn(ctx, pathname);
    const order = ORDER_PAGE.exec(pathname)?.[1];
    if (order !== undefined) return await ownOrder(ctx, pathname, decodeURIComponent(order));
    if (pathname === '/login' || pathname === '/register') return await signedOutOnly(ctx, search);
    return PASS;
  } catch (error) {
    if (isOutage(error)) return PASS;
    throw error;
  }
}

async function adminOnly(ctx: RequestContext, path: string): Promise<GateDecision> {
  try {
    await requireRole(ctx, 'admin');
    return PASS;
  } catch (error) {
    if (error instanceof RequestError && error.status === 401) return toLogin(path);
    if (error instanceof RequestError && error.status === 403) return { kind: 'forbidden' };
    throw error;
  }
}

async function signedIn(ctx: RequestContext, path: string): Promise<GateDecision> {
  try {
    await requireSession(ctx);
    return PASS;
  } catch (error) {
    if (error instanceof RequestError && error.status === 401) return toLogin(path);
    throw error;
  }
}

/** Someone else's order, or one that does not exist: the same 404 (probing learns nothing). */
async function ownOrder(ctx: RequestContext, path: string, id: string): Promise<GateDecision> {
  const signedInDecision = await signedIn(ctx, path);
  if (signedInDecision.kind !== 'pass') return signedInDecision;
  const parsed = orderIdParamsSchema.safeParse({ id });
  try {
    await getOrder(ctx, parsed.success ? parsed.data.id : 0);
    return PASS;
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return { kind: 'not-found', what: 'order' };
    throw error;
  }
}

/** The sign-in forms send a signed-in visitor where they were going, as the pages would. */
async function signedOutOnly(ctx: RequestContext, search: URLSearchParams): Promise<GateDecision> {
  if (!(await currentUser(ctx))) return PASS;
  return { kind: 'redirect', location: safeNextPath(search.get('next')) ?? '/account' };
}

/**
 * A catalog page's data, as the page will read it: undefined for other pages; the 503 when it cannot be
 * had; the 404 for an unknown product (a remembered "not found" keeps floods of bad URLs cheap).
 */
async function catalogData(pathname: string, search: URLSearchParams): Promise<GateDecision | undefined> {
  const product = PRODUCT_PAGE.exec(pathname)?.[1];
  let read: (() => Promise<unknown>) | undefined;
  if (pathname === '/') read = () => Promise.all([listCategories(), getFeaturedProducts(8)]);
  let listing: ListingQuery | undefined;
  if (pathname === '/products') {
    const parsed = parseListingParams(Object.fromEntries(search));
    if (parsed.ok) {
      listing = parsed.query;
      read = () => Promise.all([listCategories(), listProducts(parsed.query)]);
    }
  }
  // The cached listings' own route, asked for directly: it exists only for what /products would rewrite to.
  const cached = CACHED_LISTING_PAGE.exec(pathname);
  let direct: ListingQuery | undefined;
  if (cached) {
    const [category, sort, page] = cached.slice(1).map(decodeURIComponent) as [string, string, string];
    const parsed = parseListingParams(listingParamsOf({ category, sort, page }));
    if (!parsed.ok) return NOT_FOUND;
    direct = parsed.query;
    read = () => Promise.all([listCategories(), listProducts(parsed.query)]);
  }
  if (product !== undefined) read = () => getProductDetail(decodeURIComponent(product));
  if (!read) return undefined;
  try {
    const found = await read();
    if (found === null) return NOT_FOUND;
    if (direct) {
      const [categories, page] = found as [Category[], ProductPage];
      return isCachedListing(direct, categories, page.total) ? PASS : NOT_FOUND;
    }
    return listing ? listingDecision(listing, found as [Category[], ProductPage]) : PASS;
  } catch (error) {
    // Too many reads waiting at once (a rush while Redis lags) is not "cannot be had": the page, often
    // served whole from the page cache, decides.
    if (error instanceof CacheOverloadedError) return PASS;
    if (isOutage(error)) return { kind: 'unavailable' };
    throw error;
  }
}

/**
 * A listing of a known category (or of everything), not a search, up to its last page: served from the
 * route that caches it whole. Anything else (an unknown category, a page past the last) is rendered per
 * request, so made-up addresses cannot fill the cache.
 */
function listingDecision(query: ListingQuery, [categories, page]: [Category[], ProductPage]): GateDecision {
  const path = cachedListingPath(query);
  if (!path || !isCachedListing(query, categories, page.total)) return PASS;
  return { kind: 'rewrite', path };
}
