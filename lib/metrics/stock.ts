import { Gauge } from 'prom-client';
import { getMetricsRegistry } from './registry';

/*
 * The stock gate's agreement with PostgreSQL (lib/stock/drift.ts), as this instance last checked the
 * products it sold lately: how many it checked and how many drifted. Each instance checks its own, so sum
 * (or max) across the fleet.
 */

interface GateDriftMetrics {
  checked: Gauge;
  drifting: Gauge;
}

const globalForGateDrift = globalThis as unknown as { storefrontGateDriftMetrics?: GateDriftMetrics };

function gateDriftMetrics(): GateDriftMetrics {
  globalForGateDrift.storefrontGateDriftMetrics ??= {
    checked: new Gauge({
      name: 'storefront_stock_gate_checked_products',
      help: "Products whose stock gate this instance compared with PostgreSQL's stock at its last check.",
      registers: [getMetricsRegistry()],
    }),
    drifting: new Gauge({
      name: 'storefront_stock_gate_drift_products',
      help: "Of those, products whose gate disagreed with PostgreSQL's stock beyond the units held by checkouts.",
      registers: [getMetricsRegistry()],
    }),
  };
  return globalForGateDrift.storefrontGateDriftMetrics;
}

export function recordGateDrift(checked: number, drifting: number): void {
  const metrics = gateDriftMetrics();
  metrics.checked.set(checked);
  metrics.drifting.set(drifting);
}

/** Registers the gauges so a scrape shows them (at 0) before the first check. */
export function registerGateDriftMetrics(): void {
  gateDriftMetrics();
}
