import { describe, expect, it } from 'vitest';
import { getDb, getSql } from '@/lib/db/client';
import { withOwnCatalog } from '@/tooling/vitest/own-catalog';
import { getProductDetail } from './index';
import { applyPendingInvalidations, measureOutbox, recordProductChange } from './outbox';

// A crash between an admin's commit and the cache invalidation: the invalidation was recorded in the
// write's own transaction, so any instance's sweeper applies it, and the page shows the committed change.

withOwnCatalog('outbox');

const rows = async () =>
  (await getSql()<{ n: number }[]>`select count(*)::int as n from cache_invalidations`)[0]?.n ?? 0;

describe('the invalidation outbox', () => {
  it('brings a change committed by a writer that crashed before invalidating to the cached page', async () => {
    const [product] = await getSql()<{ id: number; slug: string; price: number }[]>`
      select id, slug, price_cents as price from products order by id limit 1`;
    expect((await getProductDetail(product!.slug))?.priceCents).toBe(product!.price);

    // The write commits with its recorded invalidation, and the process dies before applying it.
    await getDb().transaction(async (tx) => {
      await tx.execute(`update products set price_cents = price_cents + 500 where id = ${product!.id}`);
      await recordProductChange(tx, [product!.slug]);
    });
    expect((await getProductDetail(product!.slug))?.priceCents).toBe(product!.price);
    expect(await rows()).toBe(1);
    // What the metrics report: one row waiting, as old as the write (its clock is PostgreSQL's).
    await getSql()`update cache_invalidations set created_at = now() - interval '30 seconds'`;
    const backlog = await measureOutbox();
    expect(backlog.pending).toBe(1);
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(30);
    expect(backlog.oldestAgeSeconds).toBeLessThan(50);

    // Young rows are their writer's: the sweeper leaves them; older ones it applies and deletes.
    expect(await applyPendingInvalidations(60_000)).toBe(0);
    expect(await applyPendingInvalidations(0)).toBe(1);
    expect(await rows()).toBe(0);
    expect(await measureOutbox()).toEqual({ pending: 0, oldestAgeSeconds: 0 });
    expect((await getProductDetail(product!.slug))?.priceCents).toBe(product!.price + 500);
  });
});
