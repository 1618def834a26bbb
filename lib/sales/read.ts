import { isOutage } from '../errors';
import { getSaleRegistry } from './registry';
import type { ProductSale, Sale } from './types';
import { toProductSale, toSale } from './view';

/*
 * What the API and the pages read about sales: every answer comes from this instance's registry
 * (./registry.ts), so no public read of a sale asks PostgreSQL (the registry is reloaded on every change
 * and every 15 s). Statuses are computed at the moment of the answer, so a cached copy of a sale never
 * says "scheduled" past its start.
 */

/** `GET /api/sales`: live, upcoming and ended within a day, earliest start first. */
export async function listSales(now = Date.now()): Promise<Sale[]> {
  const records = await getSaleRegistry().list();
  const registry = getSaleRegistry();
  return records.map((record) => toSale(record, now, registry.lineOf(record.id)));
}

/** Live and upcoming sales only (the shoppers' /sales page and the home page's banner). */
export async function listCurrentSales(now = Date.now()): Promise<Sale[]> {
  return (await listSales(now)).filter((sale) => sale.status !== 'ended');
}

/** `GET /api/sales/{id}`: the sale, or null when it is unknown, cancelled or over for more than a day. */
export async function findSale(saleId: number, now = Date.now()): Promise<Sale | null> {
  const record = await getSaleRegistry().get(saleId);
  return record ? toSale(record, now, getSaleRegistry().lineOf(record.id)) : null;
}

/**
 * The `sale` of `GET /api/products/{slug}`: the product's sale that has not ended, or null. Also null when
 * this instance has never been able to load its sales (started while PostgreSQL is down): the product JSON,
 * served from the cache, stays up through an outage as it always has, and nothing can be bought meanwhile
 * (checkout needs PostgreSQL). A registry loaded once keeps answering from memory through an outage.
 */
export async function findProductSale(productId: number, now = Date.now()): Promise<ProductSale | null> {
  try {
    const record = await getSaleRegistry().forProduct(productId, now);
    return record ? toProductSale(record, productId, now) : null;
  } catch (error) {
    if (!isOutage(error)) throw error;
    return null;
  }
}
