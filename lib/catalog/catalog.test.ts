import { describe, expect, it } from 'vitest';
import { getProductDetail, getFeaturedProducts, listCategories, listProducts } from './index';
import type { ListingQuery } from './types';

// The run's database holds the deterministic 60-product catalog made by test/global-setup.ts.
const query = (overrides: Partial<ListingQuery> = {}): ListingQuery => ({
  page: 1,
  pageSize: 24,
  sort: 'newest',
  ...overrides,
});

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

  it('sorts by price and by name', async () => {
    const byPrice = await listProducts(query({ sort: 'price-asc', pageSize: 60 }));
    const prices = byPrice.items.map((item) => item.priceCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const byName = await listProducts(query({ sort: 'name-desc', pageSize: 60 }));
    const names = byName.items.map((item) => item.name);
    expect(names[0]! >= names[names.length - 1]!).toBe(true);
  });

  it('finds a product by a word of its name, and nothing for nonsense', async () => {
    const { items } = await listProducts(query({ pageSize: 1 }));
    const target = items[0]!;
    const word = target.name.split(' ').at(-1)!;
    const hits = await listProducts(query({ q: word, sort: 'relevance', pageSize: 100 }));
    expect(hits.items.map((item) => item.id)).toContain(target.id);
    const misses = await listProducts(query({ q: 'zzqxv nonexistentword', sort: 'relevance' }));
    expect(misses.total).toBe(0);
    // Operators and stray quotes from a shopper's keyboard must not become SQL errors.
    await expect(listProducts(query({ q: '"unbalanced & | ! (', sort: 'relevance' }))).resolves.toBeDefined();
  });

  it('builds the product page: rating from the reviews, latest five, four related in the category', async () => {
    const { items } = await listProducts(query({ pageSize: 1 }));
    const detail = await getProductDetail(items[0]!.slug);
    expect(detail).not.toBeNull();
    const { rating, latestReviews, related } = detail!;
    expect(rating.byStars.reduce((a, b) => a + b, 0)).toBe(rating.count);
    expect(rating.average).toBeGreaterThanOrEqual(rating.count ? 1 : 0);
    expect(rating.average).toBeLessThanOrEqual(5);
    expect(latestReviews.length).toBe(Math.min(5, rating.count));
    const dates = latestReviews.map((review) => review.createdAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(related.length).toBeLessThanOrEqual(4);
    expect(related.every((p) => p.category === detail!.category && p.id !== detail!.id)).toBe(true);
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
