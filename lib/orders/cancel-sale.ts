import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { saleItems, salePurchases } from '../db/schema';
import { publishSaleChange, resetSaleGate } from '../sales';

/*
 * A cancelled order's lines bought in a sale: the sale gets its units back (units_sold) and the buyer their
 * allowance (sale_purchases.quantity), in the cancellation's own transaction; then, after the commit, the
 * sale gate drops its copy (re-seeded from PostgreSQL at the next use) and every instance hears the change.
 */

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

interface SaleLine {
  saleId: number;
  productId: number;
  quantity: number;
}

export async function giveBackToSale(tx: Transaction, userId: number, line: SaleLine): Promise<void> {
  const item = and(eq(saleItems.saleId, line.saleId), eq(saleItems.productId, line.productId));
  // greatest(…, 0): a figure the CHECKs keep at 0 or more, whatever an admin did to the rows since.
  await tx
    .update(saleItems)
    .set({ unitsSold: sql`greatest(${saleItems.unitsSold} - ${line.quantity}, 0)` })
    .where(item);
  await tx
    .update(salePurchases)
    .set({ quantity: sql`greatest(${salePurchases.quantity} - ${line.quantity}, 0)` })
    .where(
      and(
        eq(salePurchases.saleId, line.saleId),
        eq(salePurchases.productId, line.productId),
        eq(salePurchases.userId, userId),
      ),
    );
}

/** After the commit: each sale's gate re-reads PostgreSQL, and every instance reloads the sale. */
export async function reopenSales(lines: ReadonlyArray<{ saleId: number | null; productId: number }>) {
  const bySale = new Map<number, number[]>();
  for (const { saleId, productId } of lines) {
    if (saleId !== null) bySale.set(saleId, [...(bySale.get(saleId) ?? []), productId]);
  }
  for (const [saleId, productIds] of bySale) {
    await resetSaleGate(saleId, productIds);
    await publishSaleChange(saleId);
  }
}
