import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '@/lib/db/client';
import { getMetricsRegistry } from '@/lib/metrics/registry';
import { BAD_TEXT } from '@/tooling/vitest/bad-input';
import { withOwnCatalog } from '@/tooling/vitest/own-catalog';
import { insertSale, sellUnits } from '@/tooling/sales';
import { readSse, type SseFrames } from '@/tooling/sse';
import { GET } from '@/app/api/sales/[id]/events/route';
import { publishSaleChange } from './events';
import { getSaleRegistry, SaleRegistry } from './registry';
import { getSaleStreams, SaleStreams } from './live';
import type { Sale } from './types';

// The event stream's route and its fan-out, on real PostgreSQL and Redis: a sale inserted as the admin's
// scheduling would leave it, changes published on the real channel.

withOwnCatalog('live', 10);

interface Product {
  id: number;
  slug: string;
  priceCents: number;
}

let product: Product;
let saleId: number;

beforeAll(async () => {
  const [first] = await getSql()<Product[]>`
    select id, slug, price_cents as "priceCents" from products order by id limit 1`;
  product = first!;
  await getSql()`update products set stock = 50 where id = ${product.id}`;
  saleId = await insertSale(getSql(), {
    startsAt: new Date(Date.now() + 60_000),
    endsAt: new Date(Date.now() + 3_600_000),
    items: [{ productId: product.id, salePriceCents: 100, units: 5, perCustomerLimit: 1 }],
  });
});

afterAll(async () => {
  getSaleStreams().closeAll();
  await getSaleRegistry().stop();
});

/**
 * Opens the route as Next.js would call it; the frames fill in as they arrive. The handle keeps the request:
 * a Request follows the signal it was given through a weak reference (undici): once the request is garbage-
 * collected, `close()` no longer reaches the route's `request.signal`, and the stream never ends. That hung a
 * loaded run of this file for 30 s. Next.js's own server also ends a stream when its reader is cancelled.
 */
async function openStream(id: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const request = new NextRequest(`http://shop.test/api/sales/${id}/events`, {
    headers,
    signal: controller.signal,
  });
  const response = await GET(request, { params: Promise.resolve({ id }) });
  const frames: SseFrames = { events: [], comments: [], retry: undefined };
  const done = response.status === 200 && response.body ? readSse(response.body, frames) : Promise.resolve();
  const sales = () =>
    frames.events.map((event) => ({ id: Number(event.id), sale: JSON.parse(event.data) as Sale }));
  return { request, response, frames, sales, done, close: () => controller.abort() };
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `promise`, or a failure naming `what` when it has not settled within `ms` (vitest's timeout names no step). */
async function settled<T>(what: string, promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function gauge(): Promise<number> {
  const metric = await getMetricsRegistry().getSingleMetric('storefront_sse_clients')?.get();
  return metric?.values[0]?.value ?? 0;
}

describe('GET /api/sales/{id}/events', () => {
  it('answers 404 {error} for an unknown sale or an id that cannot be one (the bad-input corpus), opening nothing', async () => {
    const corpus = [...Object.values(BAD_TEXT), '999999', 'abc', '0', '-1', '1.5', '1e3', '9007199254740993'];
    for (const id of corpus) {
      const { response } = await openStream(id);
      expect(response.status, id).toBe(404);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
    expect(getSaleStreams().size).toBe(0);
  });

  it('sends the whole sale at once, as an unbuffered, unstored event stream', async () => {
    const before = Date.now();
    const stream = await openStream(String(saleId));
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.response.headers.get('cache-control')).toBe('no-store, no-transform');
    const serverTime = Number(stream.response.headers.get('x-server-time'));
    expect(serverTime).toBeGreaterThanOrEqual(before);
    expect(serverTime).toBeLessThanOrEqual(Date.now());
    await until(() => stream.frames.events.length === 1);
    expect(stream.frames.retry).toBeGreaterThan(0);
    expect(stream.frames.events[0]!.event).toBe('sale');
    const [{ id, sale }] = stream.sales() as [{ id: number; sale: Sale }];
    expect(id).toBeGreaterThan(0);
    expect(sale).toMatchObject({
      id: saleId,
      status: 'scheduled',
      queue: null,
      items: [{ productId: product.id, slug: product.slug, salePriceCents: 100, units: 5, unitsLeft: 5 }],
    });
    stream.close();
    await stream.done;
  });

  it('pushes every change to every open stream with a higher id, and counts the streams', async () => {
    const base = await gauge();
    const streams = await settled(
      'opening three streams',
      Promise.all([1, 2, 3].map(() => openStream(String(saleId)))),
    );
    await until(() => streams.every((stream) => stream.frames.events.length === 1));
    expect(await gauge()).toBe(base + 3);
    const firstId = streams[0]!.sales()[0]!.id;

    await settled('selling two units', sellUnits(getSql(), saleId, product.id, 2));
    await settled('publishing the change', publishSaleChange(saleId));
    await until(() => streams.every((stream) => stream.frames.events.length === 2));
    for (const stream of streams) {
      const last = stream.sales()[1]!;
      expect(last.id).toBeGreaterThan(firstId);
      expect(last.sale.items[0]!.unitsLeft).toBe(3);
    }

    streams.forEach((stream) => stream.close());
    await settled('the closed streams ending', Promise.all(streams.map((stream) => stream.done)));
    await until(() => getSaleStreams().size === 0);
    expect(await gauge()).toBe(base);
  });

  it('honours Last-Event-ID: nothing resent when it is the current state, the state when it is older', async () => {
    const first = await openStream(String(saleId));
    await until(() => first.frames.events.length === 1);
    const seen = first.frames.events[0]!.id!;
    first.close();

    const upToDate = await openStream(String(saleId), { 'last-event-id': seen });
    const behind = await openStream(String(saleId), { 'last-event-id': String(Number(seen) - 1) });
    await until(() => behind.frames.events.length === 1);
    // Give the up-to-date one the time the other needed, and more: nothing comes.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(upToDate.frames.events).toHaveLength(0);
    expect(upToDate.frames.retry).toBeGreaterThan(0);

    // What it missed comes when the state changes, above the id it brought.
    await sellUnits(getSql(), saleId, product.id, 3);
    await publishSaleChange(saleId);
    await until(() => upToDate.frames.events.length === 1);
    const caughtUp = upToDate.sales()[0]!;
    expect(caughtUp.id).toBeGreaterThan(Number(seen));
    expect(caughtUp.sale.items[0]!.unitsLeft).toBe(0);
    upToDate.close();
    behind.close();
  });
});

describe('SaleStreams', () => {
  it('sends a comment heartbeat, and ends every stream at shutdown', async () => {
    const registry = new SaleRegistry();
    const streams = new SaleStreams(registry, 50);
    const frames: SseFrames = { events: [], comments: [], retry: undefined };
    const body = await streams.open(saleId, null, new AbortController().signal);
    const done = readSse(body!, frames);
    await until(() => frames.comments.length >= 2);
    expect(frames.comments[0]).toMatch(/^heartbeat/);
    expect(streams.size).toBe(1);
    streams.closeAll();
    await done; // the stream ended: the reader returned
    expect(streams.size).toBe(0);
    // Opened during shutdown: ends at once.
    const late = await streams.open(saleId, null, new AbortController().signal);
    const lateFrames: SseFrames = { events: [], comments: [], retry: undefined };
    await readSse(late!, lateFrames);
    expect(lateFrames.events).toHaveLength(0);
    await registry.stop();
  });

  it('ends a stream whose reader stopped reading rather than buffering for it without bound', async () => {
    const record = (await getSaleRegistry().get(saleId))!;
    const registry = new SaleRegistry(async () => [record]);
    const streams = new SaleStreams(registry);
    const stalled = await streams.open(saleId, null, new AbortController().signal);
    expect(stalled).toBeDefined();
    expect(streams.size).toBe(1);
    // Each event is a few hundred bytes: a thousand unread ones pass the 256 KB allowance.
    for (let change = 0; change < 1000 && streams.size > 0; change += 1) registry.emit('change', record);
    expect(streams.size).toBe(0);
  });
});
