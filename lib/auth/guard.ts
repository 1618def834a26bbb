import 'server-only';
import { LRUCache } from 'lru-cache';
import { RequestError } from '../errors';
import { currentSession, endSession, type RequestContext, type Role, type Session } from '../session/current';
import { readAccountState } from './users';

/*
 * The one place that decides who may do what, whoever asks: the route wrapper (lib/http/handler.ts), the
 * data layer's own checks (lib/admin, lib/orders) and the pages (lib/auth/page-guard.ts). Each message is
 * written here once.
 *
 * Rights come from the truth. A session carries the role its user had at login, which a demotion made in
 * PostgreSQL would not change; so a role is checked against PostgreSQL's row (kept here at most
 * ACCOUNT_STATE_MS per process, and dropped at once by changeRole and disableAccount on this instance), and
 * a disabled account's session ends on its next privileged request. Only role checks pay that read:
 * a shopper's checkout in a flash sale must not cost PostgreSQL a query per attempt, and an account's
 * sessions are ended outright when it is disabled or its password or role changes (lib/auth).
 */

export const SIGNED_OUT_MESSAGE = 'Please log in first.';
export const FORBIDDEN_MESSAGE = 'Admins only.';

/** A session that belongs to a signed-in user. */
export type UserSession = Session & { userId: number };

const ACCOUNT_STATE_MS = 2000;
const accountStates = new LRUCache<number, { role: Role; disabled: boolean }>({
  max: 10_000,
  ttl: ACCOUNT_STATE_MS,
});

/** The request's signed-in session; a 401 RequestError for a visitor or a guest. */
export async function requireSession(ctx: RequestContext): Promise<UserSession> {
  // currentSession is memoized per request context: every check of one request reads Redis once.
  const session = await currentSession(ctx);
  if (session?.userId == null) throw new RequestError(401, SIGNED_OUT_MESSAGE);
  return session as UserSession;
}

/**
 * The request's session when its user has `role` in PostgreSQL now; 401 signed out (or disabled: the
 * session ends), 403 signed in without the role.
 */
export async function requireRole(ctx: RequestContext, role: Role): Promise<UserSession> {
  const session = await requireSession(ctx);
  let state = accountStates.get(session.userId);
  if (!state) {
    state = (await readAccountState(session.userId)) ?? { role: 'shopper', disabled: true };
    accountStates.set(session.userId, state);
  }
  if (state.disabled) {
    await endSession(ctx, session);
    throw new RequestError(401, SIGNED_OUT_MESSAGE);
  }
  if (state.role !== role) throw new RequestError(403, FORBIDDEN_MESSAGE);
  return { ...session, role: state.role };
}

/** Forgets what this process knows of an account's role (after a change made through the storefront). */
export function forgetAccountState(userId: number): void {
  accountStates.delete(userId);
}
