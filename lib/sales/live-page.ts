import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { saleItems, sales } from '../db/schema';
import { callDependency, isOutage } from '../errors';
import type { SaleRecord } from './load';
import { getSaleRegistry } from './registry';

/**
 * The product's sale that has not ended, as PostgreSQL says now: what a product page is rendered with.
 *
 * Not the registry's copy alone: a page is rendered right after the invalidation a sale's scheduling or
 * end sends, possibly before this instance's registry has read the change, and the page is then kept up
 * to an hour; rendered from the stale copy it would miss a new sale or show an ended one that long. So
 * the sale's id is read here (one indexed statement on sale_items and sales, no catalog table), and the
 * registry reloads that sale (and any sale it still holds for the product), which also tells the event
 * streams. Renders are rare (once per product across the fleet per invalidation), so this costs little.
 * With PostgreSQL away, the registry's last copy is the answer.
 */
export async function currentProductSale(productId: number): Promise<SaleRecord | undefined> {
  const registry = getSaleRegistry();
  let saleId: number | undefined;
  try {
    const [row] = await callDependency('postgres', () =>
      getDb()
        .select({ id: sales.id })
        .from(saleItems)
        .innerJoin(sales, eq(sales.id, saleItems.saleId))
        .where(
          and(
            eq(saleItems.productId, productId),
            isNull(sales.cancelledAt),
            isNull(sales.endedAt),
            gt(sales.endsAt, sql`now()`),
          ),
        )
        .orderBy(asc(sales.startsAt))
        .limit(1),
    );
    saleId = row?.id;
  } catch (error) {
    if (!isOutage(error)) throw error;
    return registry.forProduct(productId);
  }
  const held = await registry.forProduct(productId);
  if (held && held.id !== saleId) await registry.reload(held.id); // ended or cancelled meanwhile
  if (saleId === undefined) return undefined;
  await registry.reload(saleId);
  return registry.get(saleId);
}
