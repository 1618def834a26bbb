import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import { checkCaller, requireRole, requireSession, requireSignedInSession } from '../auth/guard';
import { isOutage, RequestError } from '../errors';
import type { RequestContext, Session } from '../session/current';
import { MAX_JSON_BODY_BYTES, readJsonBody } from './body';
import { RequestCookieJar } from './cookie-jar';
import { classifyFailure, forwardedRequestId, RETRY_AFTER_SECONDS } from './failure';
import { jsonError, PRIVATE_CACHE_CONTROL } from './json';
import { clientIp, isCrossOrigin, isHttps } from './request-info';
import { parseInput } from './validation';

/*
 * The one wrapper every JSON route goes through, in this order: origin check (a non-GET naming another
 * origin → 403), then who is calling (→ 401/403: see Access), and only then what they sent: path
 * parameters and query (→ 400), the body read with a size cap (→ 413), JSON (→ 400), Zod (→ 400 with
 * `fields`). A stranger is refused before anything they sent is read or its schema revealed: signed out
 * is a 401 whatever the input. Then the handler; its RequestErrors become their 4xx (with any `extra`
 * fields), a dependency's outage a 503 with Retry-After, anything else a logged 500. Answers are
 * `Cache-Control: private, no-store` unless the route is public and says otherwise (the catalog's), and
 * errors always are.
 *
 * Cookies are read from the Request and written onto the Response (not through next/headers), so a route
 * is a plain function of Request → Response that the tests drive with real Redis and PostgreSQL.
 */

/**
 * Who may call a route, checked first (lib/auth/guard.ts, rights read from PostgreSQL):
 * - `visitor` (the default): anyone, but a signed-in caller's account is checked: a disabled one is signed
 *   out and answered 401. For every route that reads the session (the cart, the viewer, /api/auth/me).
 * - `user`: signed in (401 otherwise); `admin`: signed in with the admin role (401, 403).
 * - `public`: the wrapper does not look at the session at all (the catalog, health, metrics, and the
 *   sign-in routes, which handle the session themselves); only these may be cached publicly.
 */
export type Access = 'public' | 'visitor' | 'session' | 'user' | 'admin';

export interface RouteInput<Body, Params, Query> {
  request: NextRequest;
  ctx: RequestContext;
  body: Body;
  params: Params;
  query: Query;
  /**
   * The session, its role from PostgreSQL: always signed in on 'user' and 'admin' routes, a visitor's or
   * guest's (or null) on 'visitor' routes, null on public routes.
   */
  session: Session | null;
}

export interface RouteOptions<
  B extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
> {
  body?: B;
  params?: P;
  /** The query string as an object of its first values. */
  query?: Q;
  access?: Access;
  /** The largest body accepted, in bytes (default 8 KB: every shop form fits in a fraction of it). */
  bodyLimit?: number;
  /** Cache-Control of a successful answer on a public route (default `private, no-store`). */
  cacheControl?: string;
  /**
   * Who a `user` route's caller is from what this process remembers of them, asked before the sessions
   * Redis (a line's status poll, lib/queue/waiters.ts: a waiter's polls then cost no Redis command, and
   * are still answered while Redis is away); null, or no such function, and the session is read as usual.
   */
  rememberedSession?: (ctx: RequestContext) => Promise<Session | null>;
  /**
   * Who a `user` route's caller is when the sessions Redis cannot be asked, from what this process
   * remembers of them; null, or no such function, and the request is the outage's 503 as usual.
   */
  sessionWhenAway?: (ctx: RequestContext) => Promise<Session | null>;
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function route<
  B extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<B, P, Q>,
  run: (input: RouteInput<Output<B>, Output<P>, Output<Q>>) => Promise<NextResponse | object>,
) {
  const access = options.access ?? 'visitor';
  return async (request: NextRequest, context?: RouteContext): Promise<NextResponse> => {
    const jar = new RequestCookieJar(request);
    const ctx: RequestContext = {
      cookies: jar,
      secure: isHttps(request.headers, request.url),
      ip: clientIp(request.headers),
    };
    let response: NextResponse;
    let failed = false;
    try {
      if (!['GET', 'HEAD'].includes(request.method) && isCrossOrigin(request.headers, request.url)) {
        throw new RequestError(403, 'Requests from other sites are not allowed.');
      }
      const session =
        (await options.rememberedSession?.(ctx)) ??
        (await authorize(ctx, access).catch(async (error: unknown) => {
          const remembered = isOutage(error) ? await options.sessionWhenAway?.(ctx) : null;
          if (!remembered) throw error;
          return remembered;
        }));
      const params = (await parseOptional(options.params, () => context?.params)) as Output<P>;
      const query = (await parseOptional(options.query, () =>
        firstValues(request.nextUrl.searchParams),
      )) as Output<Q>;
      const body = (await parseOptional(options.body, () =>
        readJsonBody(request, options.bodyLimit ?? MAX_JSON_BODY_BYTES),
      )) as Output<B>;
      const result = await run({ request, ctx, body, params, query, session });
      response = result instanceof NextResponse ? result : NextResponse.json(result);
    } catch (error) {
      failed = true;
      response = errorResponse(error, `route ${request.method} ${request.nextUrl.pathname}`, request);
    }
    // A failed request never hands out a session it may have begun before failing: only the cookies it
    // cleared go out (a disabled account's 401 signs the browser out).
    jar.writeTo(response, { clearsOnly: failed });
    // A public route's handler may keep one answer out of shared caches by marking it private itself.
    const markedPrivate = response.headers.get('Cache-Control')?.startsWith('private') ?? false;
    const publicAnswer =
      access === 'public' && !failed && options.cacheControl && !jar.wroteAny && !markedPrivate;
    response.headers.set('Cache-Control', publicAnswer ? options.cacheControl! : PRIVATE_CACHE_CONTROL);
    return response;
  };
}

async function parseOptional<S extends z.ZodType | undefined>(
  schema: S,
  read: () => unknown,
): Promise<Output<S>> {
  const value: unknown = schema ? parseInput(schema, await read()) : undefined;
  return value as Output<S>;
}

function firstValues(searchParams: URLSearchParams): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of searchParams) values[name] ??= value;
  return values;
}

async function authorize(ctx: RequestContext, access: Access): Promise<Session | null> {
  if (access === 'visitor') return checkCaller(ctx);
  if (access === 'user') return requireSession(ctx);
  // Signed in by the session alone: the handler reads the rights before it asks PostgreSQL (checkout).
  if (access === 'session') return requireSignedInSession(ctx);
  if (access === 'admin') return requireRole(ctx, 'admin');
  return null;
}

/** The JSON answer for a failed request: its 4xx, a 503 for an outage, a 500 for a bug. */
function errorResponse(error: unknown, where: string, request?: Request): NextResponse {
  const requestId = request ? forwardedRequestId(request.headers) : undefined;
  const failure = classifyFailure(error, where, requestId);
  switch (failure.kind) {
    case 'request': {
      const { status, message, fields, retryAfterSeconds, extra } = failure.error;
      const headers = retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : undefined;
      return jsonError(status, message, fields, headers, extra);
    }
    case 'unavailable':
      return jsonError(503, 'The shop cannot do that right now. Please try again in a moment.', undefined, {
        'Retry-After': String(RETRY_AFTER_SECONDS),
      });
    case 'bug':
      return jsonError(
        500,
        'Something went wrong on our side.',
        undefined,
        {
          'X-Request-Id': failure.requestId,
        },
        { requestId: failure.requestId },
      );
  }
}
