import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { withOwnCatalog } from '@/tooling/vitest/own-catalog';
import { getDb } from '../db/client';
import { TAG_CLOCK_SKEW_MS } from '../cache/internals';
import { products } from '../db/schema';
import { getProductDetail, invalidateProduct, listProducts } from './index';

// This file changes catalog rows: it works on a database and key prefix of its own.
withOwnCatalog('catalog_cache');

const firstProduct = async () => (await listProducts({ page: 1, pageSize: 1, sort: 'newest' })).items[0]!;

describe('catalog reads through the cache', () => {
  it('serves the cached product until the write invalidates it, then the new price at once', async () => {
    const { slug, id } = await firstProduct();
    const before = await getProductDetail(slug);
    await getDb().update(products).set({ priceCents: 4242 }).where(eq(products.id, id));
    // Not yet invalidated: the cache still answers (PostgreSQL is not asked).
    expect((await getProductDetail(slug))?.priceCents).toBe(before!.priceCents);
    await invalidateProduct(slug);
    expect((await getProductDetail(slug))?.priceCents).toBe(4242);
  });

  it('drops every listing page that may show a changed product', async () => {
    const { id } = await firstProduct();
    await getDb().update(products).set({ name: 'Renamed Lamp' }).where(eq(products.id, id));
    const { slug } = await firstProduct();
    expect((await firstProduct()).name).not.toBe('Renamed Lamp'); // still the cached page
    await invalidateProduct(slug);
    expect((await firstProduct()).name).toBe('Renamed Lamp');
  });

  it('remembers an unknown slug, and shows the product once its creation invalidates it', async () => {
    const slug = 'brand-new-kettle';
    expect(await getProductDetail(slug)).toBeNull();
    const { id } = await firstProduct();
    const [source] = await getDb().select().from(products).where(eq(products.id, id));
    await getDb()
      .insert(products)
      .values({ slug, name: 'Brand New Kettle', priceCents: 1999, stock: 3, categoryId: source!.categoryId });
    expect(await getProductDetail(slug)).toBeNull(); // the "not found" is remembered
    await invalidateProduct(slug);
    expect(await getProductDetail(slug)).toMatchObject({ slug, name: 'Brand New Kettle', priceCents: 1999 });
  });

  it('drops the pages that show a changed product among their related products', async () => {
    // The tests above invalidated this product just now, and a page loaded within a second of an
    // invalidation of one of its tags is not stored (lib/cache/tags.ts): let that second pass.
    await new Promise((resolve) => setTimeout(resolve, TAG_CLOCK_SKEW_MS));
    const { slug } = await firstProduct();
    const { related } = (await getProductDetail(slug))!;
    expect(related.length).toBeGreaterThan(0); // else there would be nothing to test
    const shown = related[0]!;
    const shownOn = async () => (await getProductDetail(slug))!.related.find((p) => p.id === shown.id);
    // Stock, not price: the related products are the nearest in price, and must stay the same four.
    const newStock = shown.stock + 1;
    await getDb().update(products).set({ stock: newStock }).where(eq(products.id, shown.id));
    expect((await shownOn())?.stock).toBe(shown.stock); // still cached: nothing was invalidated yet
    await invalidateProduct(shown.slug);
    expect((await shownOn())?.stock).toBe(newStock);
  });
});
