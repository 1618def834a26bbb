import { NextResponse } from 'next/server';
import { saleIdParamsSchema } from '@/lib/admin/sales/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import {
  joinSaleLine,
  rememberedWaiter,
  rememberedWaiterWhenAway,
  saleLineStatus,
  type LineStatusBody,
} from '@/lib/queue';
import type { Session } from '@/lib/session/current';

/*
 * A sale's line (CONTRACT.md, "The line"; lib/queue): signed in only (401). Both answer the caller's
 * status `{status, position, ahead, estimatedWaitSeconds, retryAfterSeconds}` with `Retry-After` equal to
 * `retryAfterSeconds`, and set the admission cookie once admitted. 404 for an unknown sale or one without
 * a line. Redis away: joining is a 503 with Retry-After; the status is the last reading with `paused: true`.
 */

type Caller = Session & { userId: number };

const withRetryAfter = (body: LineStatusBody) =>
  NextResponse.json(body, { headers: { 'Retry-After': String(body.retryAfterSeconds) } });

/** Joins the line (one place per account; a repeat answers the same place); 409 once the sale ended. */
export const POST = route({ access: 'user', params: saleIdParamsSchema }, async ({ ctx, params, session }) =>
  withRetryAfter(await joinSaleLine(ctx, session as Caller, params.id)),
);

/** Where the caller stands; 404 for an account not in the line. */
export const GET = route(
  // A waiter this instance answered lately is known without reading the session again (polls cost no Redis
  // command), and while Redis is away is still answered, paused.
  {
    access: 'user',
    params: saleIdParamsSchema,
    rememberedSession: rememberedWaiter,
    sessionWhenAway: rememberedWaiterWhenAway,
  },
  async ({ ctx, params, session }) => withRetryAfter(await saleLineStatus(ctx, session as Caller, params.id)),
);

/** Any other method: 405 `{error}` (after the route's own sign-in check) instead of Next.js's empty 405. */
export const { PUT, PATCH, DELETE } = otherMethods('user', ['GET', 'POST']);
