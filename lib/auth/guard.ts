import 'server-only';
import { RequestError } from '../errors';
import { currentSession, type RequestContext, type Role, type Session } from '../session/current';

/*
 * The one place that decides who may do what, whoever asks: the route wrapper (lib/http/handler.ts), the
 * data layer's own checks (lib/admin, lib/orders) and the pages (lib/auth/page-guard.ts). Each message
 * is written here once. The role is the session's: a role change ends the user's sessions (changeRole), so
 * a live session never carries a role its user no longer has.
 */

export const SIGNED_OUT_MESSAGE = 'Please log in first.';
export const FORBIDDEN_MESSAGE = 'Admins only.';

/** A session that belongs to a signed-in user. */
export type UserSession = Session & { userId: number };

/** The request's signed-in session; a 401 RequestError for a visitor or a guest. */
export async function requireSession(ctx: RequestContext): Promise<UserSession> {
  // currentSession is memoized per request context: every check of one request reads Redis once.
  const session = await currentSession(ctx);
  if (session?.userId == null) throw new RequestError(401, SIGNED_OUT_MESSAGE);
  return session as UserSession;
}

/** The request's session when its user has `role`; 401 signed out, 403 signed in without it. */
export async function requireRole(ctx: RequestContext, role: Role): Promise<UserSession> {
  const session = await requireSession(ctx);
  if (session.role !== role) throw new RequestError(403, FORBIDDEN_MESSAGE);
  return session;
}
