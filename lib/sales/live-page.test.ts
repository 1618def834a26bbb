import { afterAll, describe, expect, it } from 'vitest';
import { getSql } from '@/lib/db/client';
import { insertSale } from '@/tooling/sales';
import { withOwnCatalog } from '@/tooling/vitest/own-catalog';
import { currentProductSale } from './live-page';
import { getSaleRegistry } from './registry';

// A product page is rendered with the sale PostgreSQL holds, even when this instance's registry has not
// heard of the change yet (nothing is published here): a new sale shows, an ended one does not, and the
// registry catches up on the way.

withOwnCatalog('live-page', 5);

afterAll(() => getSaleRegistry().stop());

describe('currentProductSale', () => {
  it("finds a sale the registry has not heard of, and drops one ended behind the registry's back", async () => {
    const [product] = await getSql()<{ id: number }[]>`select id from products order by id limit 1`;
    const productId = product!.id;
    expect(await currentProductSale(productId)).toBeUndefined();
    // The registry has loaded (no sale): a sale inserted now, unannounced, is still found.
    expect(await getSaleRegistry().forProduct(productId)).toBeUndefined();
    const saleId = await insertSale(getSql(), {
      startsAt: new Date(Date.now() + 60_000),
      endsAt: new Date(Date.now() + 3_600_000),
      items: [{ productId, salePriceCents: 100, units: 3, perCustomerLimit: 1 }],
    });
    expect((await currentProductSale(productId))?.id).toBe(saleId);
    expect((await getSaleRegistry().forProduct(productId))?.id).toBe(saleId);

    await getSql()`update sales set ended_at = now() where id = ${saleId}`;
    expect(await currentProductSale(productId)).toBeUndefined();
    expect(await getSaleRegistry().forProduct(productId)).toBeUndefined();
  });
});
