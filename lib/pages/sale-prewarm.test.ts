import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '@/lib/db/client';
import { getSaleGate, SaleRegistry, type SaleRecord } from '@/lib/sales';
import { loadSales } from '@/lib/sales/load';
import { insertSale } from '@/tooling/sales';
import { prewarmSales, warmOverHttp } from './sale-prewarm';

// The prewarm's timing on a registry fed by a loader of the test's own (its timers are the real ones),
// and what a warm asks for, against a server that records it.

function saleStartingIn(ms: number, id = 1): SaleRecord {
  return {
    id,
    name: 'Drop',
    startsAt: new Date(Date.now() + ms),
    endsAt: new Date(Date.now() + 3_600_000),
    endedAt: null,
    cancelledAt: null,
    queue: null,
    items: [
      {
        productId: 1,
        slug: 'lamp',
        name: 'Lamp',
        priceCents: 1000,
        salePriceCents: 500,
        units: 5,
        unitsSold: 0,
        perCustomerLimit: 1,
      },
    ],
  };
}

const until = async (check: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('prewarmSales', () => {
  it("warms a sale at the registry's prewarm moment, not before", async () => {
    const record = saleStartingIn(900);
    const registry = new SaleRegistry(async () => [record], 500);
    const warmed: number[] = [];
    const stop = prewarmSales(
      registry,
      async (sale) => void warmed.push(Date.now() - sale.startsAt.getTime()),
    );
    await registry.reloadAll();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warmed).toEqual([]);
    await until(() => warmed.length === 1, 2_000);
    // About 500 ms before the start (timers fire late, not early: but Date.now() and the timers' own clock
    // round apart by a millisecond or two).
    expect(warmed[0]!).toBeGreaterThanOrEqual(-510);
    expect(warmed[0]!).toBeLessThan(0);
    stop();
    await registry.stop();
  });

  it('warms again just before the start when the first warm was long before it', async () => {
    const record = saleStartingIn(4_500, 2);
    const registry = new SaleRegistry(async () => [record], 60_000);
    const warmed: number[] = [];
    const stop = prewarmSales(
      registry,
      async (sale) => void warmed.push(Date.now() - sale.startsAt.getTime()),
    );
    // The prewarm moment has passed when the sale is learnt: warmed at once, then 2 s before the start.
    await registry.reloadAll();
    await until(() => warmed.length === 1, 1_000);
    await until(() => warmed.length === 2, 4_000);
    expect(warmed[1]!).toBeGreaterThanOrEqual(-2_010);
    expect(warmed[1]!).toBeLessThan(0);
    stop();
    await registry.stop();
  });
});

describe('warmOverHttp', () => {
  const asked: string[] = [];
  const server = http.createServer((request, response) => {
    asked.push(request.url!);
    response.end('ok');
  });
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("asks this instance for each product's page and JSON, loads its data and seeds the sale's gate", async () => {
    const [product] = await getSql()<{ id: number; slug: string; stock: number }[]>`
      select id, slug, stock from products where stock >= 3 order by id limit 1`;
    const saleId = await insertSale(getSql(), {
      startsAt: new Date(Date.now() + 60_000),
      endsAt: new Date(Date.now() + 3_600_000),
      items: [{ productId: product!.id, salePriceCents: 1, units: 3, perCustomerLimit: 1 }],
    });
    const [record] = await loadSales([saleId]);
    expect(await getSaleGate().unitsLeft(saleId, product!.id)).toBeNull();
    await warmOverHttp(base)(record!);
    expect(asked.sort()).toEqual([`/api/products/${product!.slug}`, `/products/${product!.slug}`]);
    expect(await getSaleGate().unitsLeft(saleId, product!.id)).toBe(3);
    await getSql()`update sales set cancelled_at = now() where id = ${saleId}`;
  });
});
