import { getOperatorStats } from '@/lib/admin/stats';
import { route } from '@/lib/http/handler';

/** The operator's view as JSON (what /admin/stats shows). Admins only; Prometheus text stays at /api/metrics. */
export const GET = route({ access: 'admin' }, async ({ ctx }) => getOperatorStats(ctx));
