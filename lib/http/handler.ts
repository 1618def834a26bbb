import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import { RequestError, UnavailableError } from '../errors';
import type { CookieJar } from '../session/cookie';
import { currentSession, type RequestContext, type Session } from '../session/current';
import { readJsonBody } from './body';
import { jsonError } from './json';
import { clientIp, isCrossOrigin, isHttps } from './request-info';
import { parseInput } from './validation';

/*
 * The one wrapper every personal JSON route goes through, in this order: origin check (a non-GET naming
 * another origin → 403), path parameters (→ 400), body read with a size cap (→ 413), JSON parse (→ 400),
 * Zod parse (→ 400 with `fields`), session and role (→ 401/403). Then the handler; its RequestErrors
 * become their 4xx, Redis or PostgreSQL being down a 503, anything else a logged 500. Every answer is
 * `Cache-Control: private, no-store`: it is about one visitor and must never sit in a shared cache.
 *
 * Cookies are read from the Request and written onto the Response (not through next/headers), so a route
 * is a plain function of Request → Response that the tests drive with real Redis and PostgreSQL.
 */

export type Access = 'public' | 'user' | 'admin';

export interface RouteInput<Body, Params> {
  request: NextRequest;
  ctx: RequestContext;
  body: Body;
  params: Params;
  /** The session, for 'user' and 'admin' routes (always signed in there). */
  session: Session | null;
}

export interface RouteOptions<B extends z.ZodType | undefined, P extends z.ZodType | undefined> {
  body?: B;
  params?: P;
  access?: Access;
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function route<
  B extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<B, P>,
  run: (input: RouteInput<Output<B>, Output<P>>) => Promise<NextResponse | object>,
) {
  return async (request: NextRequest, context?: RouteContext): Promise<NextResponse> => {
    const jar = new RequestCookieJar(request);
    const ctx: RequestContext = {
      cookies: jar,
      secure: isHttps(request.headers, request.url),
      ip: clientIp(request.headers),
    };
    let response: NextResponse;
    try {
      if (!['GET', 'HEAD'].includes(request.method) && isCrossOrigin(request.headers)) {
        throw new RequestError(403, 'Requests from other sites are not allowed.');
      }
      const params = (
        options.params ? parseInput(options.params, await context?.params) : undefined
      ) as Output<P>;
      const body = (
        options.body ? parseInput(options.body, await readJsonBody(request)) : undefined
      ) as Output<B>;
      const session = await authorize(ctx, options.access ?? 'public');
      const result = await run({ request, ctx, body, params, session });
      response = result instanceof NextResponse ? result : NextResponse.json(result);
    } catch (error) {
      response = errorResponse(error);
    }
    jar.writeTo(response);
    response.headers.set('Cache-Control', 'private, no-store');
    return response;
  };
}

async function authorize(ctx: RequestContext, access: Access): Promise<Session | null> {
  if (access === 'public') return null;
  const session = await currentSession(ctx);
  if (session?.userId == null) throw new RequestError(401, 'Please log in first.');
  if (access === 'admin' && session.role !== 'admin') throw new RequestError(403, 'Admins only.');
  return session;
}

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof RequestError) {
    const retry = error.retryAfterSeconds ? { 'Retry-After': String(error.retryAfterSeconds) } : undefined;
    return jsonError(error.status, error.message, error.fields, retry);
  }
  if (error instanceof UnavailableError) {
    console.error(`route: ${error.message}`);
    return jsonError(503, 'The shop cannot do that right now. Please try again in a moment.', undefined, {
      'Retry-After': '5',
    });
  }
  console.error('route: unexpected error', error);
  return jsonError(500, 'Something went wrong on our side.');
}

/** Cookies of one route call: read from the request, written (in order) onto the response. */
class RequestCookieJar implements CookieJar {
  private readonly written = new Map<string, { value: string; options?: Record<string, unknown> }>();

  constructor(private readonly request: NextRequest) {}

  get(name: string) {
    const mine = this.written.get(name);
    if (mine) return mine.value ? { name, value: mine.value } : undefined;
    return this.request.cookies.get(name);
  }

  set(name: string, value: string, options?: Record<string, unknown>) {
    this.written.set(name, { value, options });
  }

  writeTo(response: NextResponse) {
    for (const [name, { value, options }] of this.written) response.cookies.set(name, value, options);
  }
}
