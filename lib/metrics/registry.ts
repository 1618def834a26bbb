import { collectDefaultMetrics, Registry } from 'prom-client';

// One registry per process, kept on globalThis: registering a metric name twice throws, and development
// reloads re-evaluate modules.
const globalForMetrics = globalThis as unknown as { storefrontMetricsRegistry?: Registry };

/** The process's Prometheus registry (with Node's default metrics), served at GET /api/metrics. */
export function getMetricsRegistry(): Registry {
  if (!globalForMetrics.storefrontMetricsRegistry) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    globalForMetrics.storefrontMetricsRegistry = registry;
  }
  return globalForMetrics.storefrontMetricsRegistry;
}
