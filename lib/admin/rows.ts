import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { categories, products } from '../db/schema';
import { RequestError } from '../errors';
import type { Transaction } from './audit';
import type { AdminProduct, AdminProductRow } from './types';

/** The SQL pieces the admin reads and writes share. */

type Reader = Pick<Database, 'select'> | Transaction;

export const productColumns = {
  id: products.id,
  slug: products.slug,
  name: products.name,
  description: products.description,
  priceCents: products.priceCents,
  stock: products.stock,
  category: categories.slug,
  categoryName: categories.name,
  imageUrl: products.imageUrl,
  version: products.version,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
};

export const productRowColumns = {
  id: products.id,
  slug: products.slug,
  name: products.name,
  priceCents: products.priceCents,
  stock: products.stock,
  category: categories.slug,
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
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(eq(products.id, id))
    .limit(1);
  const [row] = await (options.forUpdate ? query.for('update', { of: products }) : query);
  if (!row) return null;
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export const UNKNOWN_CATEGORY = "Choose one of the shop's categories.";

/** The id of the category with this slug; a field error on `category` when there is none. */
export async function categoryIdFor(db: Reader, slug: string): Promise<number> {
  const [row] = await db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug));
  if (!row) throw new RequestError(400, 'Some fields are not valid', { category: UNKNOWN_CATEGORY });
  return row.id;
}

export async function loadCategoryOptions(db: Reader) {
  return db
    .select({ slug: categories.slug, name: categories.name })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.name));
}

/** PostgreSQL's error code behind a Drizzle error (it wraps the driver's), e.g. 23505 unique_violation. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
