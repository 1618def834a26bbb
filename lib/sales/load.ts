import { and, asc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { products, saleItems, sales } from '../db/schema';
import type { Reader } from '../db/products';
import { callDependency } from '../errors';

/** A sale as PostgreSQL holds it, with its items' products: what the registry (./registry.ts) keeps. */
export interface SaleRecord {
  id: number;
  name: string;
  startsAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  cancelledAt: Date | null;
  queue: { activeShoppers: number; admissionMinutes: number; seed: string } | null;
  items: SaleRecordItem[];
}

export interface SaleRecordItem {
  productId: number;
  slug: string;
  name: string;
  priceCents: number;
  salePriceCents: number;
  units: number;
  unitsSold: number;
  perCustomerLimit: number;
}

/** How long an ended sale stays listed (`GET /api/sales`: "ended within 24 h"). */
export const ENDED_LISTED_MS = 24 * 60 * 60 * 1000;

/**
 * Sales that are not cancelled and have not been over for more than a day (all of them, or those with
 * `ids`). Two statements: the sales, then their items with their products' names and prices.
 */
export async function loadSales(ids?: readonly number[]): Promise<SaleRecord[]> {
  const since = new Date(Date.now() - ENDED_LISTED_MS);
  const rows = await callDependency('postgres', () =>
    getDb()
      .select()
      .from(sales)
      .where(
        and(
          isNull(sales.cancelledAt),
          or(gt(sales.endedAt, since), and(isNull(sales.endedAt), gt(sales.endsAt, since))),
          ids ? inArray(sales.id, [...ids]) : sql`true`,
        ),
      )
      .orderBy(asc(sales.startsAt), asc(sales.id)),
  );
  return callDependency('postgres', () => withItems(getDb(), rows));
}

/**
 * Sale rows as records: their items, with their products' names and prices, in one more statement. Also
 * inside a transaction (`db` a transaction: the admin's writes read back what they commit).
 */
export async function withItems(
  db: Reader,
  rows: ReadonlyArray<typeof sales.$inferSelect>,
): Promise<SaleRecord[]> {
  if (rows.length === 0) return [];
  const items = await db
    .select({
      saleId: saleItems.saleId,
      productId: saleItems.productId,
      slug: products.slug,
      name: products.name,
      priceCents: products.priceCents,
      salePriceCents: saleItems.salePriceCents,
      units: saleItems.units,
      unitsSold: saleItems.unitsSold,
      perCustomerLimit: saleItems.perCustomerLimit,
    })
    .from(saleItems)
    .innerJoin(products, eq(products.id, saleItems.productId))
    .where(
      inArray(
        saleItems.saleId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(saleItems.productId));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    endedAt: row.endedAt,
    cancelledAt: row.cancelledAt,
    queue:
      row.queueActiveShoppers !== null && row.queueSeed !== null
        ? {
            activeShoppers: row.queueActiveShoppers,
            admissionMinutes: row.queueAdmissionMinutes ?? 10,
            seed: row.queueSeed,
          }
        : null,
    items: items
      .filter((item) => item.saleId === row.id)
      .map((item) => ({
        productId: item.productId,
        slug: item.slug,
        name: item.name,
        priceCents: item.priceCents,
        salePriceCents: item.salePriceCents,
        units: item.units,
        unitsSold: item.unitsSold,
        perCustomerLimit: item.perCustomerLimit,
      })),
  }));
}
