import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import { requireRole, requireSession } from '../auth/guard';
import { RequestError } from '../errors';
import type { RequestContext, Session } from '../session/current';
import { MAX_JSON_BODY_BYTES, readJsonBody } from './body';
import { RequestCookieJar } from './cookie-jar';
import { classifyFailure, forwardedRequestId, RETRY_AFTER_SECONDS } from './failure';
import { jsonError, PRIVATE_CACHE_CONTROL } from './json';
import { clientIp, isCrossOrigin, isHttps } from './request-info';
import { parseInput } from './validation';

/*
 * The one wrapper every JSON route goes through, in this order: origin check (a non-GET naming another
 * origin → 403), path parameters and query (→ 400), session and role (→ 401/403), and only then the body:
 * read with a size cap (→ 413), JSON (→ 400), Zod (→ 400 with `fields`). A stranger is refused before
 * their payload is read or its schema revealed. Then the handler; its RequestErrors become their 4xx
 * (with any `extra` fields), a dependency's outage a 503 with Retry-After, anything else a logged 500.
 * Answers are `Cache-Control: private, no-store` unless the route is public and says otherwise (the
 * catalog's), and errors always are.
 *
 * Cookies are read from the Request and written onto the Response (not through next/headers), so a route
 * is a plain function of Request → Response that the tests drive with real Redis and PostgreSQL.
 */

export type Access = 'public' | 'user' | 'admin';

export interface RouteInput<Body, Params, Query> {
  request: NextRequest;
  ctx: RequestContext;
  body: Body;
  params: Params;
  query: Query;
  /** The session, for 'user' and 'admin' routes (always signed in there); null on public routes. */
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
  const access = options.access ?? 'public';
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
      if (!['GET', 'HEAD'].includes(request.method) && isCrossOrigin(request.headers)) {
        throw new RequestError(403, 'Requests from other sites are not allowed.');
      }
      const params = (await parseOptional(options.params, () => context?.params)) as Output<P>;
      const query = (await parseOptional(options.query, () =>
        firstValues(request.nextUrl.searchParams),
      )) as Output<Q>;
      const session = await authorize(ctx, access);
      const body = (await parseOptional(options.body, () =>
        readJsonBody(request, options.bodyLimit ?? MAX_JSON_BODY_BYTES),
      )) as Output<B>;
      const result = await run({ request, ctx, body, params, query, session });
      response = result instanceof NextResponse ? result : NextResponse.json(result);
    } catch (error) {
      failed = true;
      response = errorResponse(error, `route ${request.method} ${request.nextUrl.pathname}`, request);
    }
    // A failed request never hands out a session it may have begun before failing: its cookies are dropped.
    if (!failed) jar.writeTo(response);
    const publicAnswer = access === 'public' && !failed && options.cacheControl && !jar.wroteAny;
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

function authorize(ctx: RequestContext, access: Access): Promise<Session | null> | null {
  if (access === 'user') return requireSession(ctx);
  if (access === 'admin') return requireRole(ctx, 'admin');
  return null;
}

/** The JSON answer for a failed request: its 4xx, a 503 for an outage, a 500 for a bug. */
export function errorResponse(error: unknown, where: string, request?: Request): NextResponse {
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
