import { getSql } from '../../lib/db/client';
import { getSaleRegistry } from '../../lib/sales';
import { insertSale, type SaleItemRow } from '../sales';

/*
 * What the sale tests share: a sale written into the run's (or the file's own) database, and this
 * process's registry told of it at once (the instances of a real deployment hear it on the sales channel).
 */

export async function scheduleSale(sale: {
  startsAt: Date;
  endsAt: Date;
  items: readonly SaleItemRow[];
}): Promise<number> {
  const saleId = await insertSale(getSql(), sale);
  await getSaleRegistry().reload(saleId);
  return saleId;
}

/** A sale of one product, live from now (a second ago) for an hour. */
export function liveSale(item: SaleItemRow): Promise<number> {
  return scheduleSale({
    startsAt: new Date(Date.now() - 1000),
    endsAt: new Date(Date.now() + 3600_000),
    items: [item],
  });
}

export async function saleUnitsSold(saleId: number, productId: number): Promise<number> {
  const [row] = await getSql()<{ n: number }[]>`
    select units_sold as n from sale_items where sale_id = ${saleId} and product_id = ${productId}`;
  return row?.n ?? -1;
}

export async function saleBought(saleId: number, productId: number, userId: number): Promise<number> {
  const [row] = await getSql()<{ n: number }[]>`
    select quantity as n from sale_purchases
    where sale_id = ${saleId} and product_id = ${productId} and user_id = ${userId}`;
  return row?.n ?? 0;
}
