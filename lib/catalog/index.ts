import 'server-only';
import { getCache, type CacheEngine } from '../cache';
import {
  categoriesKey,
  featuredKey,
  isBriefListing,
  listingKey,
  productDetailKey,
  productDetailSchema,
  productRefKey,
  productTag,
} from './cache-keys';
import {
  loadCategories,
  loadFeaturedProducts,
  loadProductDetail,
  loadProductPage,
  loadProductRef,
} from './load';
import { slugSchema } from './query';
import type { Category, ListingQuery, ProductDetail, ProductPage, ProductRef, ProductSummary } from './types';

/**
 * The catalog's Data Access Layer: what pages and JSON routes call. Every read goes page → here → the
 * cache-aside engine (lib/cache) → ./load.ts (SQL) → PostgreSQL, and the engine runs the SQL only on a miss.
 */

// Categories are read on every page (the header) and change with a deploy, not a sale: the in-process tier
// may keep them a minute rather than its default few seconds.
const CATEGORY_L1_SECONDS = 60;

export async function listCategories(): Promise<Category[]> {
  const categories = await getCache().getOrLoad(categoriesKey(), loadCategories, {
    l1TtlSeconds: CATEGORY_L1_SECONDS,
  });
  return categories ?? [];
}

export async function getFeaturedProducts(limit = 8): Promise<ProductSummary[]> {
  return (await getCache().getOrLoad(featuredKey(limit), () => loadFeaturedProducts(limit))) ?? [];
}

export async function listProducts(query: ListingQuery): Promise<ProductPage> {
  const page = await getCache().getOrLoad(listingKey(query), () => loadProductPage(query), {
    // Searches and empty or odd-sized pages: kept a minute, within the cache's budget for strangers.
    brief: (found) => isBriefListing(query, found),
  });
  return page ?? { items: [], page: query.page, pageSize: query.pageSize, total: 0 };
}

/**
 * A product page's data, or null for an unknown slug (remembered a minute, within the cache's budget for
 * brief entries, so floods of one bad URL stay cheap and floods of many cannot fill Redis).
 */
export function getProductDetail(slug: string): Promise<ProductDetail | null> {
  return readProductDetail(getCache(), slug);
}

/**
 * getProductDetail's read through a given engine: the admin's trace of a page view (lib/admin/redis-demo)
 * runs exactly this read on an engine of its own key prefix.
 */
export async function readProductDetail(cache: CacheEngine, slug: string): Promise<ProductDetail | null> {
  // A string that cannot be a slug is not worth a query, nor a cache entry.
  if (!slugSchema.safeParse(slug).success) return null;
  return cache.getOrLoad(productDetailKey(slug), () => loadProductDetail(slug), {
    schemaVersion: productDetailSchema,
    // The page shows its own product and four related ones: a write to any of them drops it. Its own tag
    // also marks a "not found", so that creating the product shows it at once.
    tags: (detail) => [slug, ...(detail?.related ?? []).map((product) => product.slug)].map(productTag),
  });
}

/**
 * The name, slug and price of each product among `ids` that exists, by id: the cart's lines ("display
 * cached, buy live": checkout reads prices from PostgreSQL). Tagged with the product, so a write drops it.
 */
export async function getProductRefs(ids: readonly number[]): Promise<Map<number, ProductRef>> {
  const cache = getCache();
  const refs = await Promise.all(
    [...new Set(ids)].map((id) =>
      cache.getOrLoad(productRefKey(id), () => loadProductRef(id), {
        tags: (ref) => (ref ? [productTag(ref.slug)] : []),
      }),
    ),
  );
  return new Map(refs.filter((ref): ref is ProductRef => ref !== null).map((ref) => [ref.id, ref]));
}

/**
 * After a product write has committed: drop its detail entry (under every slug it had), the pages of the
 * products that show it as related, and every list that may show it, on every instance. Writes record it
 * in their transaction first (./outbox.ts), so a crash before this call cannot lose it.
 */
export { invalidateProducts as invalidateProduct } from './outbox';

export { parseListingParams } from './query';
export type * from './types';
