import 'server-only';
import { RequestError } from '../errors';
import {
  currentSession,
  endSession,
  getSessionStore,
  type RequestContext,
  type Role,
  type Session,
} from '../session/current';
import { accountRights } from './rights';
import type { Account } from './users';

/*
 * The one place that decides who may do what, whoever asks: the route and action wrappers (lib/http), the
 * data layer's own checks (lib/admin, lib/orders), currentUser and the pages (lib/pages/page-gate.ts, page-guard.ts).
 * Each message is written here once.
 *
 * Rights come from the truth. A session carries the role its user had at login, which a change made in
 * PostgreSQL would not touch; so every check reads the user's role and disabled state through ./rights.ts
 * (PostgreSQL, kept at most RIGHTS_TTL_MS per process) and the session's own copy of the role is never
 * used: the session handed on carries the role PostgreSQL has. A disabled (or deleted) account is signed
 * out at its next request: its session ends, and the request is a 401.
 */

const SIGNED_OUT_MESSAGE = 'Please log in first.';
const FORBIDDEN_MESSAGE = 'Admins only.';

/** A session that belongs to a signed-in user, with the role PostgreSQL has for them now. */
export type UserSession = Session & { userId: number };

/** A signed-in caller: their session and their account as PostgreSQL has it. */
interface Caller {
  session: UserSession;
  account: Account;
}

/**
 * The request's signed-in caller; null for a visitor or a guest. A disabled account's session is ended
 * first and the answer is a 401 RequestError.
 */
async function signedInCaller(ctx: RequestContext): Promise<Caller | null> {
  // currentSession is memoized per request context: every check of one request reads Redis once.
  const session = await currentSession(ctx);
  if (session?.userId == null) return null;
  const account = await accountRights(session.userId);
  if (!account || account.disabled) {
    await signOut(ctx, session);
    throw new RequestError(401, SIGNED_OUT_MESSAGE);
  }
  return { session: { ...session, userId: session.userId, role: account.role }, account };
}

/**
 * Ends a disabled account's session: gone from Redis for every instance, and the request is signed out.
 * The cookie is cleared where it can be; a server component cannot write cookies, and there the cookie
 * is left naming a session that no longer exists, which reads as signed out.
 */
async function signOut(ctx: RequestContext, session: Session): Promise<void> {
  await getSessionStore().destroy(session);
  try {
    await endSession(ctx, null);
  } catch {
    // Read-only cookies (a page's render): see above. The session itself is already gone.
  }
}

/**
 * Who is calling, checked before a route or action reads anything else it was sent: a visitor (null), a
 * guest's session, or a signed-in user's session with their role from PostgreSQL; a 401 for a disabled
 * account (its session ended).
 */
export async function checkCaller(ctx: RequestContext): Promise<Session | null> {
  const caller = await signedInCaller(ctx);
  return caller ? caller.session : currentSession(ctx);
}

/** The request's signed-in session; a 401 RequestError for a visitor, a guest or a disabled account. */
export async function requireSession(ctx: RequestContext): Promise<UserSession> {
  const caller = await signedInCaller(ctx);
  if (!caller) throw new RequestError(401, SIGNED_OUT_MESSAGE);
  return caller.session;
}

/**
 * The request's signed-in session as Redis has it, its rights not yet read: for checkout, whose sold-out
 * refusals must cost PostgreSQL nothing (a sale's losers are thousands of shoppers, each a lookup). Its
 * caller checks the rights (requireSession) before it asks PostgreSQL anything. 401 signed out.
 */
export async function requireSignedInSession(ctx: RequestContext): Promise<UserSession> {
  const session = await currentSession(ctx);
  if (session?.userId == null) throw new RequestError(401, SIGNED_OUT_MESSAGE);
  return { ...session, userId: session.userId };
}

/**
 * The request's session when its user has `role` in PostgreSQL now; 401 signed out (or disabled: the
 * session ends), 403 signed in without the role.
 */
export async function requireRole(ctx: RequestContext, role: Role): Promise<UserSession> {
  const session = await requireSession(ctx);
  if (session.role !== role) throw new RequestError(403, FORBIDDEN_MESSAGE);
  return session;
}

/**
 * The request's signed-in account as PostgreSQL has it; null for a visitor, a guest, or a disabled
 * account (whose session is ended: asking who is signed in answers "nobody", not an error).
 */
export async function signedInAccount(ctx: RequestContext): Promise<Account | null> {
  try {
    return (await signedInCaller(ctx))?.account ?? null;
  } catch (error) {
    if (error instanceof RequestError && error.status === 401) return null;
    throw error;
  }
}
