import pLimit from 'p-limit';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresWork } from '../../tooling/postgres-stats';
import { SseWatcher } from '../../tooling/sse';
import { progressBar } from '../progress';
import { latency, round, type Latency } from '../stats';
import { baseUrlFor, PREWARM_SECONDS, scheduleSale, type OpeningStore } from './setup';

/*
 * The opening of a drop: watchers hold the sale's event stream open, the sale starts, every shopper loads
 * the product's JSON, adds it and checks out at once over both instances. Then the losers try again (the
 * sold-out refusals' rate and what they cost PostgreSQL), and the product's JSON is loaded as fast as the
 * same clients can (the rate the refusals are compared with).
 *
 * Each placed order publishes its sale's change itself (lib/orders/checkout.ts): the watchers' latency is the
 * checkout's announcement and the fan-out's.
 */

export interface OpeningSizes {
  shoppers: number;
  watchers: number;
  units: number;
  /** Shoppers (and JSON requests) in flight at once. */
  concurrency: number;
  /** How long the product's JSON is loaded for its requests per second. */
  jsonSeconds: number;
}

export interface OpeningResult {
  orders: number;
  distinctBuyers: number;
  statuses: Record<number, number>;
  winners: Latency;
  losers: Latency;
  /** From the last order's transaction to each watcher's sold-out event (ms). */
  watcherLag: Latency;
  watchersWithoutSoldOut: number;
  burstSeconds: number;
  /** Scans of the page-data tables (categories, reviews) in the burst: catalog reads that reached PostgreSQL. */
  catalogReadsInBurst: number;
  soldOutAttempts: number;
  soldOutPerSecond: number;
  transactionsPerSoldOut: number;
  productJsonPerSecond: number;
}

interface Attempt {
  status: number;
  latencyMs: number;
  answeredAt: number;
}

export async function runOpening(store: OpeningStore, sizes: OpeningSizes): Promise<OpeningResult> {
  const limit = pLimit(sizes.concurrency);
  const work = new PostgresWork(store.databaseUrl);
  try {
    const startsInMs = (PREWARM_SECONDS + 4) * 1000;
    const saleId = await scheduleSale(store, sizes.units, startsInMs);
    const startsAt = Date.now() + startsInMs;
    const watchers = await openWatchers(store, saleId, sizes.watchers);
    try {
      await sleep(Math.max(0, startsAt - Date.now() - 500));
      const readsBefore = await work.pageDataScans();
      await sleep(Math.max(0, startsAt - Date.now()));

      const burstStart = performance.now();
      const bar = progressBar('opening burst', store.cookies.length);
      const attempts = await Promise.all(
        store.cookies.map((cookie, index) =>
          limit(async () => {
            const attempt = await shop(store, index, cookie);
            bar.increment();
            return attempt;
          }),
        ),
      );
      bar.stop();
      const burstSeconds = (performance.now() - burstStart) / 1000;
      const catalogReadsInBurst = (await work.pageDataScans()) - readsBefore;

      const won = attempts.filter((attempt) => attempt.status === 201);
      const [buyers] = await store.sql<{ orders: number; buyers: number; last: number | null }[]>`
        select count(distinct o.id)::int as orders, count(distinct o.user_id)::int as buyers,
               (extract(epoch from max(o.created_at)) * 1000)::float8 as last
        from orders o join order_items i on i.order_id = o.id
        where i.product_id = ${store.product.id} and i.sale_id = ${saleId}`;
      // The last unit's sale: its order's transaction (PostgreSQL's clock, on this machine), else its answer.
      const lastOrderAt = buyers?.last ?? Math.max(...won.map((attempt) => attempt.answeredAt));
      const soldOutAt = (watcher: SseWatcher) =>
        watcher.sales<{ status: string }>().find((sale) => sale.status === 'sold_out')?.at;
      await Promise.all(
        watchers.map((watcher) => watcher.until((w) => soldOutAt(w) !== undefined, 10_000).catch(() => {})),
      );
      const lags = watchers.flatMap((watcher) => {
        const at = soldOutAt(watcher);
        return at === undefined ? [] : [Math.max(0, at - lastOrderAt)];
      });

      const losers = store.cookies.filter((_, index) => attempts[index]!.status === 409);
      const soldOut = await soldOutWave(store, work, losers, limit);
      const productJsonPerSecond = await productJsonRate(store, sizes, limit);
      return {
        orders: buyers?.orders ?? 0,
        distinctBuyers: buyers?.buyers ?? 0,
        statuses: tally(attempts),
        winners: latency(won.map((attempt) => attempt.latencyMs)),
        losers: latency(attempts.filter((a) => a.status === 409).map((attempt) => attempt.latencyMs)),
        watcherLag: latency(lags),
        watchersWithoutSoldOut: watchers.length - lags.length,
        burstSeconds: round(burstSeconds, 2),
        catalogReadsInBurst,
        ...soldOut,
        productJsonPerSecond,
      };
    } finally {
      watchers.forEach((watcher) => watcher.close());
    }
  } finally {
    await work.close();
  }
}

async function openWatchers(store: OpeningStore, saleId: number, count: number): Promise<SseWatcher[]> {
  const bar = progressBar('watchers', count);
  const watchers: SseWatcher[] = [];
  // In batches: a thousand connections at once would queue past an instance's accept backlog.
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, (_, offset) =>
      SseWatcher.open(`${baseUrlFor(store, start + offset)}/api/sales/${saleId}/events`),
    );
    watchers.push(...(await Promise.all(batch)));
    bar.update(watchers.length);
  }
  bar.stop();
  const refused = watchers.filter((watcher) => watcher.status !== 200).length;
  if (refused > 0) throw new Error(`${refused} of ${count} event streams were refused`);
  return watchers;
}

/** One shopper at the opening: the product's JSON, the add, the checkout (only the checkout is timed). */
async function shop(store: OpeningStore, index: number, cookie: string): Promise<Attempt> {
  const base = baseUrlFor(store, index);
  const headers = { cookie, 'content-type': 'application/json' };
  try {
    await (await fetch(`${base}/api/products/${store.product.slug}`)).arrayBuffer();
    const added = await fetch(`${base}/api/cart/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ productId: store.product.id, quantity: 1 }),
    });
    await added.arrayBuffer();
    return await checkout(base, cookie);
  } catch {
    return { status: 0, latencyMs: 0, answeredAt: Date.now() };
  }
}

async function checkout(base: string, cookie: string): Promise<Attempt> {
  const started = performance.now();
  const response = await fetch(`${base}/api/checkout`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
  });
  await response.arrayBuffer();
  return { status: response.status, latencyMs: performance.now() - started, answeredAt: Date.now() };
}

/** The losers check out again once it is sold out: how fast they are refused, and what PostgreSQL does. */
async function soldOutWave(
  store: OpeningStore,
  work: PostgresWork,
  losers: string[],
  limit: ReturnType<typeof pLimit>,
): Promise<Pick<OpeningResult, 'soldOutAttempts' | 'soldOutPerSecond' | 'transactionsPerSoldOut'>> {
  if (losers.length === 0) return { soldOutAttempts: 0, soldOutPerSecond: 0, transactionsPerSoldOut: 0 };
  const before = await work.transactions();
  const started = performance.now();
  await Promise.all(
    losers.map((cookie, index) =>
      limit(() => checkout(baseUrlFor(store, index), cookie).catch(() => undefined)),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const transactions = (await work.transactions()) - before;
  return {
    soldOutAttempts: losers.length,
    soldOutPerSecond: round(losers.length / seconds),
    transactionsPerSoldOut: round(transactions / losers.length, 3),
  };
}

/** The product's JSON at the same concurrency, over both instances: the rate the refusals are set against. */
async function productJsonRate(
  store: OpeningStore,
  sizes: OpeningSizes,
  limit: ReturnType<typeof pLimit>,
): Promise<number> {
  const until = performance.now() + sizes.jsonSeconds * 1000;
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: sizes.concurrency }, (_, lane) =>
      limit(async () => {
        for (let index = lane; performance.now() < until; index += sizes.concurrency) {
          await (await fetch(`${baseUrlFor(store, index)}/api/products/${store.product.slug}`)).arrayBuffer();
          done += 1;
        }
      }),
    ),
  );
  return round(done / ((performance.now() - started) / 1000));
}

function tally(attempts: Attempt[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of attempts) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
