import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { getDb } from '../db/client';
import { pageOfProducts, productBaseColumns, productCategoryJoin, selectCategories } from '../db/products';
import { categories, products, reviews } from '../db/schema';
import { callDependency } from '../errors';
import { productImagePath } from './format';
import type {
  Category,
  ListingQuery,
  ProductDetail,
  ProductPage,
  ProductRef,
  ProductSort,
  ProductSummary,
  RatingSummary,
  Review,
} from './types';

/**
 * The catalog's PostgreSQL reads. Each function is one page's worth of SQL, returning plain objects; the
 * cached versions in ./index.ts wrap them, and nothing else should call them directly. PostgreSQL being
 * down is an UnavailableError (a 503 to the JSON routes, the "temporarily unavailable" page to pages);
 * any other failure is a bug and stays one.
 */

const summaryColumns = { ...productBaseColumns, imageUrl: products.imageUrl };

const selectSummaries = () =>
  getDb().select(summaryColumns).from(products).innerJoin(categories, productCategoryJoin).$dynamic();

type SummaryRow = Omit<ProductSummary, 'imageUrl'> & { imageUrl: string | null };

// An admin may set an image (a path on this site); without one, the product's generated tile.
const toSummary = ({ imageUrl, ...row }: SummaryRow): ProductSummary => ({
  ...row,
  imageUrl: imageUrl ?? productImagePath(row.id),
});

export function loadCategories(): Promise<Category[]> {
  return callDependency('postgres', () => selectCategories(getDb()));
}

export async function loadFeaturedProducts(limit: number): Promise<ProductSummary[]> {
  const rows = await callDependency('postgres', () =>
    selectSummaries()
      .where(sql`${products.stock} > 0`)
      .orderBy(desc(products.id))
      .limit(limit),
  );
  return rows.map(toSummary);
}

function orderFor(sort: ProductSort, tsQuery: SQL | undefined): SQL[] {
  switch (sort) {
    case 'relevance':
      return tsQuery
        ? [sql`ts_rank(${products.search}, ${tsQuery}) desc`, desc(products.id)]
        : [desc(products.id)];
    case 'price-asc':
      return [asc(products.priceCents), asc(products.id)];
    case 'price-desc':
      return [desc(products.priceCents), desc(products.id)];
    case 'name-asc':
      return [asc(products.name), asc(products.id)];
    case 'name-desc':
      return [desc(products.name), desc(products.id)];
    case 'newest':
      return [desc(products.id)];
  }
}

export async function loadProductPage(query: ListingQuery): Promise<ProductPage> {
  // websearch_to_tsquery never fails on user input (unbalanced quotes, stray operators), unlike to_tsquery.
  const tsQuery = query.q ? sql`websearch_to_tsquery('english', ${query.q})` : undefined;
  const where = and(
    query.category ? eq(categories.slug, query.category) : undefined,
    tsQuery ? sql`${products.search} @@ ${tsQuery}` : undefined,
  );
  const { page, pageSize } = query;
  const rows = selectSummaries()
    .where(where)
    .orderBy(...orderFor(query.sort, tsQuery));
  const { items, total } = await callDependency('postgres', () =>
    pageOfProducts(getDb(), rows, { where, page, pageSize }),
  );
  return { items: items.map(toSummary), page, pageSize, total };
}

async function loadRating(productId: number): Promise<RatingSummary> {
  const rows = await getDb()
    .select({ rating: reviews.rating, count: sql<number>`count(*)::int` })
    .from(reviews)
    .where(eq(reviews.productId, productId))
    .groupBy(reviews.rating);
  const byStars: RatingSummary['byStars'] = [0, 0, 0, 0, 0];
  let count = 0;
  let sum = 0;
  for (const row of rows) {
    byStars[row.rating - 1] = row.count;
    count += row.count;
    sum += row.rating * row.count;
  }
  return { average: count ? Math.round((sum / count) * 10) / 10 : 0, count, byStars };
}

async function loadLatestReviews(productId: number): Promise<Review[]> {
  const rows = await getDb()
    .select({
      id: reviews.id,
      rating: reviews.rating,
      author: reviews.author,
      body: reviews.body,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .where(eq(reviews.productId, productId))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(5);
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

async function loadRelated(
  productId: number,
  categoryId: number,
  priceCents: number,
): Promise<ProductSummary[]> {
  const rows = await selectSummaries()
    .where(and(eq(products.categoryId, categoryId), ne(products.id, productId)))
    .orderBy(sql`abs(${products.priceCents} - ${priceCents})`, asc(products.id))
    .limit(4);
  return rows.map(toSummary);
}

/** A product's name, slug and price by id (a cart line), or null. */
export async function loadProductRef(id: number): Promise<ProductRef | null> {
  const [row] = await callDependency('postgres', () =>
    getDb()
      .select({ id: products.id, slug: products.slug, name: products.name, priceCents: products.priceCents })
      .from(products)
      .where(eq(products.id, id))
      .limit(1),
  );
  return row ?? null;
}

/** The product page's data: the store's heaviest read, and the one the cache saves most on. */
export function loadProductDetail(slug: string): Promise<ProductDetail | null> {
  return callDependency('postgres', () => loadDetail(slug));
}

async function loadDetail(slug: string): Promise<ProductDetail | null> {
  const [row] = await getDb()
    .select({
      ...summaryColumns,
      description: products.description,
      categoryId: products.categoryId,
      categoryName: categories.name,
      version: products.version,
      updatedAt: products.updatedAt,
    })
    .from(products)
    .innerJoin(categories, productCategoryJoin)
    .where(eq(products.slug, slug))
    .limit(1);
  if (!row) return null;

  const { categoryId, updatedAt, ...product } = row;
  const [rating, latestReviews, related] = await Promise.all([
    loadRating(row.id),
    loadLatestReviews(row.id),
    loadRelated(row.id, categoryId, row.priceCents),
  ]);
  return {
    ...toSummary(product),
    description: product.description,
    categoryName: product.categoryName,
    version: product.version,
    updatedAt: updatedAt.toISOString(),
    rating,
    latestReviews,
    related,
  };
}
