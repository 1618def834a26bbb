import { beforeAll, describe, expect, it } from 'vitest';
import { PATCH as patchProduct } from '@/app/api/admin/products/[id]/route';
import { GET as getCart } from '@/app/api/cart/route';
import { PRODUCT_LIMITS } from '@/lib/admin/limits';
import { MAX_LINES, MAX_QUANTITY } from '@/lib/cart/types';
import { getSql } from '@/lib/db/client';
import { getStockGate } from '@/lib/stock';
import { DEMO_ADMIN, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import { addToCart, checkoutWith, newKey, newShopper, setStock, stockOf } from '@/tooling/vitest/orders';
import type { TestBrowser } from '@/tooling/vitest/session';

// What a cart's total can do to checkout, through the JSON route on real PostgreSQL and Redis: the largest
// cart the caps allow places at the largest price an admin can set (the total is a bigint), and a total
// that moved since the shopper saw it is refused with 409 before anything is written.

withOwnCatalog('totals', 60);

let ids: number[] = [];

beforeAll(async () => {
  const rows = await getSql()<{ id: number }[]>`select id from products order by id`;
  ids = rows.map((row) => row.id);
});

type Cart = { items: Array<{ productId: number; quantity: number }>; count: number; subtotalCents: number };
const cartOf = async (browser: TestBrowser) => (await browser.call(getCart, 'GET', '/api/cart')).json as Cart;

async function ordersOf(browser: TestBrowser): Promise<number> {
  const { currentSession } = await import('@/lib/session/current');
  const session = await currentSession(browser.request());
  const [row] = await getSql()<{ n: number }[]>`
    select count(*)::int as n from orders where user_id = ${session!.userId!}`;
  return row!.n;
}

/** What checkout may change: stock in PostgreSQL and in the gate, the user's orders, their cart. */
async function stateOf(browser: TestBrowser, productIds: readonly number[]) {
  const gate = getStockGate();
  return {
    stock: await Promise.all(productIds.map(stockOf)),
    gate: await Promise.all(productIds.map((id) => gate.peek(id))),
    orders: await ordersOf(browser),
    cart: await cartOf(browser),
  };
}

describe('cart totals at checkout', () => {
  it('places the largest cart the caps allow, at the highest price an admin can set', async () => {
    const worst = ids.slice(0, MAX_LINES);
    const price = PRODUCT_LIMITS.priceCentsMax;
    await getSql()`update products set price_cents = ${price} where id in ${getSql()(worst)}`;
    for (const id of worst) await setStock(id, 200);
    const shopper = await newShopper();
    for (const id of worst) expect((await addToCart(shopper, id, MAX_QUANTITY)).status).toBe(200);

    const totalCents = MAX_LINES * MAX_QUANTITY * price; // 49,500,000,000: past a 32-bit integer
    const answer = await checkoutWith(shopper, newKey(), { expectedTotalCents: totalCents });
    expect([answer.status, answer.json]).toEqual([201, { orderId: expect.any(Number), totalCents }]);
    const { orderId } = answer.json as { orderId: number };
    const [order] = await getSql()<{ total: string }[]>`
      select total_cents::text as total from orders where id = ${orderId}`;
    expect(order?.total).toBe(String(totalCents));
    const stateAfter = await stateOf(shopper, worst);
    expect(stateAfter.stock).toEqual(worst.map(() => 200 - MAX_QUANTITY));
    expect(stateAfter.gate).toEqual(worst.map(() => 200 - MAX_QUANTITY));
    expect(stateAfter.cart.count).toBe(0);
  });

  it('refuses a total that moved since the shopper saw it (409 {error, totalCents}), writing nothing', async () => {
    const [shopper, admin] = [await newShopper(), await signedIn(DEMO_ADMIN)];
    const [a, b] = [ids[MAX_LINES]!, ids[MAX_LINES + 1]!];
    await setStock(a, 10);
    await setStock(b, 10);
    await addToCart(shopper, a, 2);
    await addToCart(shopper, b, 1);
    const seen = (await cartOf(shopper)).subtotalCents;
    // The admin raises a's price after the shopper saw the cart.
    const [row] = await getSql()<
      { price: number }[]
    >`select price_cents as price from products where id = ${a}`;
    const patched = await admin.call(patchProduct, 'PATCH', `/api/admin/products/${a}`, {
      body: { priceCents: row!.price + 500 },
      params: { id: String(a) },
    });
    expect(patched.status).toBe(200);
    const before = await stateOf(shopper, [a, b]);

    const key = newKey();
    const refused = await checkoutWith(shopper, key, { expectedTotalCents: seen });
    expect([refused.status, refused.json]).toEqual([
      409,
      { error: expect.any(String), totalCents: seen + 2 * 500 },
    ]);
    expect(await stateOf(shopper, [a, b])).toEqual(before);

    // The shopper confirms the new total: the same key places the order (a refusal is not remembered).
    const placed = await checkoutWith(shopper, key, { expectedTotalCents: seen + 1000 });
    expect([placed.status, placed.json]).toEqual([
      201,
      { orderId: expect.any(Number), totalCents: seen + 1000 },
    ]);
    // A replay of the placed order answers it, whatever total it is sent with.
    const replay = await checkoutWith(shopper, key, { expectedTotalCents: 1 });
    expect([replay.status, replay.json]).toEqual([201, placed.json]);
    expect(await stockOf(a)).toBe(8);
  });

  it('refuses a malformed expectedTotalCents with 400 and fields, writing nothing', async () => {
    const shopper = await newShopper();
    const product = ids[MAX_LINES + 2]!;
    await setStock(product, 10);
    await addToCart(shopper, product, 1);
    const before = await stateOf(shopper, [product]);
    for (const body of [
      { expectedTotalCents: -1 },
      { expectedTotalCents: 1.5 },
      { expectedTotalCents: '100' },
      { expectedTotalCents: null },
      { expectedTotalCents: 2 ** 53 },
    ]) {
      const answer = await checkoutWith(shopper, newKey(), body);
      expect([answer.status, answer.json], JSON.stringify(body)).toEqual([
        400,
        { error: expect.any(String), fields: { expectedTotalCents: expect.any(String) } },
      ]);
    }
    const unknown = await checkoutWith(shopper, newKey(), { expectedTotal: 100 });
    expect(unknown).toMatchObject({ status: 400, json: { fields: { expectedTotal: expect.any(String) } } });
    for (const raw of ['[]', 'null', '"x"', '{"expectedTotalCents":']) {
      const answer = await shopper.call(
        (await import('@/app/api/checkout/route')).POST,
        'POST',
        '/api/checkout',
        {
          headers: { 'idempotency-key': newKey() },
          raw,
        },
      );
      expect(answer.status, raw).toBe(400);
    }
    expect(await stateOf(shopper, [product])).toEqual(before);
    // No body, or an empty object, still places the cart at whatever it costs now.
    expect((await checkoutWith(shopper, newKey(), {})).status).toBe(201);
  });
});
