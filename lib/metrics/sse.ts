import { Gauge } from 'prom-client';
import { getMetricsRegistry } from './registry';

/** Open event streams on this instance (CONTRACT.md, "Metrics"): the name must not change. */
const SSE_CLIENTS_METRIC = 'storefront_sse_clients';

const globalForSseMetrics = globalThis as unknown as { storefrontSseClients?: Gauge };

/** The gauge, registered on first use (the metrics route calls it so a scrape shows 0 before any stream). */
export function sseClientsGauge(): Gauge {
  globalForSseMetrics.storefrontSseClients ??= new Gauge({
    name: SSE_CLIENTS_METRIC,
    help: 'Open server-sent event streams on this instance.',
    registers: [getMetricsRegistry()],
  });
  return globalForSseMetrics.storefrontSseClients;
}
