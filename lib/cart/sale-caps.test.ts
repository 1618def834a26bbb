import { describe, expect, it } from 'vitest';
import { GET as getCart } from '@/app/api/cart/route';
import { PUT as putItem } from '@/app/api/cart/items/[productId]/route';
import { getSql } from '@/lib/db/client';
import { getSaleRegistry } from '@/lib/sales';
import { productAt, withOwnCatalog } from '@/tooling/vitest/admin';
import { addToCart, checkoutWith, newKey, newShopper, setStock } from '@/tooling/vitest/orders';
import { liveSale, scheduleSale } from '@/tooling/vitest/sales';
import { TestBrowser } from '@/tooling/vitest/session';

// The cart's sale rules through its JSON routes, on real PostgreSQL and Redis: nothing before the start,
// clamped to the shopper's allowance and the units left while live, priced at the sale price, and the
// regular price again after.

withOwnCatalog('cart_sales', 20);

interface CartJson {
  items: Array<{ productId: number; quantity: number; unitPriceCents: number; lineTotalCents: number }>;
  count: number;
  subtotalCents: number;
  notice?: string;
}

const cartOf = async (browser: TestBrowser) =>
  (await browser.call(getCart, 'GET', '/api/cart')).json as CartJson;
const setQuantity = (browser: TestBrowser, productId: number, quantity: number) =>
  browser.call(putItem, 'PUT', `/api/cart/items/${productId}`, {
    body: { quantity },
    params: { productId: String(productId) },
  });

describe('cart in a sale', () => {
  it('refuses a product whose sale has not started with 409 and its start, writing nothing', async () => {
    const product = await productAt(0);
    await setStock(product.id, 50);
    const startsAt = new Date(Date.now() + 3600_000);
    await scheduleSale({
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
      items: [{ productId: product.id, salePriceCents: 100, units: 10, perCustomerLimit: 1 }],
    });
    const guest = new TestBrowser();
    const added = await addToCart(guest, product.id, 1);
    expect([added.status, added.json]).toEqual([
      409,
      { error: expect.any(String), productId: product.id, startsAt: startsAt.toISOString() },
    ]);
    expect(guest.cookies.header()).toBe(''); // not even a session
    const shopper = await newShopper();
    expect((await addToCart(shopper, product.id, 2)).status).toBe(409);
    expect((await setQuantity(shopper, product.id, 1)).status).toBe(409);
    expect((await cartOf(shopper)).count).toBe(0);
  });

  it("clamps to the shopper's allowance left and to the units left, at the sale price", async () => {
    const product = await productAt(1);
    await setStock(product.id, 50);
    const salePriceCents = Math.max(1, product.priceCents - 500);
    await liveSale({ productId: product.id, salePriceCents, units: 10, perCustomerLimit: 3 });
    const shopper = await newShopper();
    const added = await addToCart(shopper, product.id, 5);
    expect(added.status).toBe(200);
    const cart = added.json as CartJson;
    expect(cart.items).toEqual([
      expect.objectContaining({ productId: product.id, quantity: 3, unitPriceCents: salePriceCents }),
    ]);
    expect(cart.subtotalCents).toBe(3 * salePriceCents);
    expect(cart.notice).toContain('limited to 3 per customer');
    expect(((await setQuantity(shopper, product.id, 9)).json as CartJson).items[0]?.quantity).toBe(3);

    // The total the shopper sees is the one place_order charges.
    const placed = await checkoutWith(shopper, newKey(), { expectedTotalCents: cart.subtotalCents });
    expect([placed.status, placed.json]).toEqual([
      201,
      { orderId: expect.any(Number), totalCents: 3 * salePriceCents },
    ]);
    // Allowance used up: 409 with the limit and what was bought; the cart stays as it was.
    expect(await addToCart(shopper, product.id, 1)).toMatchObject({
      status: 409,
      json: { error: expect.any(String), productId: product.id, limit: 3, bought: 3 },
    });
    expect((await cartOf(shopper)).count).toBe(0);

    // A guest may hold up to the limit; 7 units are left, so a limit of 3 still binds.
    const guest = new TestBrowser();
    expect(((await addToCart(guest, product.id, 9)).json as CartJson).items[0]?.quantity).toBe(3);
  });

  it('clamps to the units left when they are fewer than the allowance, and refuses once none are left', async () => {
    const product = await productAt(2);
    await setStock(product.id, 50);
    await liveSale({ productId: product.id, salePriceCents: 100, units: 2, perCustomerLimit: 5 });
    const [first, second] = [await newShopper(), await newShopper()];
    const added = (await addToCart(first, product.id, 4)).json as CartJson;
    expect(added.items[0]?.quantity).toBe(2);
    expect(added.notice).toContain('Only 2');
    expect((await checkoutWith(first, newKey())).status).toBe(201);
    expect(await addToCart(second, product.id, 1)).toMatchObject({
      status: 409,
      json: { productId: product.id, available: 0 },
    });
  });

  it('prices the line at the regular price again once the sale has ended', async () => {
    const product = await productAt(3);
    await setStock(product.id, 50);
    const saleId = await liveSale({
      productId: product.id,
      salePriceCents: 100,
      units: 5,
      perCustomerLimit: 2,
    });
    const shopper = await newShopper();
    expect(((await addToCart(shopper, product.id, 1)).json as CartJson).items[0]?.unitPriceCents).toBe(100);
    await getSql()`update sales set ended_at = now() where id = ${saleId}`;
    await getSaleRegistry().reload(saleId);
    const cart = await cartOf(shopper);
    expect(cart.items[0]?.unitPriceCents).toBe(product.priceCents);
    // And no limit any more.
    expect(((await addToCart(shopper, product.id, 5)).json as CartJson).items[0]?.quantity).toBe(6);
  });
});
