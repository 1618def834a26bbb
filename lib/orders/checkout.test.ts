import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GET as getCart } from '@/app/api/cart/route';
import { PATCH as patchProduct } from '@/app/api/admin/products/[id]/route';
import { GET as getProductJson } from '@/app/api/products/[slug]/route';
import { getSql } from '@/lib/db/client';
import { getRedis } from '@/lib/redis/client';
import { checkoutKeys } from '@/lib/redis/keys';
import { DEMO_ADMIN, productAt, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import {
  addToCart,
  checkoutWith,
  newKey,
  newShopper,
  orderCount,
  setStock,
  stockOf,
} from '@/tooling/vitest/orders';
import { TestBrowser } from '@/tooling/vitest/session';

// Checkout through its JSON route, on real PostgreSQL and Redis: the whole cart becomes one order or
// nothing does; a key places at most one order; prices come from PostgreSQL, never from the cache.

withOwnCatalog('checkout', 40);

type Answer = Awaited<ReturnType<typeof checkoutWith>>;
const json = (answer: Answer) => answer.json as Record<string, unknown>;
const cartOf = async (browser: TestBrowser) =>
  (await browser.call(getCart, 'GET', '/api/cart')).json as {
    items: Array<{ productId: number }>;
    count: number;
  };

async function userIdOf(browser: TestBrowser): Promise<number> {
  const { currentSession } = await import('@/lib/session/current');
  const session = await currentSession(browser.request());
  if (session?.userId == null) throw new Error('not signed in');
  return session.userId;
}

describe('checkout', () => {
  it('places the whole cart as one order at PostgreSQL prices and empties the bought lines', async () => {
    const shopper = await newShopper();
    const [a, b] = [await productAt(0), await productAt(1)];
    await setStock(a.id, 10);
    await setStock(b.id, 10);
    await addToCart(shopper, a.id, 2);
    await addToCart(shopper, b.id, 1);

    const answer = await checkoutWith(shopper, newKey());
    expect(answer.status, JSON.stringify(answer.json)).toBe(201);
    const totalCents = 2 * a.priceCents + b.priceCents;
    expect(answer.json).toEqual({ orderId: expect.any(Number), totalCents });
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([8, 9]);
    const rows = await getSql()`
      select product_id as "productId", quantity, unit_price_cents as "unitPriceCents", name
      from order_items where order_id = ${json(answer).orderId as number} order by product_id`;
    expect(rows).toEqual([
      { productId: a.id, quantity: 2, unitPriceCents: a.priceCents, name: a.name },
      { productId: b.id, quantity: 1, unitPriceCents: b.priceCents, name: b.name },
    ]);
    expect((await cartOf(shopper)).count).toBe(0);
  });

  it('replays a placed order for the same key, whatever the cart holds now, and writes nothing', async () => {
    const shopper = await newShopper();
    const product = await productAt(2);
    await setStock(product.id, 10);
    await addToCart(shopper, product.id, 1);
    const key = newKey();
    const first = await checkoutWith(shopper, key);
    expect(first.status).toBe(201);

    const again = await checkoutWith(shopper, key);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    // The cart changed since: still the first order's answer, and the new line stays in the cart.
    await addToCart(shopper, product.id, 3);
    const later = await checkoutWith(shopper, key);
    expect(later.json).toEqual(first.json);
    expect(await orderCount(await userIdOf(shopper))).toBe(1);
    expect(await stockOf(product.id)).toBe(9);
    expect((await cartOf(shopper)).count).toBe(3);
  });

  it('answers the placed order, not 409, when the attempt that placed it died before recording its answer', async () => {
    const shopper = await newShopper();
    const product = await productAt(3);
    await setStock(product.id, 10);
    await addToCart(shopper, product.id, 1);
    const key = newKey();
    const first = await checkoutWith(shopper, key);
    expect(first.status).toBe(201);
    // What an instance killed between the commit and recording the answer leaves: the key still "running".
    const record = checkoutKeys().attempt(
      await userIdOf(shopper),
      createHash('sha256').update(key).digest('base64url'),
    );
    expect(await getRedis().get(record)).toMatch(/^done:/);
    await getRedis().set(record, 'running:a-dead-attempt', 'PX', 60_000);

    const again = await checkoutWith(shopper, key);
    expect([again.status, again.json]).toEqual([201, first.json]);
    expect(await orderCount(await userIdOf(shopper))).toBe(1);
    // A key whose attempt really is running (no order yet) is still 409.
    const running = checkoutKeys().attempt(
      await userIdOf(shopper),
      createHash('sha256').update('other').digest('base64url'),
    );
    await getRedis().set(running, 'running:another-attempt', 'PX', 60_000);
    expect((await checkoutWith(shopper, 'other')).status).toBe(409);
  });

  it('makes one order of 20 concurrent checkouts with one key: the others answer it or 409', async () => {
    const shopper = await newShopper();
    const product = await productAt(3);
    await setStock(product.id, 50);
    await addToCart(shopper, product.id, 2);
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 20 }, () => checkoutWith(shopper, key)));
    const placed = answers.filter((answer) => answer.status === 201);
    expect(placed.length).toBeGreaterThanOrEqual(1);
    expect(new Set(placed.map((answer) => json(answer).orderId)).size).toBe(1);
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    expect(await orderCount(await userIdOf(shopper))).toBe(1);
    expect(await stockOf(product.id)).toBe(48);
  });

  it('refuses a line that cannot be filled with 409 {error, productId, available}, writing nothing; a fixed cart then succeeds with the same key', async () => {
    const [first, second] = [await newShopper(), await newShopper()];
    const [scarce, plenty] = [await productAt(4), await productAt(5)];
    await setStock(scarce.id, 1);
    await setStock(plenty.id, 10);
    for (const shopper of [first, second]) {
      await addToCart(shopper, plenty.id, 1);
      await addToCart(shopper, scarce.id, 1);
    }
    expect((await checkoutWith(first, newKey())).status).toBe(201);

    const key = newKey();
    const refused = await checkoutWith(second, key);
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ error: expect.any(String), productId: scarce.id, available: 0 });
    expect(await orderCount(await userIdOf(second))).toBe(0);
    expect([await stockOf(scarce.id), await stockOf(plenty.id)]).toEqual([0, 9]);
    expect((await cartOf(second)).count).toBe(2);

    // A refused attempt is not remembered: with the sold-out line removed, the same key places the order.
    const { DELETE: deleteItem } = await import('@/app/api/cart/items/[productId]/route');
    await second.call(deleteItem, 'DELETE', `/api/cart/items/${scarce.id}`, {
      params: { productId: String(scarce.id) },
    });
    const retried = await checkoutWith(second, key);
    expect(retried.status, JSON.stringify(retried.json)).toBe(201);
    expect(await stockOf(plenty.id)).toBe(8);
  });

  it('answers 400 for a missing or malformed key and an empty cart, 401 signed out, changing nothing', async () => {
    const shopper = await newShopper();
    const product = await productAt(6);
    await setStock(product.id, 10);
    expect((await checkoutWith(shopper, newKey())).status).toBe(400); // empty cart
    await addToCart(shopper, product.id, 1);
    for (const key of [undefined, '', 'x'.repeat(256), 'del\x7fkey', 'tab\tkey', 'é-accent']) {
      const answer = await checkoutWith(shopper, key);
      expect(answer.status, String(key)).toBe(400);
      expect(json(answer).error).toEqual(expect.any(String));
    }
    expect((await checkoutWith(new TestBrowser(), newKey())).status).toBe(401);
    expect(await stockOf(product.id)).toBe(10);
    expect(await orderCount(await userIdOf(shopper))).toBe(0);
    expect((await checkoutWith(shopper, 'k'.repeat(255))).status).toBe(201);
  });

  it('charges the price PostgreSQL has, not the one still cached', async () => {
    const [shopper, admin] = [await newShopper(), await signedIn(DEMO_ADMIN)];
    const product = await productAt(7);
    await setStock(product.id, 10);
    // The old price is cached (the product JSON reads through the cache) and in the cart's view.
    const cached = await shopper.call(getProductJson, 'GET', `/api/products/${product.slug}`, {
      params: { slug: product.slug },
    });
    expect((cached.json as { priceCents: number }).priceCents).toBe(product.priceCents);
    await addToCart(shopper, product.id, 1);
    const newPrice = product.priceCents + 1234;
    const patched = await admin.call(patchProduct, 'PATCH', `/api/admin/products/${product.id}`, {
      body: { priceCents: newPrice },
      params: { id: String(product.id) },
    });
    expect(patched.status).toBe(200);
    const answer = await checkoutWith(shopper, newKey());
    expect(answer.json).toEqual({ orderId: expect.any(Number), totalCents: newPrice });
    const [item] =
      await getSql()`select unit_price_cents as p from order_items where order_id = ${json(answer).orderId as number}`;
    expect(item?.p).toBe(newPrice);
  });
});
