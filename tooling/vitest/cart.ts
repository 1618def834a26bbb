import { getSql } from '../../lib/db/client';

/** A product's row as tests read it straight from PostgreSQL. */
export interface StockedProduct {
  id: number;
  slug: string;
  name: string;
  priceCents: number;
  stock: number;
}

/** A product whose stock lies in [min, max], the `skip`-th by id (so tests in parallel pick apart). */
export async function productWithStock(min: number, max: number, skip = 0): Promise<StockedProduct> {
  const [row] = await getSql()<StockedProduct[]>`
    select id, slug, name, price_cents as "priceCents", stock
    from products where stock between ${min} and ${max} order by id offset ${skip} limit 1`;
  if (!row) throw new Error(`the seeded catalog has no product with stock in ${min}..${max} (skip ${skip})`);
  return row;
}
