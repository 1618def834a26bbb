import 'server-only';
import { getProductDetail } from '../catalog';
import { getConfig } from '../config';
import { guardedByLine } from '../queue';
import { getSaleRegistry, primeSaleGate, type SaleRecord, type SaleRegistry } from '../sales';

/*
 * Warming a sale's products before it opens. At the registry's 'prewarm' moment (SALE_PREWARM_SECONDS
 * before the start, on every instance: each has its own timer) this instance asks itself for each product
 * the way the opening burst will:
 * - the product's data (getProductDetail): into Redis and this process's memory;
 * - the product page (`GET /products/<slug>`): the page cache's entry in Redis (rendered once across the
 *   fleet, the others wait for it) and this instance's copy of it;
 * - the product's JSON (`GET /api/products/<slug>`): the same data, and the stock gate seeded.
 * The in-process copies last a minute at most, so it does it again just before the start: the burst in
 * the sale's first seconds then finds everything in memory or in Redis, and no catalog read reaches
 * PostgreSQL. And the sale gate (the units and each buyer's allowance in Redis, lib/sales/buying.ts) is
 * seeded, so the first checkouts find it ready.
 */

/** The second pass: this long before the start, so the in-process copies are fresh when the burst comes. */
const REWARM_BEFORE_START_MS = 2_000;
/** A page that does not answer within this is left to the first shopper (it is logged). */
const REQUEST_TIMEOUT_MS = 10_000;

export type Warm = (record: SaleRecord) => Promise<void>;

/** Asks this instance for each product's data, page and JSON; never throws (a failure is logged). */
export function warmOverHttp(baseUrl: string): Warm {
  return async (record) => {
    const gate = primeSaleGate(record).catch((error: unknown) => {
      // The first checkout seeds it instead.
      console.error(`sales: prewarm of sale ${record.id}'s gate: ${String(error)}`);
    });
    // A queued sale already open (an instance started mid-sale) answers its page and JSON per visitor, by
    // its line (lib/queue): only the data is warmed then.
    const overHttp = !guardedByLine(record);
    await Promise.all([
      gate,
      ...record.items.map(async ({ slug }) => {
        const path = encodeURIComponent(slug);
        const results = await Promise.allSettled([
          getProductDetail(slug),
          ...(overHttp ? [ask(`${baseUrl}/products/${path}`), ask(`${baseUrl}/api/products/${path}`)] : []),
        ]);
        for (const result of results) {
          if (result.status === 'rejected') {
            console.error(`sales: prewarm of ${slug} (sale ${record.id}): ${String(result.reason)}`);
          }
        }
      }),
    ]);
  };
}

async function ask(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

/**
 * Warms each sale at the registry's 'prewarm' event and again just before its start. Returns a function
 * that stops listening (tests).
 */
export function prewarmSales(registry: SaleRegistry, warm: Warm): () => void {
  const timers = new Set<NodeJS.Timeout>();
  const onPrewarm = (record: SaleRecord) => {
    void warm(record);
    const untilRewarm = record.startsAt.getTime() - REWARM_BEFORE_START_MS - Date.now();
    if (untilRewarm <= REWARM_BEFORE_START_MS) return; // warmed just now: close enough to the start
    const timer = setTimeout(() => {
      timers.delete(timer);
      void registry.get(record.id).then((current) => current && warm(current));
    }, untilRewarm);
    timer.unref();
    timers.add(timer);
  };
  registry.on('prewarm', onPrewarm);
  return () => {
    registry.off('prewarm', onPrewarm);
    for (const timer of timers) clearTimeout(timer);
  };
}

const state = globalThis as unknown as { storefrontSalePrewarm?: boolean };

/**
 * At boot (instrumentation.ts): starts the sale registry, so its timers run whether or not a request has
 * asked for a sale yet, and warms every sale's products before it opens. Idempotent.
 */
export function startSalePrewarm(): void {
  if (state.storefrontSalePrewarm) return;
  state.storefrontSalePrewarm = true;
  const registry = getSaleRegistry();
  prewarmSales(registry, warmOverHttp(`http://127.0.0.1:${getConfig().PORT}`));
  // The first load schedules the prewarm timers (a failure is retried by the registry's periodic reload).
  void registry.list().catch(() => undefined);
}
