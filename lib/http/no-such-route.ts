import 'server-only';
import { RequestError } from '../errors';
import { route, type Access } from './handler';

const NO_SUCH_ROUTE = 'There is no such API route.';
const METHOD_NOT_ALLOWED = 'This API route does not answer that method.';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
type Handler = ReturnType<typeof route>;

/** One handler for several methods that only refuses: through route(), so the Origin and access checks come first. */
function refusal(access: Access, status: number, message: string): Handler {
  return route({ access }, async () => {
    throw new RequestError(status, message);
  });
}

/**
 * The handlers of an /api address no route serves: a 404 `{error}` like every other JSON error, instead of
 * Next.js's HTML 404 page. A foreign Origin is still a 403 and, with `admin` access (under /api/admin), a
 * stranger still gets the 401/403 every admin route gives before anything else.
 */
export function noSuchRoute(access: Access): Record<Method, Handler> {
  const handler = refusal(access, 404, NO_SUCH_ROUTE);
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}

/**
 * The methods a route does not serve: 405 `{error}` once the caller has passed the route's access check
 * (Next.js would answer 405 with an empty body to anyone, so `GET /api/admin/products` signed out was a
 * 405, not the 401 of every admin route).
 */
export function otherMethods(access: Access, served: readonly Method[]): Record<Method, Handler> {
  const handler = refusal(access, 405, METHOD_NOT_ALLOWED);
  const others = METHODS.filter((method) => !served.includes(method));
  return Object.fromEntries(others.map((method) => [method, handler])) as Record<Method, Handler>;
}
