import { NextResponse, type NextRequest } from 'next/server';

/*
 * Runs before Next.js matches a route, for the one input it cannot survive: a path whose %-escapes are
 * not UTF-8 (`/products/%FF`, a bare `%`). Next.js decodes dynamic segments itself and, in production,
 * answers such a path with a bare 500 that nothing logs (vercel/next.js#92527). Here it is the client's
 * 400: `{error}` under /api as every API error, a short page elsewhere. Any other path passes untouched,
 * and the matcher keeps Next's own static files out of it.
 */

export function proxy(request: NextRequest) {
  if (decodes(request.nextUrl.pathname)) return NextResponse.next();
  const error = 'The address is not valid: its %-escapes are not UTF-8 text.';
  const headers = { 'Cache-Control': 'private, no-store' };
  if (request.nextUrl.pathname.startsWith('/api/')) {
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
