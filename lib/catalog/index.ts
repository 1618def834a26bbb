import 'server-only';
import { loadCategories, loadFeaturedProducts, loadProductDetail, loadProductPage } from './load';
import { slugSchema } from './query';
import type { Category, ListingQuery, ProductDetail, ProductPage, ProductSummary } from './types';

/**
 * The catalog's Data Access Layer: what pages and JSON routes call. Reads go page → here → cache →
 * PostgreSQL (the cache sits between these functions and ./load.ts).
 */

export function listCategories(): Promise<Category[]> {
  return loadCategories();
}

export function getFeaturedProducts(limit = 8): Promise<ProductSummary[]> {
  return loadFeaturedProducts(limit);
}

export function listProducts(query: ListingQuery): Promise<ProductPage> {
  return loadProductPage(query);
}

export async function getProductDetail(slug: string): Promise<ProductDetail | null> {
  // A string that cannot be a slug is not worth a query (nor, later, a cache entry).
  if (!slugSchema.safeParse(slug).success) return null;
  return loadProductDetail(slug);
}

export { formatPrice, productImagePath } from './format';
export { parseListingParams } from './query';
export type * from './types';
