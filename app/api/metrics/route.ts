import { NextResponse } from 'next/server';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { refuseScrape } from '@/lib/metrics/access';
import { getCacheMetrics } from '@/lib/metrics/cache';
import { registerPageMetrics } from '@/lib/metrics/pages';
import { getMetricsRegistry } from '@/lib/metrics/registry';

/**
 * Prometheus text format: the cache's counters (CONTRACT.md, "Metrics") and Node's default metrics, to
 * a bearer of METRICS_TOKEN or, without one, to this machine only (lib/metrics/access.ts).
 */
export const GET = route({}, async ({ request, ctx }) => {
  const refusal = refuseScrape(request.headers.get('authorization'), ctx.ip);
  if (refusal) return refusal;
  // Registers the cache metrics even before the first cached read, so they read 0 rather than missing.
  getCacheMetrics();
  registerPageMetrics();
  const registry = getMetricsRegistry();
  return new NextResponse(await registry.metrics(), { headers: { 'Content-Type': registry.contentType } });
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
