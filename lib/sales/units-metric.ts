import { saleUnitsLeftGauge } from '../metrics/sales';
import type { SaleRecord } from './load';
import type { SaleRegistry } from './registry';
import { recordStatus } from './view';

/*
 * A live sale's units left on the metrics (storefront_sale_units_left), kept from the registry's changes:
 * every sold unit, the start and the end reach the registry as a 'change' (./registry.ts), so the gauge
 * follows without reading anything itself. A sale shows from its start to its end; then its series go.
 */

export function showUnitsLeft(record: SaleRecord, now = Date.now()): void {
  const gauge = saleUnitsLeftGauge();
  const status = recordStatus(record, now);
  for (const item of record.items) {
    const labels = { sale: String(record.id), product: item.slug };
    if (status === 'live' || status === 'sold_out')
      gauge.set(labels, Math.max(0, item.units - item.unitsSold));
    else gauge.remove(labels);
  }
}

/** Keeps the gauge of every sale `registry` learns of; returns the registry. */
export function followUnitsLeft(registry: SaleRegistry): SaleRegistry {
  registry.on('change', (record) => showUnitsLeft(record));
  return registry;
}
