import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Database } from './client';
import { categories, products } from './schema';

/*
 * The product and category SQL that the catalog, the cart, checkout and the admin all need: written once
 * here, so a column every reader shows is added in one place.
 */

/** A database or a transaction: anything that can run a select. */
export type Reader = Pick<Database, 'select'>;

/** What every view of a product shows: its identity, price, stock and category (by slug). */
export const productBaseColumns = {
  id: products.id,
  slug: products.slug,
  name: products.name,
  priceCents: products.priceCents,
  stock: products.stock,
  category: categories.slug,
};

/** The join every product read with its category makes. */
export const productCategoryJoin = eq(categories.id, products.categoryId);

/**
 * One page of `rows` (a dynamic select of products joined to categories, filtered by `where` and
 * ordered), and the total matching `where`: two queries, run side by side.
 */
export async function pageOfProducts<T extends PgSelect>(
  db: Reader,
  rows: T,
  { where, page, pageSize }: { where: SQL | undefined; page: number; pageSize: number },
) {
  const [items, [counted]] = await Promise.all([
    rows.limit(pageSize).offset((page - 1) * pageSize) as unknown as Promise<Awaited<T>>,
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(products)
      .innerJoin(categories, productCategoryJoin)
      .where(where),
  ]);
  return { items, total: counted?.total ?? 0 };
}

/** The shop's categories as its navigation orders them. */
export function selectCategories(db: Reader) {
  return db
    .select({
      id: categories.id,
      slug: categories.slug,
      name: categories.name,
      description: categories.description,
    })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.name));
}
