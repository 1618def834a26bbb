import { afterEach, describe, expect, it } from 'vitest';
import { getSql } from '../db/client';
import { callRedis } from '../redis/call';
import { getSessionRedis } from '../redis/client';
import { saleKeys } from '../redis/keys';
import { productAt, withOwnCatalog } from '@/tooling/vitest/admin';
import { userIdOf } from '@/tooling/vitest/sale-admin';
import { DEMO_ADMIN } from '@/tooling/seed/seed-generate';
import { publishSaleChange } from './events';
import { loadSales, type SaleRecord } from './load';
import { SaleRegistry } from './registry';
import { saleStatus } from './types';

// The registry (./registry.ts) on real PostgreSQL and Redis: it loads the sales that matter, reloads one
// when its change is published on the channel, says 'change' when a sale's start comes (its own timer),
// and never gives an ended sale as a product's sale.

withOwnCatalog('sale_registry');

const registries: SaleRegistry[] = [];
afterEach(async () => {
  await Promise.all(registries.splice(0).map((registry) => registry.stop()));
});

/** A registry listening as an instance's would, with its prewarm an hour ahead (so it never fires here). */
function newRegistry(): SaleRegistry {
  const registry = new SaleRegistry(undefined, 3_600_000).start();
  registries.push(registry);
  return registry;
}

/** A sale inserted straight into PostgreSQL, `startMs` and `endMs` from now. */
async function insertSale(
  productIndex: number,
  startMs: number,
  endMs: number,
  ended = false,
): Promise<number> {
  const product = await productAt(productIndex);
  const admin = await userIdOf(DEMO_ADMIN.email);
  const [sale] = await getSql()<{ id: number }[]>`
    insert into sales (name, starts_at, ends_at, ended_at, created_by)
    values ('Registry test', now() + make_interval(secs => ${startMs / 1000}),
            now() + make_interval(secs => ${endMs / 1000}), ${ended ? new Date().toISOString() : null}, ${admin})
    returning id`;
  await getSql()`insert into sale_items (sale_id, product_id, sale_price_cents, units, per_customer_limit)
    values (${sale!.id}, ${product.id}, 1, 5, 1)`;
  return sale!.id;
}

const waitFor = async (check: () => Promise<boolean> | boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('the sale registry', () => {
  it('loads the sales that matter: upcoming, live and recently ended, not cancelled', async () => {
    const upcoming = await insertSale(0, 60_000, 120_000);
    const live = await insertSale(1, -60_000, 60_000);
    const ended = await insertSale(2, -120_000, -60_000);
    const cancelled = await insertSale(3, 60_000, 120_000);
    await getSql()`update sales set cancelled_at = now() where id = ${cancelled}`;
    const ids = (await newRegistry().list()).map((record) => record.id);
    expect(ids).toEqual(expect.arrayContaining([upcoming, live, ended]));
    expect(ids).not.toContain(cancelled);
  });

  it('reloads a sale when its change is published (one message), and says so', async () => {
    const registry = newRegistry();
    const id = await insertSale(4, -60_000, 60_000);
    expect((await registry.get(id))?.items[0]?.unitsSold).toBe(0);
    // Subscribed, and the full reload that follows a new subscription done: from here only the message
    // can bring the change (the periodic reload is 15 s away).
    const redis = getSessionRedis();
    await waitFor(async () => {
      const [, count] = (await callRedis(redis, () => redis.pubsub('NUMSUB', saleKeys().changes))) as [
        string,
        number,
      ];
      return Number(count) >= 1;
    });
    await registry.reloadAll();
    const changes: SaleRecord[] = [];
    registry.on('change', (record) => changes.push(record));
    await getSql()`update sale_items set units_sold = 2 where sale_id = ${id}`;
    await publishSaleChange(id);
    await waitFor(async () => (await registry.get(id))?.items[0]?.unitsSold === 2, 2000);
    expect(changes.map((record) => [record.id, record.items[0]?.unitsSold])).toEqual([[id, 2]]);
    expect(registry.version(id)).toBeGreaterThan(0);
  });

  it("emits 'change' at a sale's start, from its own timer", async () => {
    const registry = newRegistry();
    const id = await insertSale(5, 1500, 60_000);
    const record = await registry.get(id);
    expect(record).toBeDefined();
    const started = new Promise<number>((resolve) => {
      registry.on('change', (changed) => {
        if (changed.id === id) resolve(Date.now());
      });
    });
    const at = await Promise.race([
      started,
      new Promise<number>((resolve) => setTimeout(() => resolve(0), 5000)),
    ]);
    expect(at).toBeGreaterThanOrEqual(record!.startsAt.getTime());
  });

  it("emits one last 'change', as ended, when a sale is cancelled", async () => {
    const registry = newRegistry();
    const id = await insertSale(10, 60_000, 120_000);
    expect(await registry.get(id)).toBeDefined();
    const changes: SaleRecord[] = [];
    registry.on('change', (record) => changes.push(record));
    await getSql()`update sales set cancelled_at = now() where id = ${id}`;
    await registry.reload(id);
    expect(await registry.get(id)).toBeUndefined();
    expect(changes.map((record) => [record.id, saleStatus(record, [])])).toEqual([[id, 'ended']]);
  });

  it('gives a product its sale that has not ended, never an ended one', async () => {
    const registry = newRegistry();
    const ended = await insertSale(6, -120_000, 60_000, true);
    const past = await insertSale(7, -120_000, -60_000);
    const live = await insertSale(8, -60_000, 60_000);
    const [six, seven, eight] = [await productAt(6), await productAt(7), await productAt(8)];
    expect((await registry.get(ended))?.endedAt).not.toBeNull();
    expect((await registry.get(past))?.id).toBe(past);
    expect(await registry.forProduct(six.id)).toBeUndefined();
    expect(await registry.forProduct(seven.id)).toBeUndefined();
    expect((await registry.forProduct(eight.id))?.id).toBe(live);
    // At a moment past its end, the live one is no product's sale either.
    expect(await registry.forProduct(eight.id, Date.now() + 120_000)).toBeUndefined();
  });

  it('never lets a full reload that began before a change put the old state back', async () => {
    const id = await insertSale(9, 60_000, 120_000);
    let releaseFull: () => void = () => {};
    const fullHeld = new Promise<void>((resolve) => (releaseFull = resolve));
    // The full read takes its snapshot now, then is held; the sale's own read runs after the change.
    let hold = false;
    const load = async (ids?: readonly number[]) => {
      const records = await loadSales(ids);
      if (!ids && hold) await fullHeld;
      return records;
    };
    const registry = new SaleRegistry(load, 3_600_000);
    expect(await registry.get(id)).toBeDefined(); // loaded once, not held
    hold = true;
    const full = registry.reloadAll();
    await new Promise((resolve) => setTimeout(resolve, 200)); // its snapshot is taken
    await getSql()`update sales set cancelled_at = now() where id = ${id}`;
    await registry.reload(id);
    expect(await registry.get(id)).toBeUndefined();
    releaseFull();
    await full;
    expect(await registry.get(id)).toBeUndefined();
    await registry.stop();
  });

  it("sends a line's moves to the sale's watchers at most once a second, the latest one last", async () => {
    const registry = newRegistry();
    const saleId = await insertSale(11, -1_000, 3_600_000);
    await registry.reload(saleId);
    const sent: Array<number | undefined> = [];
    registry.on('change', (record) => {
      if (record.id === saleId) sent.push(registry.lineOf(saleId)?.admittedThrough);
    });
    for (let front = 1; front <= 5; front += 1)
      registry.setLine(saleId, { admittedThrough: front, waiting: 9 });
    registry.setLine(saleId, { admittedThrough: 5, waiting: 9 }); // no move: nothing to send
    expect(sent).toEqual([1]);
    await waitFor(() => sent.length === 2, 3_000);
    expect(sent).toEqual([1, 5]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(sent).toEqual([1, 5]);
  });
});
