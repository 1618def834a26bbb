import 'server-only';
import { inArray } from 'drizzle-orm';
import type { Reader } from '../../db/products';
import { sales } from '../../db/schema';
import { withItems, type SaleRecord } from '../../sales';

/*
 * A sale as PostgreSQL has it now, read inside the admin's own transaction (so the audit row and the answer
 * show exactly what was committed), cancelled or not: the shape the registry keeps (lib/sales/load.ts).
 */

export async function readSaleRecords(db: Reader, ids: readonly number[]): Promise<SaleRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(sales)
    .where(inArray(sales.id, [...ids]));
  const records = new Map((await withItems(db, rows)).map((record) => [record.id, record]));
  return ids.flatMap((id) => records.get(id) ?? []);
}

export async function readSaleRecord(db: Reader, id: number): Promise<SaleRecord | undefined> {
  const [record] = await readSaleRecords(db, [id]);
  return record;
}
