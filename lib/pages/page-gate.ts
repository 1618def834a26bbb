import 'server-only';
import { currentUser } from '../auth';
import { requireRole, requireSession } from '../auth/guard';
import { CacheOverloadedError } from '../cache';
import {
  getFeaturedProducts,
  getProductDetail,
  listCategories,
  listProducts,
  parseListingParams,
} from '../catalog';
import { isOutage, RequestError } from '../errors';
import { safeNextPath } from '../http/next-path';
import { canReadOrder } from '../orders';
import { orderIdParamsSchema } from '../orders/schemas';
import { saleLineRecord } from './queue-data';
import { holdsAdmission, lineGuardingSlug } from '../queue';
import { queuePathOf } from '../sales';
import type { RequestContext } from '../session/current';
import { holdsPageWhole } from './cache-handlers/held-pages';
import { cachedListingPath, isCachedListing, listingParamsOf } from './listing-path';
import { matchPageRoute, type PageRoute } from './routes';

/*
 * The checks whose answer is an HTTP status, run by proxy.ts before Next.js renders anything, for each
 * page as the table says (./routes.ts): its access, then its check. With Cache Components a page sends its
 * shell (and a 200) before its own code runs, so a redirect to the login page, a 403 or a 404 decided
 * inside the page would reach the browser as a 200 with a client-side fallback. The pages keep their own
 * checks (./page-guard.ts) as a second line: this gate only makes the status true.
 *
 * A catalog page is checked for its data: the home page, a listing or a product whose data cannot be had
 * (PostgreSQL down and nothing cached) is the 503 page, as the contract says, rather than a streamed 200
 * that redirects; an unknown product is the site's 404 page (Next.js's own notFound() in a product page
 * is a 404 whose text needs JavaScript, vercel/next.js#62228). Unless this process holds the page whole
 * (./cache-handlers/held-pages.ts): then it was a complete 200 when stored, nothing it shows has changed
 * since (an invalidation drops it), and it is sent as it is, so its data need not be read, nor be
 * reachable. The reads, when made, are the data layer's (an L1 or Redis hit when warm), the ones the page
 * makes, so rendering it costs no extra query.
 *
 * A sale's line page (/queue/[saleId]) is the 404 page for a sale this instance does not list or that has
 * no line (the registry's copy of the sales: no query).
 *
 * A queued sale's product page, from the sale's start, sends a visitor without an admission to the line's
 * page (303), before the page cache's copy could be sent (`productLine`).
 *
 * For the other pages a dependency that cannot be asked passes the request on: the page then shows its
 * own degraded state or error (the admin and order pages need Redis and PostgreSQL anyway; the line's page
 * says the line is paused).
 */

export type GateDecision =
  | { kind: 'pass' }
  | { kind: 'redirect'; location: string }
  /** Elsewhere for this visitor, by a 303 never cached: a queued sale's product to its line's page. */
  | { kind: 'see-other'; location: string }
  | { kind: 'forbidden' }
  /** `page`: the site's 404 page (an unknown product, a listing page that does not exist); `order`: its own. */
  | { kind: 'not-found'; what: 'page' | 'order' }
  /** A page whose data cannot be had (PostgreSQL down, nothing cached): the 503 page, back to `retry`. */
  | { kind: 'unavailable'; retry: string }
  /** A listing served by the route that caches it whole (./listing-path.ts). */
  | { kind: 'rewrite'; path: string };

export interface GateRequest {
  /** The address asked for (a URL, or Next.js's NextURL). */
  url: Pick<URL, 'pathname' | 'search' | 'searchParams'>;
  /** The request's context, made only for a check that reads the session (one per request: it memoizes). */
  context: () => RequestContext;
}

const PASS: GateDecision = { kind: 'pass' };
const NOT_FOUND: GateDecision = { kind: 'not-found', what: 'page' };
const toLogin = (path: string): GateDecision => ({
  kind: 'redirect',
  location: `/login?next=${encodeURIComponent(path)}`,
});

export async function gatePage(request: GateRequest): Promise<GateDecision> {
  const { pathname, searchParams } = request.url;
  const match = matchPageRoute(pathname);
  if (!match) return PASS;
  const { route, params } = match;
  try {
    const access = await checkAccess(route, request);
    if (access.kind !== 'pass') return access;
    if (route.check === 'order') return await ownOrder(request, params.id ?? '');
    if (route.check === 'line') return await knownLine(params.saleId ?? '');
  } catch (error) {
    if (isOutage(error)) return PASS;
    throw error;
  }
  if (route.check === 'unavailable') {
    return { kind: 'unavailable', retry: safeNextPath(searchParams.get('from')) ?? '/' };
  }
  if (route.check === 'product') {
    const line = await productLine(request, params.slug ?? '');
    if (line) return line;
  }
  return catalogData(route, params, request.url);
}

async function checkAccess(route: PageRoute, { url, context }: GateRequest): Promise<GateDecision> {
  switch (route.access) {
    case 'public':
      return PASS;
    case 'signed-in':
      return signedIn(context(), url.pathname);
    case 'signed-out-only':
      return signedOutOnly(context(), url.searchParams);
    case 'admin':
      return adminOnly(context(), url.pathname);
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

/** The sign-in forms send a signed-in visitor where they were going, as the pages would. */
async function signedOutOnly(ctx: RequestContext, search: URLSearchParams): Promise<GateDecision> {
  if (!(await currentUser(ctx))) return PASS;
  return { kind: 'redirect', location: safeNextPath(search.get('next')) ?? '/account' };
}

/** Someone else's order, or one that does not exist: the same 404 (probing learns nothing). One row. */
async function ownOrder({ context }: GateRequest, id: string): Promise<GateDecision> {
  const parsed = orderIdParamsSchema.safeParse({ id: decodeURIComponent(id) });
  const mine = parsed.success && (await canReadOrder(context(), parsed.data.id));
  return mine ? PASS : { kind: 'not-found', what: 'order' };
}

/** A sale's line: the 404 page for a sale this instance does not list, or one without a line. */
async function knownLine(saleId: string): Promise<GateDecision> {
  return (await saleLineRecord(decodeURIComponent(saleId))) ? PASS : NOT_FOUND;
}

/**
 * A queued sale's product page, from the sale's start until its end, to a visitor without a valid
 * admission: its line's page (lib/queue/door.ts). Decided here, before the page cache, from the registry
 * (in memory) and the cookies alone: the page is cached whole and shared, so it cannot decide this itself.
 */
async function productLine({ context }: GateRequest, rawSlug: string): Promise<GateDecision | undefined> {
  const slug = decodeURIComponent(rawSlug);
  const line = await lineGuardingSlug(slug);
  if (!line || (await holdsAdmission(context(), line))) return undefined;
  return { kind: 'see-other', location: queuePathOf(line.id) };
}

/**
 * A catalog page's data, as the page will read it, unless the page is held whole: the 503 when it cannot
 * be had; the 404 for an unknown product (a remembered "not found" keeps floods of bad URLs cheap) or for
 * a cached listing that does not exist; a browsable listing's rewrite to its cached route.
 */
function catalogData(
  route: PageRoute,
  params: Record<string, string>,
  url: GateRequest['url'],
): Promise<GateDecision> {
  const retry = `${url.pathname}${url.search}`;
  if (route.check === 'listing') return withData(retry, () => listingDecision(url.searchParams));
  if (route.caching === 'whole' && holdsPageWhole(url.pathname)) return Promise.resolve(PASS);
  switch (route.check) {
    case 'home':
      return withData(retry, async () => {
        await Promise.all([listCategories(), getFeaturedProducts(8)]);
        return PASS;
      });
    case 'product': {
      const slug = decodeURIComponent(params.slug ?? '');
      return withData(retry, async () => ((await getProductDetail(slug)) ? PASS : NOT_FOUND));
    }
    case 'cached-listing':
      return withData(retry, () => cachedListingDecision(params));
    default:
      return Promise.resolve(PASS);
  }
}

/**
 * /products with its query string: a listing of a known category (or of everything), not a search, up to
 * its last page, is served from the route that caches it whole. Anything else (a search, an unknown
 * category, a page past the last, a query the page explains) is rendered per request, so made-up
 * addresses cannot fill the cache.
 */
async function listingDecision(search: URLSearchParams): Promise<GateDecision> {
  const parsed = parseListingParams(Object.fromEntries(search));
  if (!parsed.ok) return PASS;
  const query = parsed.query;
  const [categories, page] = await Promise.all([listCategories(), listProducts(query)]);
  const path = cachedListingPath(query);
  return path && isCachedListing(query, categories, page.total) ? { kind: 'rewrite', path } : PASS;
}

/** The cached listings' own route, asked for directly: it serves only what /products would rewrite to. */
async function cachedListingDecision(params: Record<string, string>): Promise<GateDecision> {
  const [category, sort, page] = [params.category, params.sort, params.page].map((value) =>
    decodeURIComponent(value ?? ''),
  ) as [string, string, string];
  const parsed = parseListingParams(listingParamsOf({ category, sort, page }));
  if (!parsed.ok) return NOT_FOUND;
  const query = parsed.query;
  const [categories, listing] = await Promise.all([listCategories(), listProducts(query)]);
  return isCachedListing(query, categories, listing.total) ? PASS : NOT_FOUND;
}

/**
 * A decision that reads a page's data: the 503 page (back to `retry`) when the data cannot be had. Too
 * many reads waiting at once (a rush while Redis lags) is not "cannot be had": the page, often served
 * whole from the page cache, decides.
 */
async function withData(retry: string, decide: () => Promise<GateDecision>): Promise<GateDecision> {
  try {
    return await decide();
  } catch (error) {
    if (error instanceof CacheOverloadedError) return PASS;
    if (isOutage(error)) return { kind: 'unavailable', retry };
    throw error;
  }
}
