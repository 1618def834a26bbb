import 'server-only';
import { getProductRefs, type ProductRef } from '../catalog';
import { liveStock } from '../stock';

/*
 * What the cart knows of its products: "display cached, buy live". Names and prices come through the
 * catalog cache (a cart view costs PostgreSQL nothing); the stock a quantity is clamped to is the live
 * one, from the stock gate. Only checkout reads PostgreSQL, and charges its prices.
 */

export interface CartProduct extends ProductRef {
  stock: number;
}

/** The products among `ids` that exist, by id, with their cached name and price. */
export function getCartProducts(ids: readonly number[]): Promise<Map<number, ProductRef>> {
  return getProductRefs(ids);
}

/** The products among `ids` that exist, with their live stock too (for clamping quantities). */
export async function getStockedCartProducts(ids: readonly number[]): Promise<Map<number, CartProduct>> {
  const [refs, stock] = await Promise.all([getProductRefs(ids), liveStock(ids)]);
  const products = new Map<number, CartProduct>();
  for (const [id, ref] of refs) products.set(id, { ...ref, stock: stock.get(id) ?? 0 });
  return products;
}

export async function getCartProduct(id: number): Promise<CartProduct | null> {
  return (await getStockedCartProducts([id])).get(id) ?? null;
}
