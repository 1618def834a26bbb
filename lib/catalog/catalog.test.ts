import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { getConfig } from '../config';
import { getProductDetail, getFeaturedProducts, listCategories, listProducts } from './index';
import type { ListingQuery, ProductSort, ProductSummary } from './types';

// The run's database holds the deterministic 60-product catalog made by tooling/vitest/global-setup.ts.

// The test's own client, with postgres.js's array types (the app's pool goes without: lib/db/client.ts).
const compare = postgres(getConfig().DATABASE_URL, { max: 1, onnotice: () => {} });
afterAll(() => compare.end({ timeout: 1 }));
const query = (overrides: Partial<ListingQuery> = {}): ListingQuery => ({
  page: 1,
  pageSize: 24,
  sort: 'newest',
  ...overrides,
});

/**
 * The positions in `items` where a product does not come after the one before it in `sort`'s order (ties
 * by id, the same way). Names are compared by PostgreSQL, so by the database's collation as ORDER BY does.
 */
async function outOfOrder(items: ProductSummary[], sort: ProductSort): Promise<number[]> {
  const descending = sort.endsWith('-desc');
  const pairs = items.slice(1).map((item, index) => {
    const before = items[index]!;
    return descending ? [item, before] : [before, item]; // [should be first, should be second]
  });
  const [first, second] = [pairs.map((pair) => pair[0]!), pairs.map((pair) => pair[1]!)];
  if (sort.startsWith('price')) {
    return pairs.flatMap(([a, b], index) =>
      a!.priceCents < b!.priceCents || (a!.priceCents === b!.priceCents && a!.id < b!.id) ? [] : [index + 1],
    );
  }
  const rows = await compare<{ at: number }[]>`
    select (at)::int as at from unnest(
      ${first.map((p) => p.name)}::text[], ${second.map((p) => p.name)}::text[],
      ${first.map((p) => p.id)}::int[], ${second.map((p) => p.id)}::int[]
    ) with ordinality as pair(a, b, a_id, b_id, at)
    where not (a < b or (a = b and a_id < b_id))`;
  return rows.map((row) => row.at);
}

describe('catalog reads (real PostgreSQL)', () => {
  it('pages through the whole catalog without gaps or repeats', async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => listProducts(query({ page }))));
    expect(pages.map((p) => p.items.length)).toEqual([24, 24, 12]);
    expect(pages.every((p) => p.total === 60)).toBe(true);
    const ids = pages.flatMap((p) => p.items.map((item) => item.id));
    expect(new Set(ids).size).toBe(60);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('filters by category and counts only that category', async () => {
    const [category] = await listCategories();
    const page = await listProducts(query({ category: category!.slug, pageSize: 100 }));
    expect(page.total).toBe(page.items.length);
    expect(page.items.every((item) => item.category === category!.slug)).toBe(true);
    const unknown = await listProducts(query({ category: 'no-such-category' }));
    expect(unknown).toMatchObject({ items: [], total: 0 });
  });

  it('sorts the whole catalog by price and by name, both ways, ties by id', async () => {
    for (const sort of ['price-asc', 'price-desc', 'name-asc', 'name-desc'] as const) {
      const { items } = await listProducts(query({ sort, pageSize: 60 }));
      expect(new Set(items.map((item) => item.id)).size, sort).toBe(60);
      expect(await outOfOrder(items, sort), sort).toEqual([]);
    }
  });

  it('finds a product by a word of its name, and nothing for nonsense', async () => {
    const { items } = await listProducts(query({ pageSize: 1 }));
    const target = items[0]!;
    const word = target.name.split(' ').at(-1)!;
    const hits = await listProducts(query({ q: word, sort: 'relevance', pageSize: 100 }));
    expect(hits.items.map((item) => item.id)).toContain(target.id);
    const misses = await listProducts(query({ q: 'zzqxv nonexistentword', sort: 'relevance' }));
    expect(misses.total).toBe(0);
    // Operators and stray quotes from a shopper's keyboard are neither SQL errors nor operators: around a
    // real word they still find it, and around a word no product has they find nothing.
    const noisy = await listProducts(query({ q: `"${word} & | ! (`, sort: 'relevance', pageSize: 100 }));
    expect(noisy.items.map((item) => item.id)).toEqual(hits.items.map((item) => item.id));
    expect(await listProducts(query({ q: '"unbalanced & | ! (', sort: 'relevance' }))).toMatchObject({
      items: [],
      total: 0,
    });
  });

  it('builds the product page: rating from the reviews, latest five, four related in the category', async () => {
    // The fullest category of the seeded 60, so that it holds four products besides the one shown.
    const listings = await Promise.all(
      (await listCategories()).map((category) =>
        listProducts(query({ category: category.slug, pageSize: 100 })),
      ),
    );
    const { items: inCategory } = listings.reduce((a, b) => (b.total > a.total ? b : a));
    expect(inCategory.length).toBeGreaterThanOrEqual(5);
    const detail = await getProductDetail(inCategory[0]!.slug);
    expect(detail).not.toBeNull();
    const { rating, latestReviews, related } = detail!;
    expect(rating.byStars.reduce((a, b) => a + b, 0)).toBe(rating.count);
    expect(rating.average).toBeGreaterThanOrEqual(rating.count ? 1 : 0);
    expect(rating.average).toBeLessThanOrEqual(5);
    expect(latestReviews.length).toBe(Math.min(5, rating.count));
    const dates = latestReviews.map((review) => review.createdAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(related).toHaveLength(4);
    expect(related.every((p) => p.category === detail!.category && p.id !== detail!.id)).toBe(true);
    // The four nearest in price: none of the category's others is nearer than the farthest of them.
    const distance = (p: ProductSummary) => Math.abs(p.priceCents - detail!.priceCents);
    const relatedIds = new Set(related.map((p) => p.id));
    const others = inCategory.filter((p) => p.id !== detail!.id && !relatedIds.has(p.id));
    const farthest = Math.max(...related.map(distance));
    expect(others.every((p) => distance(p) >= farthest)).toBe(true);
  });

  it('answers null for unknown and malformed slugs', async () => {
    expect(await getProductDetail('no-such-product')).toBeNull();
    expect(await getProductDetail('../../etc/passwd')).toBeNull();
    expect(await getProductDetail('x'.repeat(10_000))).toBeNull();
  });

  it('features in-stock products only', async () => {
    const featured = await getFeaturedProducts(8);
    expect(featured.length).toBe(8);
    expect(featured.every((p) => p.stock > 0)).toBe(true);
  });
});
