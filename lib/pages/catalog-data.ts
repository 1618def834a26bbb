import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { getFeaturedProducts, getProductDetail, listCategories, listProducts } from '../catalog';
import { isBriefListing, productTag } from '../catalog/cache-keys';
import { PAGE_TAGS } from '../catalog/page-tags';
import type { Category, ListingQuery, ProductDetail, ProductPage, ProductSummary } from '../catalog/types';

/*
 * The catalog as the pages read it: each read is a `'use cache'` function, so Next.js may put its result
 * into a page's cached shell (lib/pages/cache-handlers keeps those entries in Redis, shared by every
 * instance). Underneath, each calls the catalog's data layer, so a cold entry costs one cached engine
 * read, not a query. Tags are the engine's own (productTag, PAGE_TAGS): the one invalidation that drops
 * the data drops the pages built from it.
 *
 * An error (PostgreSQL down and nothing cached) is thrown, never cached: the caller decides what the page
 * shows instead.
 */

export async function cachedCategories(): Promise<Category[]> {
  'use cache';
  cacheLife('catalog');
  cacheTag(PAGE_TAGS.categories);
  return listCategories();
}

export async function cachedProductDetail(slug: string): Promise<ProductDetail | null> {
  'use cache';
  cacheLife('catalog');
  const detail = await getProductDetail(slug);
  // Its own tag also marks a "not found", so creating the product shows it at once; the related products
  // are on the page too, so a write to any of them drops it.
  cacheTag(productTag(slug), ...(detail?.related ?? []).map((product) => productTag(product.slug)));
  // A "not found" is a stranger's to vary: kept briefly, within the cache's budget.
  if (!detail) cacheTag(PAGE_TAGS.brief);
  return detail;
}

export async function cachedFeaturedProducts(limit: number): Promise<ProductSummary[]> {
  'use cache';
  cacheLife('catalog');
  cacheTag(PAGE_TAGS.productLists);
  return getFeaturedProducts(limit);
}

export async function cachedProductPage(query: ListingQuery): Promise<ProductPage> {
  'use cache';
  cacheLife('catalog');
  cacheTag(PAGE_TAGS.productLists);
  const page = await listProducts(query);
  // A search, an empty or odd-sized page: kept briefly, within the cache's budget (and so is the page part
  // built from it, which Next.js gives this tag too).
  if (isBriefListing(query, page)) cacheTag(PAGE_TAGS.brief);
  return page;
}
