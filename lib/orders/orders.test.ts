import { describe, expect, it } from 'vitest';
import { POST as cancelRoute } from '@/app/api/admin/orders/[id]/cancel/route';
import { GET as getOrderRoute } from '@/app/api/orders/[id]/route';
import { GET as listOrdersRoute } from '@/app/api/orders/route';
import { getSql } from '@/lib/db/client';
import { canReadOrder } from '@/lib/orders';
import { getStockGate } from '@/lib/stock';
import { DEMO_ADMIN, DEMO_SHOPPER, productAt, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import { addToCart, checkoutWith, newKey, newShopper, setStock, stockOf } from '@/tooling/vitest/orders';
import { TestBrowser } from '@/tooling/vitest/session';

// Orders as people read them: visible to their owner and to admins, and to nobody else (a 404, the same
// as an id never used); an admin's cancellation puts the units back, in PostgreSQL and the gate.

withOwnCatalog('orders', 30);

async function placeOrder(shopper: TestBrowser, productId: number, quantity: number): Promise<number> {
  await addToCart(shopper, productId, quantity);
  const answer = await checkoutWith(shopper, newKey());
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return (answer.json as { orderId: number }).orderId;
}

const readOrder = (browser: TestBrowser, id: number | string) =>
  browser.call(getOrderRoute, 'GET', `/api/orders/${id}`, { params: { id: String(id) } });
const cancel = (browser: TestBrowser, id: number) =>
  browser.call(cancelRoute, 'POST', `/api/admin/orders/${id}/cancel`, { params: { id: String(id) } });

describe('orders', () => {
  it('shows an order to its owner and admins only; to anyone else it does not exist', async () => {
    const [owner, stranger, admin] = [
      await newShopper(),
      await signedIn(DEMO_SHOPPER),
      await signedIn(DEMO_ADMIN),
    ];
    const product = await productAt(0);
    await setStock(product.id, 10);
    const orderId = await placeOrder(owner, product.id, 2);

    const mine = await readOrder(owner, orderId);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(mine.json).toEqual({
      id: orderId,
      status: 'placed',
      totalCents: 2 * product.priceCents,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      items: [
        {
          productId: product.id,
          slug: product.slug,
          name: product.name,
          quantity: 2,
          unitPriceCents: product.priceCents,
        },
      ],
    });
    expect((await readOrder(admin, orderId)).json).toEqual(mine.json);
    const strangers = await readOrder(stranger, orderId);
    const missing = await readOrder(owner, 2_000_000_000 - 1);
    expect([strangers.status, missing.status]).toEqual([404, 404]);
    expect(strangers.json).toEqual(missing.json);
    expect((await readOrder(new TestBrowser(), orderId)).status).toBe(401);
  });

  it('answers the order page gate in one row: owner and admins yes, anyone else and unknown ids no', async () => {
    const [owner, stranger, admin] = [
      await newShopper(),
      await signedIn(DEMO_SHOPPER),
      await signedIn(DEMO_ADMIN),
    ];
    const product = await productAt(3);
    await setStock(product.id, 10);
    const orderId = await placeOrder(owner, product.id, 1);

    expect(await canReadOrder(owner.request(), orderId)).toBe(true);
    expect(await canReadOrder(admin.request(), orderId)).toBe(true);
    expect(await canReadOrder(stranger.request(), orderId)).toBe(false);
    for (const id of [2_000_000_000 - 1, 0, -1, 1.5, Number.NaN]) {
      expect(await canReadOrder(owner.request(), id), String(id)).toBe(false);
    }
    await expect(canReadOrder(new TestBrowser().request(), orderId)).rejects.toMatchObject({ status: 401 });
  });

  it("lists the user's own orders, newest first, paginated", async () => {
    const shopper = await newShopper();
    const product = await productAt(1);
    await setStock(product.id, 10);
    const first = await placeOrder(shopper, product.id, 1);
    const second = await placeOrder(shopper, product.id, 1);
    const list = await shopper.call(listOrdersRoute, 'GET', '/api/orders');
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ page: 1, pageSize: 20, total: 2 });
    expect((list.json as { items: Array<{ id: number }> }).items.map((order) => order.id)).toEqual([
      second,
      first,
    ]);
    expect((await shopper.call(listOrdersRoute, 'GET', '/api/orders?page=2')).json).toMatchObject({
      items: [],
      total: 2,
    });
    expect((await shopper.call(listOrdersRoute, 'GET', '/api/orders?page=0')).status).toBe(400);
    expect((await new TestBrowser().call(listOrdersRoute, 'GET', '/api/orders')).status).toBe(401);
  });

  it('lets an admin cancel a placed order once: its units go back to PostgreSQL and the gate, audited', async () => {
    const [shopper, admin] = [await newShopper(), await signedIn(DEMO_ADMIN)];
    const product = await productAt(2);
    await setStock(product.id, 3);
    const orderId = await placeOrder(shopper, product.id, 3);
    expect(await stockOf(product.id)).toBe(0);
    expect(await getStockGate().peek(product.id)).toBe(0);

    expect((await cancel(shopper, orderId)).status).toBe(403);
    const cancelled = await cancel(admin, orderId);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ id: orderId, status: 'cancelled' });
    expect(await stockOf(product.id)).toBe(3);
    // The gate was reset after the commit: the next reader seeds it from PostgreSQL.
    expect(await getStockGate().peek(product.id)).toBeNull();
    expect((await getStockGate().available([product.id])).get(product.id)).toBe(3);
    const audit =
      await getSql()`select action, from_status as "from", to_status as "to" from order_audit where order_id = ${orderId}`;
    expect(audit).toEqual([{ action: 'cancel', from: 'placed', to: 'cancelled' }]);

    const again = await cancel(admin, orderId);
    expect(again.status).toBe(409);
    expect(await stockOf(product.id)).toBe(3);
    expect((await cancel(admin, 2_000_000_000 - 1)).status).toBe(404);
  });
});
