import { RequestError } from '../errors';
import type { RequestContext, Session } from '../session/current';
import { getSaleRegistry } from '../sales';
import { cookieAttributes } from '../session/cookie';
import { admissionCookieName, writeAdmission } from './admission';
import { joinLine, MIN_RETRY_SECONDS, standingOf, type QueueStatus } from './status';
import { rememberWaiter } from './waiters';

/*
 * `POST` and `GET /api/sales/{id}/queue` (CONTRACT.md): join the line, or ask where one stands. An
 * admitted shopper is given the admission cookie here (./admission.ts), bound to this session. When the
 * line cannot be read (Redis away) the answer is the last reading, `paused: true`: nobody is admitted
 * meanwhile, and the place is kept.
 */

/** The status as answered: `paused` while the line cannot be read. */
export type LineStatusBody = QueueStatus & { paused?: true };

/** A signed-in caller's session (the route wrapper's `user` access). */
type Caller = Session & { userId: number };

/** Joins `caller` to sale `saleId`'s line (a repeat keeps the place) and answers its status. */
export function joinSaleLine(ctx: RequestContext, caller: Caller, saleId: number): Promise<LineStatusBody> {
  return answer(ctx, caller, saleId, 'join');
}

/** Where `caller` stands in sale `saleId`'s line; 404 for an account that has not joined it. */
export function saleLineStatus(ctx: RequestContext, caller: Caller, saleId: number): Promise<LineStatusBody> {
  return answer(ctx, caller, saleId, 'read');
}

async function answer(
  ctx: RequestContext,
  caller: Caller,
  saleId: number,
  kind: 'join' | 'read',
): Promise<LineStatusBody> {
  // A malformed id is 0 (saleIdParamsSchema): not found, like an unknown sale.
  const record = saleId > 0 ? await getSaleRegistry().get(saleId) : undefined;
  if (!record) throw new RequestError(404, 'No such sale.');
  const read =
    kind === 'join' ? await joinLine(record, caller.userId) : await standingOf(record, caller.userId);
  const { body, admittedUntil } = read;
  const { stale } = read;
  if (body.status === 'admitted' && admittedUntil !== null) {
    const admission = { saleId, userId: caller.userId, sessionId: caller.id, expiresAt: admittedUntil };
    writeAdmission(ctx.cookies, admission, ctx.secure);
  } else if (body.status === 'ended' && !stale && ctx.cookies.get(admissionCookieName(saleId))) {
    // The turn is over (used by an order, or expired): a cookie given out earlier goes too.
    ctx.cookies.set(admissionCookieName(saleId), '', cookieAttributes(ctx.secure, 0));
  }
  if (!stale) {
    rememberWaiter(caller);
    return body;
  }
  // Paused: asked again soon, to learn when the line moves again.
  return { ...body, retryAfterSeconds: MIN_RETRY_SECONDS, paused: true };
}
