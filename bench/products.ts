import postgres from 'postgres';

/**
 * The first `count` products (by id) never in a sale, for parts that load product pages or buy: the sale
 * parts before them leave theirs in sales (a queued one sends its page to the line, and its cart answers
 * 409 without an admission).
 */
export async function productsOutsideSales(
  databaseUrl: string,
  count: number,
): Promise<{ id: number; slug: string }[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ id: number; slug: string }[]>`
      select id, slug from products p
      where not exists (select 1 from sale_items si where si.product_id = p.id)
      order by id limit ${count}`;
    if (rows.length < count) throw new Error('the bench database has too few products outside a sale');
    return [...rows];
  } finally {
    await sql.end({ timeout: 5 });
  }
}
