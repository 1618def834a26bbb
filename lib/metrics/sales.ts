import { Counter, Gauge } from 'prom-client';
import { getMetricsRegistry } from './registry';

/** The contract's sale checkout metric (CONTRACT.md, "Metrics"): its name and labels must not change. */
const SALE_CHECKOUTS_NAME = 'storefront_sale_checkouts_total';

/** `no_admission` comes with the line (#22): counted from the start, so its series exists already. */
const SALE_CHECKOUT_RESULTS = ['placed', 'sold_out', 'over_limit', 'not_started', 'no_admission'] as const;
export type SaleCheckoutResult = (typeof SALE_CHECKOUT_RESULTS)[number];

interface SaleCheckoutMetrics {
  count(result: SaleCheckoutResult): void;
}

const globalForSaleMetrics = globalThis as unknown as { storefrontSaleCheckoutMetrics?: SaleCheckoutMetrics };

/** The process's count of checkouts holding a sale's product, by outcome, on the process registry. */
export function getSaleCheckoutMetrics(): SaleCheckoutMetrics {
  if (!globalForSaleMetrics.storefrontSaleCheckoutMetrics) {
    const total = new Counter({
      name: SALE_CHECKOUTS_NAME,
      help: 'Checkout attempts of sale items by outcome.',
      labelNames: ['result'] as const,
      registers: [getMetricsRegistry()],
    });
    // Every outcome shows from the start (at 0), so a dashboard's rate() has a series to work on.
    for (const result of SALE_CHECKOUT_RESULTS) total.inc({ result }, 0);
    globalForSaleMetrics.storefrontSaleCheckoutMetrics = { count: (result) => total.inc({ result }) };
  }
  return globalForSaleMetrics.storefrontSaleCheckoutMetrics;
}

const globalForSaleUnits = globalThis as unknown as { storefrontSaleUnitsLeft?: Gauge<'sale' | 'product'> };

/**
 * Units left of each item of a sale that has started and not ended, by sale id and product slug, as this
 * instance's registry last read PostgreSQL (take the min across instances). Set by lib/sales/units-metric.ts.
 */
export function saleUnitsLeftGauge(): Gauge<'sale' | 'product'> {
  globalForSaleUnits.storefrontSaleUnitsLeft ??= new Gauge({
    name: 'storefront_sale_units_left',
    help: 'Units left of each item of a live sale (sold out: 0), as this instance last read them.',
    labelNames: ['sale', 'product'] as const,
    registers: [getMetricsRegistry()],
  });
  return globalForSaleUnits.storefrontSaleUnitsLeft;
}
