import type { ListingQuery } from '@/lib/catalog/types';

/**
 * The URL of one page of a listing. Only what differs from the defaults is written, so the links stay
 * short and a listing has one canonical URL per page.
 */
export function listingHref(query: ListingQuery, page: number, defaultSort: string): string {
  const params = new URLSearchParams();
  if (query.category) params.set('category', query.category);
  if (query.q) params.set('q', query.q);
  if (query.sort !== defaultSort) params.set('sort', query.sort);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/products?${search}` : '/products';
}
