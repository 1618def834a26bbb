import 'server-only';
import { desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { getDb } from '../../db/client';
import { orderItems, orders, products, sales } from '../../db/schema';
import { callDependency } from '../../errors';
import { getQueueLines } from '../../queue';
import { saleStatus, type SaleRecord, type SaleStatus } from '../../sales';
import type { RequestContext } from '../../session/current';
import { requireAdmin } from '../authorize';
import { readSaleRecords } from './rows';

/*
 * The admin's reads of sales, straight from PostgreSQL (as the product admin reads are): an admin deciding
 * to cancel or end a sale sees the truth, cancelled sales included.
 */

export type AdminSaleStatus = SaleStatus | 'cancelled';

export interface AdminSale {
  id: number;
  name: string;
  status: AdminSaleStatus;
  startsAt: string;
  endsAt: string;
  /** When an admin ended or cancelled it, if one did. */
  endedAt: string | null;
  cancelledAt: string | null;
  items: {
    productId: number;
    slug: string;
    name: string;
    priceCents: number;
    salePriceCents: number;
    units: number;
    unitsSold: number;
    perCustomerLimit: number;
  }[];
  /** Placed (not cancelled) orders holding a line of the sale. */
  orders: number;
  queue: { activeShoppers: number; admissionMinutes: number } | null;
  /** A running queued sale's line as this instance last read it; null before the draw, or without a line. */
  line: AdminSaleLine | null;
}

/** Where a sale's line stands (lib/queue's reading, at most a second old). */
export interface AdminSaleLine {
  /** Places not admitted yet. */
  waiting: number;
  /** Admissions held now. */
  admitted: number;
  /** "Admitted through place N": the last place admitted so far. */
  admittedThrough: number;
  /** Redis could not be read just now: the figures are the last reading's. */
  stale: boolean;
}

const LISTED = 100;

/** The latest sales (by start), newest first. */
export async function listAdminSales(ctx: RequestContext): Promise<AdminSale[]> {
  await requireAdmin(ctx);
  const { records, ordersOf } = await callDependency('postgres', async () => {
    const db = getDb();
    const ids = await db
      .select({ id: sales.id })
      .from(sales)
      .orderBy(desc(sales.startsAt), desc(sales.id))
      .limit(LISTED);
    const records = await readSaleRecords(
      db,
      ids.map((row) => row.id),
    );
    const counts = await db
      .select({ saleId: orderItems.saleId, orders: sql<number>`count(distinct ${orderItems.orderId})::int` })
      .from(orderItems)
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .where(
        sql`${inArray(
          orderItems.saleId,
          ids.map((row) => row.id),
        )} and ${orders.status} <> 'cancelled'`,
      )
      .groupBy(orderItems.saleId);
    return { records, ordersOf: new Map(counts.map((row) => [row.saleId, row.orders])) };
  });
  // A running queued sale's line: Redis, through lib/queue's view (which absorbs an outage itself).
  const now = Date.now();
  const lines = await Promise.all(records.map((record) => lineOf(record, now)));
  return records.map((record, index) => ({
    id: record.id,
    name: record.name,
    status: record.cancelledAt
      ? 'cancelled'
      : saleStatus(
          record,
          record.items.map((item) => item.units - item.unitsSold),
          now,
        ),
    startsAt: record.startsAt.toISOString(),
    endsAt: record.endsAt.toISOString(),
    endedAt: record.endedAt?.toISOString() ?? null,
    cancelledAt: record.cancelledAt?.toISOString() ?? null,
    items: record.items,
    orders: ordersOf.get(record.id) ?? 0,
    queue: record.queue && {
      activeShoppers: record.queue.activeShoppers,
      admissionMinutes: record.queue.admissionMinutes,
    },
    line: lines[index] ?? null,
  }));
}

/** A live (or sold-out) queued sale's line, from this instance's once-a-second view of it (lib/queue). */
async function lineOf(record: SaleRecord, now: number): Promise<AdminSaleLine | null> {
  if (!record.queue || record.cancelledAt) return null;
  const status = saleStatus(record, [], now);
  if (status === 'scheduled' || status === 'ended') return null;
  const view = await getQueueLines().view(record);
  const snapshot = view?.snapshot;
  if (!snapshot) return null;
  return {
    waiting: Math.max(0, snapshot.total - snapshot.front),
    admitted: [...snapshot.active.values()].filter((expiry) => expiry > now).length,
    admittedThrough: snapshot.front,
    stale: view.stale,
  };
}

export interface SaleProductOption {
  id: number;
  name: string;
  priceCents: number;
  stock: number;
}

const OPTIONS = 500;

/**
 * The products the new-sale form offers: the newest in stock (at most 500: a select of the whole catalog
 * would weigh megabytes), and `include` (a product linked to the form) wherever it is.
 */
export async function listSaleProductOptions(
  ctx: RequestContext,
  include?: number,
): Promise<SaleProductOption[]> {
  await requireAdmin(ctx);
  const columns = {
    id: products.id,
    name: products.name,
    priceCents: products.priceCents,
    stock: products.stock,
  };
  return callDependency('postgres', () =>
    getDb()
      .select(columns)
      .from(products)
      .where(include ? or(gt(products.stock, 0), eq(products.id, include)) : gt(products.stock, 0))
      .orderBy(sql`${products.id} = ${include ?? 0} desc`, desc(products.id))
      .limit(OPTIONS),
  );
}
