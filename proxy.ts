import { NextResponse, type NextRequest } from 'next/server';
import { getProductDetail } from './lib/catalog';

/*
 * Runs before Next.js matches a route, for two inputs it cannot answer well.
 *
 * An unknown product: its page would answer 404 with an empty error shell whose "not found" text appears
 * only after JavaScript runs (vercel/next.js#62228). Here the product is looked up in the catalog cache
 * (an L1 or Redis hit, or one remembered "not found") and an unknown one is rewritten to an address no
 * route serves, so Next.js answers with its prerendered 404 page (app/not-found.tsx): plain HTML, status
 * 404. When the catalog cannot be asked, the page decides as before.
 *
 * A path whose %-escapes are a path whose %-escapes are
 * not UTF-8 (`/products/%FF`, a bare `%`). Next.js decodes dynamic segments itself and, in production,
 * answers such a path with a bare 500 that nothing logs (vercel/next.js#92527). Here it is the client's
 * 400: `{error}` under /api as every API error, a short page elsewhere. Any other path passes untouched,
 * and the matcher keeps Next's own static files out of it.
 */

const PRODUCT_PAGE = /^\/products\/([^/]+)$/;
/** An address no route of the app serves. */
const NO_ROUTE = '/_unknown-product';

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (!decodes(pathname)) return badRequest(pathname);
  const slug = PRODUCT_PAGE.exec(pathname)?.[1];
  if (slug !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
    const detail = await getProductDetail(decodeURIComponent(slug)).catch(() => undefined);
    if (detail === null) {
      return NextResponse.rewrite(new URL(NO_ROUTE, request.url));
    }
  }
  return NextResponse.next();
}

function badRequest(pathname: string) {
  const error = 'The address is not valid: its %-escapes are not UTF-8 text.';
  const headers = { 'Cache-Control': 'private, no-store' };
  if (pathname.startsWith('/api/')) {
    return NextResponse.json({ error }, { status: 400, headers });
  }
  const html = `<!doctype html><title>Bad request</title><h1>Bad request</h1><p>${error}</p>`;
  return new NextResponse(html, {
    status: 400,
    headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
  });
}

function decodes(path: string): boolean {
  if (!path.includes('%')) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
