import { cacheKey } from '../cache';
import { CATALOG_NAMESPACES as NS } from './namespaces';
import { LISTING_PAGE_SIZE } from './query';
import type { ListingQuery, ProductPage } from './types';

/**
 * The catalog's cache entries. A product's detail is dropped by name when it changes; every listing,
 * search, category and home entry shows many products at once, so those live in versioned namespaces that
 * a write drops as a whole (one INCR, no key scan).
 */

export const productDetailKey = (slug: string) => cacheKey(NS.product, slug);

/** A product's name, slug and price by id: what the cart shows of each line. */
export const productRefKey = (id: number) => cacheKey(NS.productRef, String(id));

/**
 * The entries' shape version: 2 since product pages carry tags (a page cached before could not be found
 * by the tags of the products it shows, so it is not read again).
 */
export const productDetailSchema = 2;

/**
 * The cache tag of everything that shows a product: its own page and the pages that show it among their
 * related products. `invalidateTags(productTag(slug))` drops them all.
 */
export const productTag = (slug: string) => `product:${slug}`;

/** Canonical: the same page asked in any parameter order, or with defaults spelled out, is one entry. */
export function listingKey(query: ListingQuery) {
  const parts = [`p${query.page}`, `n${query.pageSize}`, `s${query.sort}`];
  if (query.category) parts.push(`c${query.category}`);
  if (query.q) parts.push(`q${query.q.toLowerCase()}`);
  return cacheKey(NS.listing, parts.join('|'), { versioned: true });
}

/**
 * Whether a listing belongs to the endless family a stranger can vary: a search, a page size other than the
 * shop's own, or a page with nothing on it (an unknown or empty category, a page past the last). Its
 * entries are brief (lib/cache/budget.ts: a minute, within the namespace's budget); the browsable pages,
 * as many as the catalog has, keep the catalog's TTL.
 */
export function isBriefListing(query: ListingQuery, page: ProductPage): boolean {
  return query.q !== undefined || query.pageSize !== LISTING_PAGE_SIZE || page.items.length === 0;
}

export const categoriesKey = () => cacheKey(NS.category, 'all');

export const featuredKey = (limit: number) => cacheKey(NS.home, `featured|${limit}`, { versioned: true });

/** The versioned namespaces a product write must drop (the lists that may show it). */
export const productListNamespaces = [NS.listing, NS.home] as const;
