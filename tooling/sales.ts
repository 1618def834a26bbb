import type postgres from 'postgres';

/*
 * Sales written straight into PostgreSQL, as the admin's scheduling would leave them: what the tests of
 * the live side (event streams, prewarm, the product page) need before they can watch one. The caller
 * publishes the change (lib/sales publishSaleChange) when instances must learn it at once; otherwise the
 * registry's periodic reload finds it.
 */

export interface SaleItemRow {
  productId: number;
  salePriceCents: number;
  units: number;
  perCustomerLimit: number;
}

/** A queued sale's line, as the admin API stores it (the seed: 32 bytes as hex). */
export interface SaleQueueRow {
  activeShoppers: number;
  admissionMinutes: number;
  seed: string;
}

/** Inserts a sale and its items; `createdBy` defaults to the first admin (or any user). Returns its id. */
export async function insertSale(
  sql: postgres.Sql,
  sale: {
    name?: string;
    startsAt: Date;
    endsAt: Date;
    items: readonly SaleItemRow[];
    createdBy?: number;
    queue?: SaleQueueRow;
  },
): Promise<number> {
  const createdBy = sale.createdBy ?? (await anyUser(sql));
  const queue = sale.queue;
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: number }[]>`
      insert into sales (name, starts_at, ends_at, created_by,
                         queue_active_shoppers, queue_admission_minutes, queue_seed)
      values (${sale.name ?? 'Test drop'}, ${sale.startsAt.toISOString()}::timestamptz, ${sale.endsAt.toISOString()}::timestamptz, ${createdBy},
              ${queue?.activeShoppers ?? null}, ${queue?.admissionMinutes ?? null}, ${queue?.seed ?? null})
      returning id`;
    for (const item of sale.items) {
      await tx`
        insert into sale_items (sale_id, product_id, sale_price_cents, units, per_customer_limit)
        values (${row!.id}, ${item.productId}, ${item.salePriceCents}, ${item.units}, ${item.perCustomerLimit})`;
    }
    return row!.id;
  });
}

/** Records `count` more units of the item sold, as place_order would (the product's stock too). */
export async function sellUnits(
  sql: postgres.Sql,
  saleId: number,
  productId: number,
  count = 1,
): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update sale_items set units_sold = units_sold + ${count}
             where sale_id = ${saleId} and product_id = ${productId}`;
    await tx`update products set stock = stock - ${count} where id = ${productId}`;
  });
}

async function anyUser(sql: postgres.Sql): Promise<number> {
  const [admin] = await sql<
    { id: number }[]
  >`select id from users order by (role = 'admin') desc, id limit 1`;
  if (admin) return admin.id;
  const [made] = await sql<{ id: number }[]>`
    insert into users (email, name, password_hash)
    values ('sale-owner-' || floor(random() * 1e9)::text || '@example.test', 'Sale owner', 'x')
    returning id`;
  return made!.id;
}
