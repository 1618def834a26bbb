import { NextResponse, type NextRequest } from 'next/server';
import { gatePage, type GateDecision } from './lib/auth/page-gate';
import { RequestCookieJar } from './lib/http/cookie-jar';
import { RETRY_AFTER_SECONDS } from './lib/http/failure';
import { clientIp, isCrossOrigin, isHttps } from './lib/http/request-info';
import { callsCacheFunction } from './lib/http/server-functions';
import { statusPage } from './lib/http/status-page';

/*
 * Runs before Next.js matches a route, for what a page cannot answer itself:
 *
 * - A status that must be true (lib/auth/page-gate.ts): with Cache Components a page streams its shell,
 *   and a 200, before its own checks run. So the login redirect of the personal pages, the admin pages'
 *   403, an order's 404 and an unknown product's 404 are decided here, before anything is sent.
 * - A category or "all products" listing is rewritten to the route that caches it whole (app/(shop)/listing):
 *   /products reads its query string, so Next.js would render it for every request.
 * - A path whose %-escapes are not UTF-8 (`/products/%FF`, a bare `%`): Next.js decodes dynamic segments
 *   itself and, in production, answers such a path with a bare 500 that nothing logs
 *   (vercel/next.js#92527). Here it is the client's 400: `{error}` under /api, a short page elsewhere.
 * - A POST to a page (a server action) gets the checks the API's route wrapper makes (lib/http/handler.ts):
 *   another origin is a 403 (Next.js's own refusal is a 500), a body past Next.js's 1 MB cap for actions a
 *   413 (also a 500 there). And a call of a `'use cache'` function, which Next.js would run for anyone
 *   with any arguments, is a 404 (lib/http/server-functions.ts).
 *
 * Everything else passes untouched, and the matcher keeps Next's own static files out of it.
 */

/** An address no route serves: Next.js answers it with its prerendered 404 page (app/not-found.tsx). */
const NO_ROUTE = '/_unknown-page';

export async function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  if (!decodes(pathname)) {
    return refusal(pathname, 400, 'The address is not valid: its %-escapes are not UTF-8 text.');
  }
  if (pathname.startsWith('/api/')) return NextResponse.next();
  if (request.method !== 'GET' && request.method !== 'HEAD') return checkPost(request);
  const jar = new RequestCookieJar(request);
  const ctx = { cookies: jar, secure: isHttps(request.headers, request.url), ip: clientIp(request.headers) };
  const decision = await gatePage(ctx, pathname, searchParams);
  const response = answer(decision, request);
  // A check may end a session (a disabled account): the cookie goes with whatever is answered.
  if (response instanceof NextResponse) jar.writeTo(response);
  return response;
}

function answer(decision: GateDecision, request: NextRequest): Response {
  switch (decision.kind) {
    case 'pass':
      return NextResponse.next();
    case 'rewrite':
      return NextResponse.rewrite(samePlace(request, decision.path));
    case 'redirect':
      return NextResponse.redirect(new URL(decision.location, request.url), 307);
    case 'forbidden':
      return statusPage({
        status: 403,
        title: '403 — Admins only',
        message:
          'This part of the shop is for the store’s admins. If you should have access, log in with an admin account.',
        link: { href: '/', label: 'Back to the shop' },
      });
    case 'unavailable':
      return statusPage({
        status: 503,
        title: 'Temporarily unavailable',
        message: `This page can’t be shown right now because part of the shop is not answering. It’s usually brief: we’ll try again in ${RETRY_AFTER_SECONDS} seconds.`,
        link: { href: `${request.nextUrl.pathname}${request.nextUrl.search}`, label: 'Try again now' },
        refreshSeconds: RETRY_AFTER_SECONDS,
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      });
    case 'not-found':
      if (decision.what === 'page') return NextResponse.rewrite(samePlace(request, NO_ROUTE));
      return statusPage({
        status: 404,
        title: 'We couldn’t find that order',
        message: 'There is no order at this address in your account.',
        link: { href: '/account', label: 'Your orders' },
      });
  }
}

/**
 * Another path on this server, for a rewrite, on the origin the server was asked on (request.url: see
 * skipProxyUrlNormalize in next.config.ts). A URL of any other origin, even `localhost` for `127.0.0.1`,
 * is proxied over HTTP: a second request to this server.
 */
function samePlace(request: NextRequest, pathname: string): URL {
  return new URL(pathname, request.url);
}

/** Next.js's default `serverActions.bodySizeLimit`: it refuses a larger action body, but with a 500. */
const ACTION_BODY_LIMIT = 1024 * 1024;

async function checkPost(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  if (isCrossOrigin(request.headers))
    return refusal(pathname, 403, 'Requests from other sites are not allowed.');
  if (Number(request.headers.get('content-length') ?? 0) > ACTION_BODY_LIMIT) {
    return refusal(pathname, 413, 'The body is larger than 1 MB.');
  }
  if (await callsCacheFunction(request)) return refusal(pathname, 404, 'There is no such action.');
  return NextResponse.next();
}

/** A refusal before Next.js sees the request: `{error}` under /api, a short plain page elsewhere. */
function refusal(pathname: string, status: 400 | 403 | 404 | 413, error: string) {
  const headers = { 'Cache-Control': 'private, no-store' };
  if (pathname.startsWith('/api/')) {
    return NextResponse.json({ error }, { status, headers });
  }
  const title = { 400: 'Bad request', 403: 'Forbidden', 404: 'Not found', 413: 'Too large' }[status];
  const html = `<!doctype html><title>${title}</title><h1>${title}</h1><p>${error}</p>`;
  return new NextResponse(html, {
    status,
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
