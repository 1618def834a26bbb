import { describe, expect, it } from 'vitest';
import { cacheKey, getCache } from '@/lib/cache';
import { productTag } from '@/lib/catalog/cache-keys';
import { getSql } from '@/lib/db/client';
import type { RequestContext } from '@/lib/session/current';
import { eventually } from '@/tooling/vitest/cache/harness';
import { newShopper } from '@/tooling/vitest/orders';
import { MemoryCookieJar } from '@/tooling/vitest/session';
import { notePageKey } from './cache-handlers/held-pages';
import { gatePage } from './page-gate';

// The gate's decisions on the real catalog (Redis and PostgreSQL), as proxy.ts asks them: which listings
// go to the route that caches them whole (and what that route answers asked for directly), unknown
// products, pages held whole, orders, the 503 page.

const guest = (): RequestContext => ({ cookies: new MemoryCookieJar(), secure: false, ip: '127.0.0.1' });
const gate = (path: string, ctx: RequestContext = guest()) =>
  gatePage({ url: new URL(path, 'http://shop.test'), context: () => ctx });

async function aCategory(): Promise<string> {
  const [row] = await getSql()<{ slug: string }[]>`select slug from categories order by id limit 1`;
  return row!.slug;
}

describe('the page gate and the cached listings', () => {
  it('sends browsable listings to their cached route, with the defaults written out', async () => {
    const category = await aCategory();
    expect(await gate('/products')).toEqual({ kind: 'rewrite', path: '/listing/_all/newest/1' });
    expect(await gate('/products?page=2&sort=price-asc')).toEqual({
      kind: 'rewrite',
      path: '/listing/_all/price-asc/2',
    });
    expect(await gate(`/products?category=${category}`)).toEqual({
      kind: 'rewrite',
      path: `/listing/${category}/newest/1`,
    });
  });

  it('renders per request what must not fill the cache: searches, unknown categories, pages past the last', async () => {
    for (const path of ['/products?q=lamp', '/products?category=no-such-category', '/products?page=9999']) {
      expect(await gate(path), path).toEqual({ kind: 'pass' });
    }
    // A query the page explains (not a listing at all) is the page's to answer.
    expect(await gate('/products?sort=bogus')).toEqual({ kind: 'pass' });
  });

  it('answers the cached route directly only for what a listing would rewrite to; the rest is the 404 page', async () => {
    expect(await gate('/listing/_all/newest/1')).toEqual({ kind: 'pass' });
    for (const path of [
      '/listing/no-such-category/newest/1',
      '/listing/_all/newest/9999',
      '/listing/_all/bogus/1',
      '/listing/_all/newest/0',
      '/listing/__build-placeholder__/newest/1',
    ]) {
      expect(await gate(path), path).toEqual({ kind: 'not-found', what: 'page' });
    }
  });

  it('answers an unknown product with the 404 page', async () => {
    expect(await gate('/products/no-such-product')).toEqual({ kind: 'not-found', what: 'page' });
  });
});

describe('the page gate and pages held whole', () => {
  it('sends a page this process holds whole as it is, without reading its data, until it is dropped', async () => {
    // A page as the page cache keeps it (Next.js's key, the engine's entry, its product's tag), for a
    // slug the catalog does not have: only a gate that reads no data can let it through.
    const slug = `held-${Date.now()}`;
    const nextKey = `/route-cache/APP_PAGE/0123abcd/$/products/${slug}`;
    const key = cacheKey('page', `gate-test:${slug}`);
    await eventually(() => getCache().status().bus === 'up', 5000, 'the bus (L1 is on only while it is up)');
    expect(await gate(`/products/${slug}`)).toEqual({ kind: 'not-found', what: 'page' });

    const stored = await getCache().storeProduced(
      key,
      { html: 'a page' },
      { tags: [productTag(slug)], startedAt: Date.now(), l1TtlSeconds: 60 },
    );
    expect(stored).toBe(true);
    notePageKey(nextKey, key);
    expect(await gate(`/products/${slug}`)).toEqual({ kind: 'pass' });

    await getCache().invalidateTags(productTag(slug)); // an admin write to the product
    expect(await gate(`/products/${slug}`)).toEqual({ kind: 'not-found', what: 'page' });
  });
});

describe('the page gate and the other pages', () => {
  it('asks the order page one question: signed in, then the order is theirs (the same 404 otherwise)', async () => {
    expect(await gate('/orders/1')).toEqual({ kind: 'redirect', location: '/login?next=%2Forders%2F1' });
    const shopper = await newShopper();
    for (const id of ['2000000000', 'abc', '0']) {
      expect(await gate(`/orders/${id}`, shopper.request()), id).toEqual({
        kind: 'not-found',
        what: 'order',
      });
    }
  });

  it('answers /unavailable itself, coming back to a path of this site only', async () => {
    expect(await gate('/unavailable?from=%2Fproducts%3Fpage%3D2')).toEqual({
      kind: 'unavailable',
      retry: '/products?page=2',
    });
    expect(await gate('/unavailable?from=https%3A%2F%2Fevil.test')).toEqual({
      kind: 'unavailable',
      retry: '/',
    });
  });

  it('lets through what is not a page of the table', async () => {
    for (const path of ['/images/products/1.svg', '/icon.svg', '/no-such-page', '/products/a/b']) {
      expect(await gate(path), path).toEqual({ kind: 'pass' });
    }
  });
});
