import 'server-only';
import { RequestError } from '../errors';
import { route, type Access } from './handler';

export const NO_SUCH_ROUTE = 'There is no such API route.';

/**
 * The handlers of an /api address no route serves: a 404 `{error}` like every other JSON error, instead of
 * Next.js's HTML 404 page. Through route(), so a foreign Origin is still a 403 and, with `admin` access
 * (under /api/admin), a stranger still gets the 401/403 every admin route gives before anything else.
 */
export function noSuchRoute(access: Access) {
  const handler = route({ access }, async () => {
    throw new RequestError(404, NO_SUCH_ROUTE);
  });
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
