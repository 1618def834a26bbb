import { getOperatorStats } from '@/lib/admin/stats';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** The operator's view as JSON (what /admin/stats shows). Admins only; Prometheus text stays at /api/metrics. */
export const GET = route({ access: 'admin' }, async ({ ctx }) => getOperatorStats(ctx));

/** Any other method: 401/403 like the route, then 405 `{error}`. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('admin', ['GET']);
