import { describe, expect, it } from 'vitest';
import { getRedis } from '../redis/client';
import { sessionKeys } from '../redis/keys';
import { beginSession, currentSession } from '../session/current';
import { TestBrowser } from '@/tooling/vitest/session';
import { addToCart, cartKeyOf, readCart, readCartCount, removeFromCart, setCartQuantity } from './index';
import { productWithStock } from '@/tooling/vitest/cart';

// The cart's rules against the run's real Redis and PostgreSQL (60 seeded products), one browser each.

const keys = () => sessionKeys();

describe('cart (real Redis and PostgreSQL)', () => {
  it('reads an empty cart without creating a session or setting a cookie', async () => {
    const browser = new TestBrowser();
    expect(await readCart(browser.request())).toEqual({ items: [], count: 0, subtotalCents: 0 });
    expect(await readCartCount(browser.request())).toBe(0);
    expect(browser.cookies.header()).toBe('');
  });

  it("starts a guest session at the first add, and prices lines from the catalog's current row", async () => {
    const browser = new TestBrowser();
    const product = await productWithStock(10, 10_000);
    const { cart, notice } = await addToCart(browser.request(), { productId: product.id, quantity: 2 });
    expect(notice).toBeUndefined();
    expect(browser.cookies.header()).toMatch(/^sf_session=/);
    expect(cart).toEqual({
      items: [
        {
          productId: product.id,
          slug: product.slug,
          name: product.name,
          quantity: 2,
          unitPriceCents: product.priceCents,
          lineTotalCents: product.priceCents * 2,
        },
      ],
      count: 2,
      subtotalCents: product.priceCents * 2,
    });
    const session = await currentSession(browser.request());
    expect(session?.userId).toBeNull();
    const key = keys().guestCart(session!.id);
    expect(await getRedis().hgetall(key)).toEqual({ [product.id]: '2' });
    // The guest cart lives as long as the guest session (SESSION_IDLE_SECONDS by default here).
    const ttl = await getRedis().pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1800 * 1000);
    expect(await readCartCount(browser.request())).toBe(2);
  });

  it('clamps to the stock and says so', async () => {
    const browser = new TestBrowser();
    const scarce = await productWithStock(2, 9);
    const first = await addToCart(browser.request(), { productId: scarce.id, quantity: 1 });
    expect(first.notice).toBeUndefined();
    const over = await addToCart(browser.request(), { productId: scarce.id, quantity: 50 });
    expect(over.cart.items[0]?.quantity).toBe(scarce.stock);
    expect(over.notice).toContain(`Only ${scarce.stock}`);
  });

  it('never passes the cap when many adds race', async () => {
    const browser = new TestBrowser();
    const plenty = await productWithStock(100, 10_000, 1);
    const scarce = await productWithStock(2, 9, 1);
    await addToCart(browser.request(), { productId: plenty.id, quantity: 1 });
    const answers = await Promise.allSettled(
      Array.from({ length: 30 }, (_, index) =>
        addToCart(browser.request(), { productId: index % 2 ? plenty.id : scarce.id, quantity: 7 }),
      ),
    );
    // 15 adds of 7 to a line of 1: 14 reach 99 exactly; the last would pass it and is refused.
    const refused = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason] : []));
    expect(refused).toMatchObject([{ status: 400 }]);
    const { items } = await readCart(browser.request());
    expect(items.find((item) => item.productId === plenty.id)?.quantity).toBe(99);
    expect(items.find((item) => item.productId === scarce.id)?.quantity).toBe(scarce.stock);
  });

  it('refuses unknown and sold-out products clearly, changing nothing', async () => {
    const browser = new TestBrowser();
    await expect(addToCart(browser.request(), { productId: 99_999_999, quantity: 1 })).rejects.toMatchObject({
      status: 404,
      message: 'That product does not exist.',
    });
    const soldOut = await productWithStock(0, 0);
    await expect(addToCart(browser.request(), { productId: soldOut.id, quantity: 1 })).rejects.toMatchObject({
      status: 409,
      message: `${soldOut.name} is out of stock.`,
    });
    expect(browser.cookies.header()).toBe('');
  });

  it('sets a quantity (clamped to stock), removes at 0 and on remove', async () => {
    const browser = new TestBrowser();
    const a = await productWithStock(10, 10_000, 2);
    const b = await productWithStock(2, 9, 2);
    await addToCart(browser.request(), { productId: a.id, quantity: 1 });
    await addToCart(browser.request(), { productId: b.id, quantity: 1 });
    expect((await setCartQuantity(browser.request(), { productId: a.id, quantity: 5 })).cart.count).toBe(6);
    const clamped = await setCartQuantity(browser.request(), { productId: b.id, quantity: 50 });
    expect(clamped.cart.items.find((item) => item.productId === b.id)?.quantity).toBe(b.stock);
    expect(clamped.notice).toContain(`Only ${b.stock}`);
    const zero = await setCartQuantity(browser.request(), { productId: a.id, quantity: 0 });
    expect(zero.cart.items.map((item) => item.productId)).toEqual([b.id]);
    const removed = await removeFromCart(browser.request(), b.id);
    expect(removed.cart).toEqual({ items: [], count: 0, subtotalCents: 0 });
    // Removing what is not there is not an error.
    expect((await removeFromCart(browser.request(), b.id)).cart.count).toBe(0);
  });

  it("keys a signed-in cart by the user, so all the user's browsers share it, for 30 days", async () => {
    const userId = 900_000 + Math.floor(Math.random() * 99_999);
    const [laptop, phone] = [new TestBrowser(), new TestBrowser()];
    await beginSession(laptop.request(), { userId, role: 'shopper' });
    await beginSession(phone.request(), { userId, role: 'shopper' });
    const product = await productWithStock(10, 10_000, 3);
    await addToCart(laptop.request(), { productId: product.id, quantity: 3 });
    expect((await readCart(phone.request())).count).toBe(3);
    const ttl = await getRedis().pttl(keys().userCart(userId));
    expect(ttl).toBeGreaterThan(29 * 24 * 3600 * 1000);
    expect(cartKeyOf((await currentSession(phone.request()))!).key).toBe(keys().userCart(userId));
  });

  it('drops lines of products that no longer exist, so the badge converges on the page', async () => {
    const browser = new TestBrowser();
    const product = await productWithStock(10, 10_000, 4);
    await addToCart(browser.request(), { productId: product.id, quantity: 1 });
    const session = await currentSession(browser.request());
    await getRedis().hset(keys().guestCart(session!.id), '88888888', '4');
    expect(await readCartCount(browser.request())).toBe(5);
    expect((await readCart(browser.request())).count).toBe(1);
    expect(await readCartCount(browser.request())).toBe(1);
  });
});
