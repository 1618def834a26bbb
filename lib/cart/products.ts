import 'server-only';
import { inArray } from 'drizzle-orm';
import { getDb } from '../db/client';
import { productBaseColumns, productCategoryJoin } from '../db/products';
import { categories, products } from '../db/schema';
import { callDependency } from '../errors';

/*
 * The cart's own product lookups, straight from PostgreSQL rather than through the catalog cache: a cart
 * is personal and small, and must see the stock and price as they are now, not as a cached page was.
 */

export interface CartProduct {
  id: number;
  slug: string;
  name: string;
  priceCents: number;
  stock: number;
  category: string;
}

/** The products among `ids` that exist, by id (one query however many lines the cart has). */
export async function getCartProducts(ids: readonly number[]): Promise<Map<number, CartProduct>> {
  if (ids.length === 0) return new Map();
  const rows = await callDependency('postgres', () =>
    getDb()
      .select(productBaseColumns)
      .from(products)
      .innerJoin(categories, productCategoryJoin)
      .where(inArray(products.id, [...new Set(ids)])),
  );
  return new Map(rows.map((row) => [row.id, row]));
}

export async function getCartProduct(id: number): Promise<CartProduct | null> {
  return (await getCartProducts([id])).get(id) ?? null;
}
