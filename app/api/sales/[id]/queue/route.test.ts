import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GET as getProduct } from '@/app/api/products/[slug]/route';
import { getSql } from '@/lib/db/client';
import { getSessionRedis } from '@/lib/redis/client';
import { queueKeys } from '@/lib/redis/keys';
import { getSaleRegistry } from '@/lib/sales';
import { productAt, withOwnCatalog } from '@/tooling/vitest/admin';
import { newShopper } from '@/tooling/vitest/orders';
import { scheduleSale } from '@/tooling/vitest/sales';
import { GET, POST } from './route';

// The line's routes called as Next.js calls them, on real PostgreSQL and Redis (the two-instance story is
// e2e/queue.spec.ts): a late joiner's place and admission, the cookie it is given and what it opens,
// joining a sold-out sale (its status, nobody joined) or an ended one (409), and a status asked by an
// account that never joined (404).

withOwnCatalog('queue_route');

/** A queued sale of product #`index`, started a second ago (or `startMs` from now), `activeShoppers` 1. */
async function queuedSale(index: number, { startMs = -1000, endMs = 3_600_000, soldOut = false } = {}) {
  const product = await productAt(index);
  const saleId = await scheduleSale({
    startsAt: new Date(Date.now() + startMs),
    endsAt: new Date(Date.now() + endMs),
    items: [{ productId: product.id, salePriceCents: 1, units: 3, perCustomerLimit: 1 }],
  });
  await getSql()`update sales set queue_active_shoppers = 1, queue_seed = ${randomBytes(32).toString('hex')}
                 where id = ${saleId}`;
  if (soldOut) await getSql()`update sale_items set units_sold = units where sale_id = ${saleId}`;
  await getSaleRegistry().reload(saleId);
  return { saleId, product };
}

const path = (saleId: number) => `/api/sales/${saleId}/queue`;
const params = (saleId: number) => ({ params: { id: String(saleId) } });

describe('the line routes', () => {
  it('places a late joiner at once, admits them with a cookie bound to their session, which opens the product', async () => {
    const { saleId, product } = await queuedSale(0);
    const shopper = await newShopper();
    const joined = await shopper.call(POST, 'POST', path(saleId), params(saleId));
    expect(joined.status).toBe(200);
    expect(joined.json).toMatchObject({ status: 'admitted', position: 1, ahead: 0 });
    expect(joined.headers.get('retry-after')).toBe(
      String((joined.json as { retryAfterSeconds: number }).retryAfterSeconds),
    );
    const cookie = `sf_admission_${saleId}`;
    expect(shopper.cookies.get(cookie)).toBeDefined();
    expect(shopper.cookies.options.get(cookie)).toMatchObject({ httpOnly: true, path: '/' });

    const slug = { params: { slug: product.slug } };
    const open = await shopper.call(getProduct, 'GET', `/api/products/${product.slug}`, slug);
    expect([open.status, open.headers.get('cache-control')]).toEqual([200, 'private, no-store']);
    // The next shopper waits: the one admission is held.
    const next = await newShopper();
    const second = await next.call(POST, 'POST', path(saleId), params(saleId));
    expect(second.json).toMatchObject({ status: 'waiting', position: 2, ahead: 0 });
    expect(next.cookies.get(cookie)).toBeUndefined();
    const refused = await next.call(getProduct, 'GET', `/api/products/${product.slug}`, slug);
    expect([refused.status, refused.json]).toEqual([
      409,
      { error: expect.any(String), queue: `/queue/${saleId}` },
    ]);
    // Asked again, the status is the same place.
    const again = await next.call(GET, 'GET', path(saleId), params(saleId));
    expect(again.json).toMatchObject({ status: 'waiting', position: 2 });
  });

  it('answers sold_out for a sold-out sale without joining anyone, 409 once it ended, 404 to a stranger', async () => {
    const shopper = await newShopper();
    const soldOut = await queuedSale(1, { soldOut: true });
    const answer = await shopper.call(POST, 'POST', path(soldOut.saleId), params(soldOut.saleId));
    expect([answer.status, answer.json]).toEqual([
      200,
      { status: 'sold_out', position: null, ahead: null, estimatedWaitSeconds: null, retryAfterSeconds: 60 },
    ]);
    expect(await getSessionRedis().exists(queueKeys().line(soldOut.saleId).joined)).toBe(0);

    const ended = await queuedSale(2, { startMs: -60_000, endMs: -1000 });
    const late = await shopper.call(POST, 'POST', path(ended.saleId), params(ended.saleId));
    expect([late.status, late.json]).toEqual([409, { error: expect.any(String) }]);

    const upcoming = await queuedSale(3, { startMs: 60_000 });
    const stranger = await shopper.call(GET, 'GET', path(upcoming.saleId), params(upcoming.saleId));
    expect([stranger.status, stranger.json]).toEqual([404, { error: expect.any(String) }]);
    const registered = await shopper.call(POST, 'POST', path(upcoming.saleId), params(upcoming.saleId));
    expect(registered.json).toMatchObject({ status: 'registered', position: null });
  });
});
