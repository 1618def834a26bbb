import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { getFeaturedProducts, getProductDetail, listCategories, listProducts } from '../catalog';
import { productTag } from '../catalog/cache-keys';
import type { Category, ListingQuery, ProductDetail, ProductPage, ProductSummary } from '../catalog/types';
import { PAGE_TAGS } from './tags';

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
  return listProducts(query);
}
