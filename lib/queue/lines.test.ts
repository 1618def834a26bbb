import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { getSessionRedis } from '@/lib/redis/client';
import { queueKeys } from '@/lib/redis/keys';
import { SaleRegistry, type SaleRecord } from '@/lib/sales';
import { QueueLines, specOf } from './lines';
import { drawOrder } from './order';
import { QueueStore } from './store';

// An instance's view of a line (./lines.ts) on the real Redis, moving by itself: from the start its
// timer draws and admits the first places, and each admission that expires goes to the next place at the
// following tick, unasked. Admissions here last 600 ms: the API and PostgreSQL take whole minutes
// (admissionMinutes ≥ 1), so the end-to-end spec (e2e/queue.spec.ts) cannot wait one out within its
// bound; this is where expiry is shown. The sale record is given to a real registry by its loader.

const TICK_MS = 100;
let nextSale = 3_000_000 + Math.floor(Math.random() * 1_000_000);
const stops: Array<() => unknown> = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function queuedSale(overrides: Partial<SaleRecord> = {}, units = 10): SaleRecord {
  const now = Date.now();
  return {
    id: (nextSale += 1),
    name: 'Line test',
    startsAt: new Date(now + 500),
    endsAt: new Date(now + 3_600_000),
    endedAt: null,
    cancelledAt: null,
    queue: { activeShoppers: 2, admissionMinutes: 0.01, seed: randomBytes(32).toString('hex') },
    items: [
      {
        productId: 1,
        slug: 'line-test',
        name: 'Line test',
        priceCents: 1000,
        salePriceCents: 500,
        units,
        unitsSold: 0,
        perCustomerLimit: 1,
      },
    ],
    ...overrides,
  };
}

/**
 * A registry holding `record` (as loaded from PostgreSQL), an instance's lines on it, and a way to change
 * the record (as a reload after an order would).
 */
function linesFor(record: SaleRecord) {
  let current = record;
  const registry = new SaleRegistry(async () => [current], 3_600_000);
  const lines = new QueueLines(registry, new QueueStore(getSessionRedis(), queueKeys()), TICK_MS);
  stops.push(
    () => lines.stop(),
    () => registry.stop(),
  );
  const change = async (next: SaleRecord) => {
    current = next;
    await registry.reload(next.id);
  };
  return { lines, change };
}

async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const activeOf = async (lines: QueueLines, record: SaleRecord) =>
  [...((await lines.view(record))?.snapshot?.active.keys() ?? [])].sort((a, b) => a - b);
const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('an instance view of the line', () => {
  it('draws at the start, and each expired admission goes to the next place at a tick, unasked', async () => {
    const record = queuedSale();
    const { lines } = linesFor(record);
    const members = [101, 102, 103, 104, 105, 106];
    const spec = specOf(record)!;
    for (const userId of members) await lines.store.join(spec, userId);
    expect((await lines.view(record))!.snapshot).toBeNull(); // before the start: nothing drawn
    const order = drawOrder(record.queue!.seed, members);

    // The registry's start timer sets the line's own timer going: nobody asks it.
    const first = await waitFor(
      () => lines.store.admittedUntil(spec, order[0]!),
      (until) => until !== null,
    );
    expect(first).toBeGreaterThan(Date.now());
    expect(await activeOf(lines, record)).toEqual(sorted(order.slice(0, 2)));
    // The first two admissions expire (600 ms): the next two are admitted by the timer.
    await waitFor(
      () => activeOf(lines, record),
      (active) => active.join() === sorted(order.slice(2, 4)).join(),
    );
    expect(await lines.store.admittedUntil(spec, order[0]!)).toBeNull();
    expect((await lines.view(record))!.snapshot!.front).toBe(4);
    // A holder orders: the next place is admitted at once, by the release itself.
    await lines.release(record, order[2]!);
    expect(await lines.store.admittedUntil(spec, order[4]!)).not.toBeNull();
    expect(await lines.store.admittedUntil(spec, order[2]!)).toBeNull();
  });

  it('admits nobody once the sale is sold out, at a tick or a release; those held end at their expiry', async () => {
    const record = queuedSale();
    const { lines, change } = linesFor(record);
    const members = [201, 202, 203, 204];
    const spec = specOf(record)!;
    for (const userId of members) await lines.store.join(spec, userId);
    const order = drawOrder(record.queue!.seed, members);
    await waitFor(
      () => activeOf(lines, record),
      (active) => active.length === 2,
    );
    // Every unit sold: the registry's record says sold out, and the lines read it so.
    const soldOut = { ...record, items: record.items.map((item) => ({ ...item, unitsSold: item.units })) };
    await change(soldOut);
    await waitFor(
      () => activeOf(lines, soldOut),
      (active) => active.length === 0,
    );
    for (let tick = 0; tick < 5; tick++) {
      const view = (await lines.view(soldOut))!;
      expect(view.soldOut).toBe(true);
      expect(view.snapshot!.front).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    await lines.release(soldOut, order[0]!);
    for (const userId of order.slice(2)) expect(await lines.store.admittedUntil(spec, userId)).toBeNull();
  });
});
