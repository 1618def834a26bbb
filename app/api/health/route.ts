import { NextResponse } from 'next/server';
import { publicHealth, recentHealth } from '@/lib/health';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { operatorAccess } from '@/lib/http/operator-access';

/**
 * Readiness: 200 when PostgreSQL and each Redis answer, 503 when one does not (for load balancers), from a
 * probe at most a second old (lib/health.ts: one probe a second per instance, whatever the request rate).
 * The public gets `{status}` only; the operator (this machine, or a bearer of METRICS_TOKEN: the rule of
 * /api/metrics) also gets which dependency is down and how each Redis persists and evicts, with
 * `warnings` that never change the status.
 */
export const GET = route({ access: 'public' }, async ({ request, ctx }) => {
  const report = await recentHealth();
  const operator = operatorAccess(request.headers.get('authorization'), ctx.ip).granted;
  return NextResponse.json(operator ? report : publicHealth(report), {
    status: report.status === 'ok' ? 200 : 503,
  });
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
