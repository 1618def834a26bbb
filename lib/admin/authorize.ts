import 'server-only';
import { RequestError } from '../errors';
import { currentSession, type RequestContext } from '../session/current';

/*
 * Every function of the admin data layer starts here, whoever calls it: a page, a server action or a JSON
 * route. The route matcher and the route wrapper check too, but the data layer does not rely on them.
 * The role is the session's: a role change ends the user's sessions (lib/auth changeRole), so a live
 * session never carries a role its user no longer has.
 */

/** The admin a write is attributed to in the audit trail. */
export interface AdminActor {
  userId: number;
}

export const SIGNED_OUT_MESSAGE = 'Please log in first.';
export const NOT_ADMIN_MESSAGE = 'Admins only.';

/** The request's admin; a 401 RequestError when signed out, 403 when signed in without the role. */
export async function requireAdmin(ctx: RequestContext): Promise<AdminActor> {
  // Memoized per request context: the route wrapper's own check and this one read Redis once.
  const session = await currentSession(ctx);
  if (session?.userId == null) throw new RequestError(401, SIGNED_OUT_MESSAGE);
  if (session.role !== 'admin') throw new RequestError(403, NOT_ADMIN_MESSAGE);
  return { userId: session.userId };
}
