import 'server-only';
import { eq } from 'drizzle-orm';
import { productBaseColumns, productCategoryJoin, selectCategories, type Reader } from '../db/products';
import { categories, products } from '../db/schema';
import { RequestError } from '../errors';
import type { AdminProduct, AdminProductRow } from './types';

/** The SQL pieces the admin reads and writes share. */

const productColumns = {
  ...productBaseColumns,
  description: products.description,
  categoryName: categories.name,
  imageUrl: products.imageUrl,
  version: products.version,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
};

export const productRowColumns = {
  ...productBaseColumns,
  version: products.version,
  updatedAt: products.updatedAt,
};

export const toRow = ({ updatedAt, ...row }: Omit<AdminProductRow, 'updatedAt'> & { updatedAt: Date }) => ({
  ...row,
  updatedAt: updatedAt.toISOString(),
});

/**
 * One product as PostgreSQL has it now. `forUpdate` locks the product's row (not its category's) until
 * the transaction ends, so a concurrent edit waits and then sees this one's version.
 */
export async function readProduct(
  db: Reader,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<AdminProduct | null> {
  const query = db
    .select(productColumns)
    .from(products)
    .innerJoin(categories, productCategoryJoin)
    .where(eq(products.id, id))
    .limit(1);
  const [row] = await (options.forUpdate ? query.for('update', { of: products }) : query);
  if (!row) return null;
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

const UNKNOWN_CATEGORY = "Choose one of the shop's categories.";

/** The id of the category with this slug; a field error on `category` when there is none. */
export async function categoryIdFor(db: Reader, slug: string): Promise<number> {
  const [row] = await db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug));
  if (!row) throw new RequestError(400, 'Some fields are not valid', { category: UNKNOWN_CATEGORY });
  return row.id;
}

export async function loadCategoryOptions(db: Reader) {
  const rows = await selectCategories(db);
  return rows.map(({ slug, name }) => ({ slug, name }));
}
