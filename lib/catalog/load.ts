import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { getDb } from '../db/client';
import { categories, products, reviews } from '../db/schema';
import { productImagePath } from './format';
import type {
  Category,
  ListingQuery,
  ProductDetail,
  ProductPage,
  ProductSort,
  ProductSummary,
  RatingSummary,
  Review,
} from './types';

/**
 * The catalog's PostgreSQL reads. Each function is one page's worth of SQL, returning plain objects; the
 * cached versions in ./index.ts wrap them, and nothing else should call them directly.
 */

const summaryColumns = {
  id: products.id,
  slug: products.slug,
  name: products.name,
  priceCents: products.priceCents,
  stock: products.stock,
  category: categories.slug,
  imageUrl: products.imageUrl,
};

type SummaryRow = Omit<ProductSummary, 'imageUrl'> & { imageUrl: string | null };

// An admin may set an image (a path on this site); without one, the product's generated tile.
const toSummary = ({ imageUrl, ...row }: SummaryRow): ProductSummary => ({
  ...row,
  imageUrl: imageUrl ?? productImagePath(row.id),
});

export async function loadCategories(): Promise<Category[]> {
  return getDb()
    .select({
      id: categories.id,
      slug: categories.slug,
      name: categories.name,
      description: categories.description,
    })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.name));
}

export async function loadFeaturedProducts(limit: number): Promise<ProductSummary[]> {
  const rows = await getDb()
    .select(summaryColumns)
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(sql`${products.stock} > 0`)
    .orderBy(desc(products.id))
    .limit(limit);
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
  const db = getDb();
  // websearch_to_tsquery never fails on user input (unbalanced quotes, stray operators), unlike to_tsquery.
  const tsQuery = query.q ? sql`websearch_to_tsquery('english', ${query.q})` : undefined;
  const where = and(
    query.category ? eq(categories.slug, query.category) : undefined,
    tsQuery ? sql`${products.search} @@ ${tsQuery}` : undefined,
  );
  const [rows, [counted]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(where)
      .orderBy(...orderFor(query.sort, tsQuery))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(where),
  ]);
  return {
    items: rows.map(toSummary),
    page: query.page,
    pageSize: query.pageSize,
    total: counted?.total ?? 0,
  };
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
  const rows = await getDb()
    .select(summaryColumns)
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(and(eq(products.categoryId, categoryId), ne(products.id, productId)))
    .orderBy(sql`abs(${products.priceCents} - ${priceCents})`, asc(products.id))
    .limit(4);
  return rows.map(toSummary);
}

/** The product page's data: the store's heaviest read, and the one the cache saves most on. */
export async function loadProductDetail(slug: string): Promise<ProductDetail | null> {
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
    .innerJoin(categories, eq(categories.id, products.categoryId))
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
