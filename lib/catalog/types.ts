/** The plain objects the catalog hands to pages and JSON routes. Everything here is JSON-serialisable. */

export interface Category {
  id: number;
  slug: string;
  name: string;
  description: string;
}

export interface ProductSummary {
  id: number;
  slug: string;
  name: string;
  priceCents: number;
  stock: number;
  /** The category's slug. */
  category: string;
  imageUrl: string;
}

/** What a cart line shows of its product (stock is read live, never from here). */
export type ProductRef = Pick<ProductSummary, 'id' | 'slug' | 'name' | 'priceCents'>;

export interface RatingSummary {
  /** Mean rating rounded to one decimal; 0 when there are no reviews. */
  average: number;
  count: number;
  /** Number of reviews with 1..5 stars, index 0 = one star. */
  byStars: [number, number, number, number, number];
}

export interface Review {
  id: number;
  rating: number;
  author: string;
  body: string;
  /** ISO 8601. */
  createdAt: string;
}

export interface ProductDetail extends ProductSummary {
  description: string;
  categoryName: string;
  version: number;
  /** ISO 8601. */
  updatedAt: string;
  rating: RatingSummary;
  latestReviews: Review[];
  related: ProductSummary[];
}

export const productSorts = [
  'relevance',
  'newest',
  'price-asc',
  'price-desc',
  'name-asc',
  'name-desc',
] as const;
export type ProductSort = (typeof productSorts)[number];

export interface ListingQuery {
  page: number;
  pageSize: number;
  /** A category slug. */
  category?: string;
  q?: string;
  sort: ProductSort;
}

export interface ProductPage {
  items: ProductSummary[];
  page: number;
  pageSize: number;
  total: number;
}
