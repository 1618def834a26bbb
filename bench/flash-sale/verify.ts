import type { CheckoutAnswer } from './checkouts';
import type { BenchStore } from './store';

export interface Verdict {
  orders: number;
  unitsSold: number;
  stockLeft: number;
  checkoutServerErrors: number;
  pageServerErrors: number;
  passed: boolean;
}

/**
 * What a flash sale must get right whatever its speed: every unit sold exactly once (orders == units,
 * stock 0, never below), and no shopper or page visitor shown a server error. Read from PostgreSQL, which
 * decides sales, not from the answers alone. Only orders of the product on sale are counted: the bench's
 * database is shared by its parts.
 */
export async function verifySale(
  store: BenchStore,
  units: number,
  answers: CheckoutAnswer[],
  pageServerErrors: number,
): Promise<Verdict> {
  const [row] = await store.sql<{ orders: number; sold: number; stock: number }[]>`
    select (select count(distinct order_id)::int from order_items where product_id = ${store.product.id}) as orders,
           (select coalesce(sum(quantity), 0)::int from order_items where product_id = ${store.product.id}) as sold,
           (select stock from products where id = ${store.product.id}) as stock`;
  const checkoutServerErrors = answers.filter((answer) => answer.status >= 500 || answer.status === 0).length;
  const verdict = {
    orders: row?.orders ?? -1,
    unitsSold: row?.sold ?? -1,
    stockLeft: row?.stock ?? -1,
    checkoutServerErrors,
    pageServerErrors,
  };
  const passed =
    verdict.orders === units &&
    verdict.unitsSold === units &&
    verdict.stockLeft === 0 &&
    checkoutServerErrors === 0 &&
    pageServerErrors === 0;
  return { ...verdict, passed };
}
