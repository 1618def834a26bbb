import 'server-only';
import { inArray } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { SingleFlight } from '../concurrency';
import { getConfig } from '../config';
import { getDb } from '../db/client';
import { products } from '../db/schema';
import { callDependency, isOutage } from '../errors';
import { getSessionRedis } from '../redis/client';
import { stockKeys } from '../redis/keys';
import { StockGate } from './gate';

/**
 * Live stock: the stock gate (./gate.ts) on the session Redis (never evicted), seeded from PostgreSQL.
 * What checkout takes units from, and what the product page's stock line and the cart's clamp read
 * ("display cached, buy live": the cached product page may be an hour old, its stock line never more
 * than a moment).
 */

/** PostgreSQL's stock of some products (the gate's seed). */
export async function readStockFromPostgres(productIds: readonly number[]): Promise<Map<number, number>> {
  if (productIds.length === 0) return new Map();
  const rows = await callDependency('postgres', () =>
    getDb()
      .select({ id: products.id, stock: products.stock })
      .from(products)
      .where(inArray(products.id, [...productIds])),
  );
  return new Map(rows.map((row) => [row.id, row.stock]));
}

// One gate per Redis client: tests and scripts may close the shared client and get a new one.
const gates = new WeakMap<object, StockGate>();

export function getStockGate(): StockGate {
  const redis = getSessionRedis();
  let gate = gates.get(redis);
  if (!gate) {
    const { CACHE_TTL_SECONDS, CACHE_TTL_JITTER_SECONDS } = getConfig();
    // Twice the longest a cached product page lives (see StockGate's `ttlMs`).
    const ttlMs = 2 * (CACHE_TTL_SECONDS + CACHE_TTL_JITTER_SECONDS) * 1000;
    gate = new StockGate(redis, stockKeys(), readStockFromPostgres, ttlMs);
    gates.set(redis, gate);
  }
  return gate;
}

/**
 * The live stock of some products: the gate, or PostgreSQL when Redis cannot be asked (a bug is not
 * papered over: it throws). Absent: no such product.
 */
export async function liveStock(productIds: readonly number[]): Promise<Map<number, number>> {
  try {
    return await getStockGate().available(productIds);
  } catch (error) {
    if (!isOutage(error)) throw error;
    console.error(
      `stock: gate unreadable, asking PostgreSQL: ${error instanceof Error ? error.message : error}`,
    );
    return readStockFromPostgres(productIds);
  }
}

// A product page read a thousand times a second asks Redis for its stock every two seconds per instance.
const DISPLAY_STOCK_MS = 2000;
const displayed = new LRUCache<number, number>({ max: 10_000, ttl: DISPLAY_STOCK_MS });

/**
 * The stock a product page shows: the gate's value (at most DISPLAY_STOCK_MS old), or `cached` (the
 * page's own copy) when the gate has none or Redis cannot be asked (a bug throws). The gate outlives every page cached
 * before the product's last sale, so falling back to the page's copy never shows units that were sold.
 * A page view never reads PostgreSQL for it.
 */
export async function displayStock(productId: number, cached: number): Promise<number> {
  const known = displayed.get(productId);
  if (known !== undefined) return known;
  try {
    // Hundreds of shoppers opening a cold page at once share one read.
    const peeked = await peeks.run(String(productId), () => getStockGate().glance(productId));
    const stock = peeked ?? cached;
    displayed.set(productId, stock);
    return stock;
  } catch (error) {
    if (!isOutage(error)) throw error;
    return cached;
  }
}

const peeks = new SingleFlight<number | null>();

/** After a commit that changed stock in PostgreSQL (an admin edit, a cancelled order): re-seed the gate. */
export async function resetStock(productIds: readonly number[]): Promise<void> {
  await getStockGate()
    .reset(productIds)
    .catch((error: unknown) => {
      // The value expires by itself (GATE_TTL_MS); until then the gate may refuse or admit wrongly, and
      // PostgreSQL still decides every sale.
      console.error(`stock: gate not reset: ${error instanceof Error ? error.message : error}`);
    });
}

export { HOLD_MS, type GateDecision, type StockLine } from './gate';
