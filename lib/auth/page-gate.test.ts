import { describe, expect, it } from 'vitest';
import { getSql } from '@/lib/db/client';
import { MemoryCookieJar } from '@/test/session';
import { gatePage } from './page-gate';

// The gate's catalog decisions for a guest, on the real catalog (Redis and PostgreSQL): which listings go
// to the route that caches them whole, and what that route answers when asked for directly.

const guest = () => ({ cookies: new MemoryCookieJar(), secure: false, ip: '127.0.0.1' });
const gate = (path: string) => {
  const url = new URL(path, 'http://shop.test');
  return gatePage(guest(), url.pathname, url.searchParams);
};

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
