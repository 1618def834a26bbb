import { getSql } from '../db/client';
import { callDependency, isOutage } from '../errors';
import { getSessionRedis } from '../redis/client';
import { saleKeys } from '../redis/keys';
import { SaleGate, type SaleGateSeed } from './gate';
import type { SaleRecord, SaleRecordItem } from './load';
import { getSaleRegistry } from './registry';

/*
 * Buying in a sale, as the cart and checkout see it: which of their products are in a sale that has not
 * ended (the registry, in memory), and the sale gate (./gate.ts) on the sessions Redis (never evicted).
 */

/** A product's sale that has not ended: `scheduled` before its start, `running` from then (live or sold out). */
export interface ProductInSale {
  sale: SaleRecord;
  item: SaleRecordItem;
  phase: 'scheduled' | 'running';
}

/**
 * The sales that `productIds` are in and that have not ended, at `now`. When the registry cannot load
 * (PostgreSQL away at this instance's first use), none: the cart keeps working at regular prices, and
 * place_order, which reads the sales itself, still decides every order.
 */
export async function productsInSale(
  productIds: readonly number[],
  now: number = Date.now(),
): Promise<Map<number, ProductInSale>> {
  const found = new Map<number, ProductInSale>();
  if (productIds.length === 0) return found;
  const registry = getSaleRegistry();
  try {
    for (const productId of new Set(productIds)) {
      const sale = await registry.forProduct(productId, now);
      const item = sale?.items.find((candidate) => candidate.productId === productId);
      if (!sale || !item) continue;
      found.set(productId, { sale, item, phase: now < sale.startsAt.getTime() ? 'scheduled' : 'running' });
    }
  } catch (error) {
    if (!isOutage(error)) throw error;
    console.error(`sales: registry unreadable: ${error instanceof Error ? error.message : error}`);
  }
  return found;
}

/** One sale item's seed: its units left capped by the product's stock, its limit, and every buyer's units. */
export async function readSaleSeedFromPostgres(
  saleId: number,
  productId: number,
): Promise<SaleGateSeed | null> {
  const sql = getSql();
  const [item] = await callDependency(
    'postgres',
    () => sql<Array<{ units: number; limit: number; endsAtMs: number }>>`
      select least(si.units - si.units_sold, p.stock) as units, si.per_customer_limit as "limit",
             (extract(epoch from coalesce(s.ended_at, s.ends_at)) * 1000)::float8 as "endsAtMs"
      from sale_items si join products p on p.id = si.product_id join sales s on s.id = si.sale_id
      where si.sale_id = ${saleId} and si.product_id = ${productId}`,
  );
  if (!item) return null;
  const buyers = await callDependency(
    'postgres',
    () => sql<Array<{ userId: number; quantity: number }>>`
      select user_id as "userId", quantity from sale_purchases
      where sale_id = ${saleId} and product_id = ${productId} and quantity > 0`,
  );
  const { units, limit, endsAtMs } = item;
  return {
    units,
    limit,
    endsAt: new Date(endsAtMs),
    bought: new Map(buyers.map((buyer) => [buyer.userId, buyer.quantity])),
  };
}

// One gate per Redis client: tests and scripts may close the shared client and get a new one.
const gates = new WeakMap<object, SaleGate>();

export function getSaleGate(): SaleGate {
  const redis = getSessionRedis();
  let gate = gates.get(redis);
  if (!gate) {
    gate = new SaleGate(redis, saleKeys(), readSaleSeedFromPostgres);
    gates.set(redis, gate);
  }
  return gate;
}

/** Seeds the gate of every item of a sale that has no value yet (the prewarm): the opening finds it ready. */
export async function primeSaleGate(sale: SaleRecord): Promise<void> {
  await Promise.all(sale.items.map((item) => getSaleGate().prime(sale.id, item.productId)));
}

/** After PostgreSQL gave a sale units or allowance back (a cancelled order): re-seed its gate. */
export async function resetSaleGate(saleId: number, productIds: readonly number[]): Promise<void> {
  await getSaleGate()
    .reset(saleId, productIds)
    .catch((error: unknown) => {
      // It expires an hour after the sale; until then it may refuse a unit or an allowance given back,
      // and PostgreSQL still decides every order.
      console.error(`sales: gate not reset: ${error instanceof Error ? error.message : error}`);
    });
}
