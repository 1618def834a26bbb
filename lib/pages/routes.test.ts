import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchPageRoute, PAGE_ROUTES } from './routes';

// The page table against the app: every page Next.js serves has its row, and a path finds the row meant.

/** Each page of app/ as a path that reaches it: route groups left out, a `[param]` filled in. */
function appPagePaths(dir = 'app', prefix = ''): string[] {
  const paths: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === 'page.tsx') paths.push(prefix || '/');
    if (!entry.isDirectory() || entry.name.startsWith('_') || entry.name === 'api') continue;
    const segment = /^\(.*\)$/.test(entry.name) ? '' : `/${entry.name.replace(/^\[(\w+)\]$/, '$1-1')}`;
    paths.push(...appPagePaths(path.join(dir, entry.name), prefix + segment));
  }
  return paths;
}

describe('the page table', () => {
  it('has a row for every page of the app', () => {
    const pages = appPagePaths();
    expect(pages).toContain('/products/slug-1');
    for (const page of pages) expect(matchPageRoute(page), page).toBeDefined();
  });

  it('finds the row of a path, with its params as sent', () => {
    const at = (pathname: string) => {
      const match = matchPageRoute(pathname);
      return match && { pattern: match.route.pattern, params: match.params };
    };
    expect(at('/')).toEqual({ pattern: '/', params: {} });
    expect(at('/products')).toEqual({ pattern: '/products', params: {} });
    expect(at('/products/caf%C3%A9')).toEqual({ pattern: '/products/:slug', params: { slug: 'caf%C3%A9' } });
    expect(at('/listing/_all/newest/2')).toEqual({
      pattern: '/listing/:category/:sort/:page',
      params: { category: '_all', sort: 'newest', page: '2' },
    });
    expect(at('/queue/12')).toEqual({ pattern: '/queue/:saleId', params: { saleId: '12' } });
    expect(at('/admin')).toEqual({ pattern: '/admin/:path*', params: {} });
    expect(at('/admin/products/3/edit')).toEqual({
      pattern: '/admin/:path*',
      params: { path: 'products/3/edit' },
    });
    const others = [
      '/products/a/b',
      '/administrator',
      '/orders',
      '/queue',
      '/queue/1/2',
      '/api/products',
      '/icon.svg',
    ];
    for (const other of others) {
      expect(at(other), other).toBeUndefined();
    }
  });

  it('keeps the personal pages personal and the catalog shared', () => {
    const caching = Object.fromEntries(PAGE_ROUTES.map((route) => [route.pattern, route.caching]));
    const personal = [
      '/cart',
      '/login',
      '/register',
      '/account',
      '/orders/:id',
      '/queue/:saleId',
      '/admin/:path*',
    ];
    for (const pattern of personal) {
      expect(caching[pattern], pattern).toBe('personal');
    }
    for (const pattern of ['/', '/products/:slug', '/listing/:category/:sort/:page']) {
      expect(caching[pattern], pattern).toBe('whole');
    }
  });
});
