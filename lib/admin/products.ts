import 'server-only';
import { desc, eq, ilike, or } from 'drizzle-orm';
import { getDb, getSql } from '../db/client';
import { pageOfProducts, productCategoryJoin } from '../db/products';
import { categories, products } from '../db/schema';
import { callDependency } from '../errors';
import type { RequestContext } from '../session/current';
import { requireAdmin } from './authorize';
import { loadCategoryOptions, productRowColumns, readProduct, toRow } from './rows';
import type { AdminOverview, AdminProduct, AdminProductPage, CategoryOption } from './types';

/*
 * The admin's reads. Straight from PostgreSQL, never through the catalog cache: an admin deciding what to
 * change must see the truth, not a copy that may be a few seconds behind.
 */

const ADMIN_PAGE_SIZE = 25;
export const MAX_SEARCH_LENGTH = 200;

// The admin's words are matched literally: % and _ are LIKE's wildcards, \ its escape.
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** Products whose name or slug contains `q` (or whose id it is), newest first, a page at a time. */
export async function searchAdminProducts(
  ctx: RequestContext,
  query: { q?: string; page?: number; pageSize?: number } = {},
): Promise<AdminProductPage> {
  await requireAdmin(ctx);
  const q = (query.q ?? '').trim().slice(0, MAX_SEARCH_LENGTH);
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.floor(query.pageSize ?? ADMIN_PAGE_SIZE)));
  const where = q
    ? or(
        ilike(products.name, likePattern(q)),
        ilike(products.slug, likePattern(q)),
        /^\d{1,9}$/.test(q) ? eq(products.id, Number(q)) : undefined,
      )
    : undefined;
  const db = getDb();
  const rows = db
    .select(productRowColumns)
    .from(products)
    .innerJoin(categories, productCategoryJoin)
    .where(where)
    .orderBy(desc(products.id))
    .$dynamic();
  const { items, total } = await callDependency('postgres', () =>
    pageOfProducts(db, rows, { where, page, pageSize }),
  );
  return { items: items.map(toRow), page, pageSize, total, q };
}

/** One product as it is now, or null. */
export async function getAdminProduct(ctx: RequestContext, id: number): Promise<AdminProduct | null> {
  await requireAdmin(ctx);
  return callDependency('postgres', () => readProduct(getDb(), id));
}

/** The categories a product may be filed under, for the form's select. */
export async function listCategoryOptions(ctx: RequestContext): Promise<CategoryOption[]> {
  await requireAdmin(ctx);
  return callDependency('postgres', () => loadCategoryOptions(getDb()));
}

/** The dashboard's counts, in one round trip. */
export async function getAdminOverview(ctx: RequestContext): Promise<AdminOverview> {
  await requireAdmin(ctx);
  const [row] = await callDependency(
    'postgres',
    () => getSql()<AdminOverview[]>`
      select (select count(*)::int from products) as products,
             (select count(*)::int from products where stock = 0) as "outOfStock",
             (select count(*)::int from categories) as categories,
             (select count(*)::int from admin_audit where created_at > now() - interval '24 hours')
               as "changesLast24h"`,
  );
  return row ?? { products: 0, outOfStock: 0, categories: 0, changesLast24h: 0 };
}
