import { NextResponse } from 'next/server';
import { getCacheMetrics } from '@/lib/cache';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { registerOutboxMetrics } from '@/lib/metrics/outbox';
import { registerPageMetrics } from '@/lib/metrics/pages';
import { getQueueMetrics } from '@/lib/metrics/queue';
import { getMetricsRegistry } from '@/lib/metrics/registry';
import { getSaleCheckoutMetrics } from '@/lib/metrics/sales';
import { sseClientsGauge } from '@/lib/metrics/sse';
import { registerGateDriftMetrics } from '@/lib/metrics/stock';
import { refuseScrape } from '@/lib/http/operator-access';

/**
 * Prometheus text format: the storefront's metrics (CONTRACT.md, "Metrics"; docs/operating.md) and Node's
 * default metrics, to a bearer of METRICS_TOKEN or, without one, to this machine only
 * (lib/http/operator-access.ts).
 */
export const GET = route({ access: 'public' }, async ({ request, ctx }) => {
  const refusal = refuseScrape(request.headers.get('authorization'), ctx.ip);
  if (refusal) return refusal;
  // Registers the cache metrics even before the first cached read, so they read 0 rather than missing.
  getCacheMetrics();
  registerPageMetrics();
  sseClientsGauge();
  getSaleCheckoutMetrics();
  getQueueMetrics();
  registerOutboxMetrics();
  registerGateDriftMetrics();
  const registry = getMetricsRegistry();
  return new NextResponse(await registry.metrics(), { headers: { 'Content-Type': registry.contentType } });
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
