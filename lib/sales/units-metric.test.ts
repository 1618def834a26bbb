import { describe, expect, it } from 'vitest';
import { saleUnitsLeftGauge } from '@/lib/metrics/sales';
import type { SaleRecord } from './load';
import { showUnitsLeft } from './units-metric';

const HOUR = 60 * 60 * 1000;
const now = Date.now();

function sale(startsAt: number, endsAt: number, unitsSold: number): SaleRecord {
  const item = { name: 'Kettle', priceCents: 5000, salePriceCents: 2500, units: 10, perCustomerLimit: 2 };
  return {
    id: 90_001,
    name: 'Drop',
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    endedAt: null,
    cancelledAt: null,
    queue: null,
    items: [
      { ...item, productId: 1, slug: 'kettle', unitsSold },
      { ...item, productId: 2, slug: 'teapot', unitsSold: 10 },
    ],
  };
}

const shown = async () =>
  (await saleUnitsLeftGauge().get()).values
    .filter((value) => value.labels.sale === '90001')
    .map((value) => [value.labels.product, value.value]);

describe('a sale’s units left on the metrics', () => {
  it('shows each item from the start, follows sales, and drops the series at the end', async () => {
    showUnitsLeft(sale(now + HOUR, now + 2 * HOUR, 0), now);
    expect(await shown()).toEqual([]);
    showUnitsLeft(sale(now - HOUR, now + HOUR, 3), now);
    expect(await shown()).toEqual([
      ['kettle', 7],
      ['teapot', 0],
    ]);
    showUnitsLeft(sale(now - 2 * HOUR, now - HOUR, 3), now);
    expect(await shown()).toEqual([]);
  });
});
