import { getCacheMetrics } from '@/lib/metrics/cache';
import { getMetricsRegistry } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Prometheus text format: the cache's counters (CONTRACT.md, "Metrics") and Node's default metrics. */
export async function GET() {
  // Registers the cache metrics even before the first cached read, so they read 0 rather than missing.
  getCacheMetrics();
  const registry = getMetricsRegistry();
  return new Response(await registry.metrics(), {
    headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' },
  });
}
