import type { Category, ListingQuery } from '../catalog/types';

/*
 * The path a browsable listing (a category or all products, any sort, any page; not a search) is served
 * under: app/(shop)/listing, a route whose pages are cached whole, because it reads params, not the query string.
 * proxy.ts rewrites /products?… to it. Asked for directly it serves the same pages, and nothing else.
 */

/** Stands for "no category" in the path (a real category's slug cannot contain `_`). */
export const ALL_CATEGORIES = '_all';
const LISTING_PREFIX = '/listing/';

export function cachedListingPath(query: ListingQuery): string | undefined {
  if (query.q !== undefined) return undefined; // searches: endless variety, rendered per request
  const category = query.category ?? ALL_CATEGORIES;
  return `${LISTING_PREFIX}${encodeURIComponent(category)}/${query.sort}/${query.page}`;
}

/** The listing query of a cached listing's params (to be validated as the query string would be). */
export function listingParamsOf(params: { category: string; sort: string; page: string }) {
  return {
    category: params.category === ALL_CATEGORIES ? undefined : params.category,
    sort: params.sort,
    page: params.page,
  };
}

/**
 * Whether a listing is one the cached route serves: a known category (or all), a page that exists. The
 * rest (an unknown category's "no such category", a page past the last) is rendered per request, so
 * made-up addresses cannot fill the cache.
 */
export function isCachedListing(query: ListingQuery, categories: Category[], total: number): boolean {
  if (query.category && !categories.some((category) => category.slug === query.category)) return false;
  return query.page <= Math.max(1, Math.ceil(total / query.pageSize));
}
