import { getSql } from '../../lib/db/client';
import { getSaleRegistry } from '../../lib/sales';
import type { ProductRow } from './admin';

/*
 * What the tests of scheduling, cancelling and ending sales share (lib/admin/sales, app/api/admin/sales,
 * app/api/sales). Imported by tests only; PostgreSQL and Redis are the real ones.
 */

export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

export interface SaleBody {
  name: string;
  startsAt: string;
  endsAt: string;
  items: Record<string, unknown>[];
  [field: string]: unknown;
}

/** A valid `POST /api/admin/sales` body for one product: an hour from now, for an hour, 3 units, limit 1. */
export function saleBody(product: Pick<ProductRow, 'id' | 'priceCents' | 'stock'>): SaleBody {
  return {
    name: 'Midnight drop',
    startsAt: inSeconds(3600),
    endsAt: inSeconds(7200),
    items: [
      {
        productId: product.id,
        salePriceCents: Math.max(1, Math.floor(product.priceCents / 2)),
        units: Math.min(3, product.stock),
        perCustomerLimit: 1,
      },
    ],
  };
}

/** Moves a scheduled sale's start into the past (as if its second had come) and tells this instance. */
export async function makeLive(saleId: number): Promise<void> {
  await getSql()`update sales set starts_at = now() - interval '1 minute' where id = ${saleId}`;
  await getSaleRegistry().reload(saleId);
}

/** Rows of the sale tables and their audit, to prove a refused request wrote nothing. */
export async function salesFingerprint(): Promise<string> {
  const [row] = await getSql()<Record<string, string | null>[]>`
    select (select md5(string_agg(s::text, ',' order by id)) from sales s) as sales,
           (select md5(string_agg(i::text, ',' order by sale_id, product_id)) from sale_items i) as items,
           (select count(*)::int from sale_audit) as audits,
           (select count(*)::int from cache_invalidations) as invalidations`;
  return JSON.stringify(row);
}

export async function saleAuditRows(saleId: number) {
  return getSql()<{ action: string; adminUserId: number; after: Record<string, unknown> }[]>`
    select action, admin_user_id as "adminUserId", after from sale_audit where sale_id = ${saleId} order by id`;
}

export async function userIdOf(email: string): Promise<number> {
  const [row] = await getSql()<{ id: number }[]>`select id from users where email = ${email}`;
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}
