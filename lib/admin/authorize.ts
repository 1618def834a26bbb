import 'server-only';
import { requireRole } from '../auth/guard';
import type { RequestContext } from '../session/current';

/*
 * Every function of the admin data layer starts here, whoever calls it: a page, a server action or a JSON
 * route. The route matcher and the route wrapper check too, but the data layer does not rely on them.
 */

/** The admin a write is attributed to in the audit trail. */
export interface AdminActor {
  userId: number;
}

/** The request's admin; a 401 RequestError when signed out, 403 when signed in without the role. */
export async function requireAdmin(ctx: RequestContext): Promise<AdminActor> {
  const session = await requireRole(ctx, 'admin');
  return { userId: session.userId };
}
