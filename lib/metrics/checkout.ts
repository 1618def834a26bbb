import { Counter, Histogram } from 'prom-client';
import { getMetricsRegistry } from './registry';

/** The contract's checkout metrics (CONTRACT.md, "Metrics"): names and labels must not change. */
const CHECKOUT_METRIC_NAMES = {
  total: 'storefront_checkout_total',
  duration: 'storefront_checkout_duration_seconds',
} as const;

const CHECKOUT_RESULTS = ['placed', 'sold_out', 'conflict', 'replayed', 'error'] as const;
export type CheckoutResult = (typeof CHECKOUT_RESULTS)[number];

interface CheckoutMetrics {
  observe(result: CheckoutResult, seconds: number): void;
}

const globalForCheckoutMetrics = globalThis as unknown as { storefrontCheckoutMetrics?: CheckoutMetrics };

/** The process's checkout metrics, on the process registry. */
export function getCheckoutMetrics(): CheckoutMetrics {
  if (!globalForCheckoutMetrics.storefrontCheckoutMetrics) {
    const registers = [getMetricsRegistry()];
    const total = new Counter({
      name: CHECKOUT_METRIC_NAMES.total,
      help: 'Checkout attempts by outcome.',
      labelNames: ['result'] as const,
      registers,
    });
    const duration = new Histogram({
      name: CHECKOUT_METRIC_NAMES.duration,
      help: 'Checkout latency by outcome.',
      labelNames: ['result'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Every outcome shows from the start (at 0), so a dashboard's rate() has a series to work on.
    for (const result of CHECKOUT_RESULTS) total.inc({ result }, 0);
    globalForCheckoutMetrics.storefrontCheckoutMetrics = {
      observe: (result, seconds) => {
        total.inc({ result });
        duration.observe({ result }, seconds);
      },
    };
  }
  return globalForCheckoutMetrics.storefrontCheckoutMetrics;
}
