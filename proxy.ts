import { NextResponse, type NextRequest } from 'next/server';
import { RequestCookieJar } from './lib/http/cookie-jar';
import { BACK_HEADER, NOTICE_COOKIE, NOTICE_HEADER, noticeCookieOptions } from './lib/http/form-notice';
import { clientIp, isCrossOrigin, isHttps } from './lib/http/request-info';
import { callsCacheFunction } from './lib/http/server-functions';
import { isHiddenBenchPage } from './lib/pages/bench-pages';
import { gatePage, type GateDecision } from './lib/pages/page-gate';
import { matchPageRoute } from './lib/pages/routes';
import { forbiddenPage, orderNotFoundPage, unavailablePage } from './lib/pages/status-page';

/*
 * Runs before Next.js matches a route, for what a page cannot answer itself:
 *
 * - A status that must be true (lib/pages/page-gate.ts, by the page table lib/pages/routes.ts): with Cache
 *   Components a page streams its shell, and a 200, before its own checks run. So the login redirect of
 *   the personal pages, the admin pages' 403, an order's 404, an unknown product's 404 and a catalog
 *   page's 503 are decided here, before anything is sent. The 503 page is answered here only, also at
 *   /unavailable, where a page whose data failed while rendering sends its visitor. So is a queued sale's
 *   product page's 303 to its line for a visitor without an admission (the page is cached whole and shared).
 * - A category or "all products" listing is rewritten to the route that caches it whole (app/(shop)/listing):
 *   /products reads its query string, so Next.js would render it for every request.
 * - A path whose %-escapes are not UTF-8 (`/products/%FF`, a bare `%`): Next.js decodes dynamic segments
 *   itself and, in production, answers such a path with a bare 500 that nothing logs
 *   (vercel/next.js#92527). Here it is the client's 400: `{error}` under /api, a short page elsewhere.
 * - The benchmark's pages (/bench/*) are the site's 404 unless the instance runs with BENCH_PAGES=1
 *   (lib/pages/bench-pages.ts).
 * - A POST to a page (a server action) gets the checks the API's route wrapper makes (lib/http/handler.ts):
 *   another origin is a 403 (Next.js's own refusal is a 500), a body past Next.js's 1 MB cap for actions a
 *   413 (also a 500 there). And a call of a `'use cache'` function, which Next.js would run for anyone
 *   with any arguments, is a 404 (lib/http/server-functions.ts). A POST to a personal page is told where
 *   it came from (BACK_HEADER), so an action refused without JavaScript can send the browser back there
 *   with its message (lib/http/form-notice.ts); that page gets the message in a header and its answer
 *   clears the message's cookie.
 *
 * Everything else passes untouched, and the matcher keeps Next's own static files out of it.
 */

/** An address no route serves: Next.js answers it with its prerendered 404 page (app/not-found.tsx). */
const NO_ROUTE = '/_unknown-page';

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (!decodes(pathname)) {
    return refusal(pathname, 400, 'The address is not valid: its %-escapes are not UTF-8 text.');
  }
  if (isHiddenBenchPage(pathname)) return NextResponse.rewrite(samePlace(request, NO_ROUTE));
  if (pathname.startsWith('/api/')) return NextResponse.next();
  const read = request.method === 'GET' || request.method === 'HEAD';
  if (!read && isCrossOrigin(request.headers, request.url))
    return refusal(pathname, 403, 'Requests from other sites are not allowed.');
  // A POST is a server action (with JavaScript or without: a form's action id rides in its body).
  if (request.method === 'POST') return checkPost(request);
  // Made only for a page whose check reads the session: a catalog page needs none of it.
  let ctx: { cookies: RequestCookieJar; secure: boolean; ip: string } | undefined;
  const context = () =>
    (ctx ??= {
      cookies: new RequestCookieJar(request),
      secure: isHttps(request.headers, request.url),
      ip: clientIp(request.headers),
    });
  const decision = await gatePage({ url: request.nextUrl, context });
  // Pages are read with GET and HEAD: any other method gets the gate's answer (the login page for a
  // signed-out visitor, a 403, a 404), or a 405 where the gate would let a GET through.
  const passes = decision.kind === 'pass' || decision.kind === 'rewrite';
  const response = !read && passes ? methodNotAllowed() : answer(decision, request);
  // A check may end a session (a disabled account): the cookie goes with whatever is answered.
  if (ctx && response instanceof NextResponse) ctx.cookies.writeTo(response);
  return response;
}

const isPersonalPage = (pathname: string) => matchPageRoute(pathname)?.route.caching === 'personal';

/**
 * A personal page, handed the form notice its cookie holds (NOTICE_HEADER, which only this sets: one the
 * client sent is dropped), with the cookie cleared in the answer, so the notice shows once. A header, not
 * the cookie: a cookie this answer clears is already gone for the page's own render.
 */
function withNotice(request: NextRequest): NextResponse {
  // Elsewhere nothing reads the header, and the notice waits for the personal page it was meant for.
  if (!isPersonalPage(request.nextUrl.pathname)) return NextResponse.next();
  const notice = request.cookies.get(NOTICE_COOKIE)?.value;
  const headers = new Headers(request.headers);
  headers.delete(NOTICE_HEADER);
  if (notice) headers.set(NOTICE_HEADER, notice);
  const response = NextResponse.next({ request: { headers } });
  if (notice) {
    const secure = isHttps(request.headers, request.url);
    response.cookies.set(NOTICE_COOKIE, '', { ...noticeCookieOptions(secure), maxAge: 0 });
  }
  return response;
}

function answer(decision: GateDecision, request: NextRequest): Response {
  switch (decision.kind) {
    case 'pass':
      // Two lookups on every page view; the page table only for the rare request with a notice.
      return request.cookies.has(NOTICE_COOKIE) || request.headers.has(NOTICE_HEADER)
        ? withNotice(request)
        : NextResponse.next();
    case 'rewrite':
      return NextResponse.rewrite(samePlace(request, decision.path));
    case 'redirect':
      return NextResponse.redirect(new URL(decision.location, request.url), 307);
    case 'see-other': {
      // Per visitor (their cookies decide it): no cache may keep it.
      const response = NextResponse.redirect(new URL(decision.location, request.url), 303);
      response.headers.set('Cache-Control', 'private, no-store');
      return response;
    }
    case 'forbidden':
      return forbiddenPage();
    case 'unavailable':
      return unavailablePage(decision.retry);
    case 'not-found':
      if (decision.what === 'page') return NextResponse.rewrite(samePlace(request, NO_ROUTE));
      return orderNotFoundPage();
  }
}

function methodNotAllowed(): Response {
  return new Response('This page is read with GET.', {
    status: 405,
    headers: { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' },
  });
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
  if (Number(request.headers.get('content-length') ?? 0) > ACTION_BODY_LIMIT) {
    return refusal(pathname, 413, 'The body is larger than 1 MB.');
  }
  if (await callsCacheFunction(request)) return refusal(pathname, 404, 'There is no such action.');
  const headers = new Headers(request.headers);
  headers.delete(BACK_HEADER);
  if (isPersonalPage(pathname)) headers.set(BACK_HEADER, `${pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
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
