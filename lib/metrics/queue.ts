import { Counter, Gauge, Histogram } from 'prom-client';
import { getMetricsRegistry } from './registry';

/*
 * The line's metrics (CONTRACT.md, "Metrics"): names and labels must not change. `waiting` is this
 * instance's last reading of each line (every instance reads it once a second: take max, not sum, across
 * instances); `admitted_total` and the wait are counted by the instance whose call gave the admission, so
 * they sum across the fleet.
 */

export interface QueueMetrics {
  waiting: Gauge<'sale'>;
  admitted: Counter<'sale'>;
  admissionWait: Histogram;
}

const globalForQueueMetrics = globalThis as unknown as { storefrontQueueMetrics?: QueueMetrics };

export function getQueueMetrics(): QueueMetrics {
  globalForQueueMetrics.storefrontQueueMetrics ??= {
    waiting: new Gauge({
      name: 'storefront_queue_waiting',
      help: "Accounts waiting in a sale's line, as this instance last read it.",
      labelNames: ['sale'] as const,
      registers: [getMetricsRegistry()],
    }),
    admitted: new Counter({
      name: 'storefront_queue_admitted_total',
      help: "Admissions given from a sale's line.",
      labelNames: ['sale'] as const,
      registers: [getMetricsRegistry()],
    }),
    admissionWait: new Histogram({
      name: 'storefront_queue_admission_wait_seconds',
      help: 'From the start (or joining, if later) to admission.',
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600],
      registers: [getMetricsRegistry()],
    }),
  };
  return globalForQueueMetrics.storefrontQueueMetrics;
}
