import { randomBytes } from 'node:crypto';
import { register } from '../../lib/auth';
import { getSql } from '../../lib/db/client';
import { getStockGate } from '../../lib/stock';
import { POST as postCheckout } from '../../app/api/checkout/route';
import { POST as postItem } from '../../app/api/cart/items/route';
import { TestBrowser } from './session';

/*
 * What the checkout and order tests share. Real PostgreSQL and Redis; each file that sells stock has a
 * database of its own (withOwnCatalog), so the run's shared catalog keeps the stock other files expect.
 */

/** A newly registered shopper, signed in. */
export async function newShopper(): Promise<TestBrowser> {
  const browser = new TestBrowser();
  const tag = randomBytes(5).toString('hex');
  await register(browser.request(), {
    email: `buyer-${tag}@example.test`,
    name: `Buyer ${tag}`,
    password: 'a long enough password',
  });
  return browser;
}

/** Sets a product's stock in PostgreSQL, as an admin edit would, and resets its gate after the commit. */
export async function setStock(productId: number, stock: number): Promise<void> {
  await getSql()`update products set stock = ${stock} where id = ${productId}`;
  await getStockGate().reset([productId]);
}

export async function stockOf(productId: number): Promise<number> {
  const [row] = await getSql()<{ stock: number }[]>`select stock from products where id = ${productId}`;
  if (!row) throw new Error(`no product ${productId}`);
  return row.stock;
}

/** How many orders a user has (the user of `browser`'s session is found by its e-mail in the test). */
export async function orderCount(userId?: number): Promise<number> {
  const [row] =
    userId === undefined
      ? await getSql()<{ n: number }[]>`select count(*)::int as n from orders`
      : await getSql()<{ n: number }[]>`select count(*)::int as n from orders where user_id = ${userId}`;
  return row?.n ?? 0;
}

export const addToCart = (browser: TestBrowser, productId: number, quantity: number) =>
  browser.call(postItem, 'POST', '/api/cart/items', { body: { productId, quantity } });

/** `POST /api/checkout` with `key` as its Idempotency-Key and `body` (JSON) when given. */
export const checkoutWith = (browser: TestBrowser, key: string | undefined, body?: unknown) =>
  browser.call(postCheckout, 'POST', '/api/checkout', {
    headers: key === undefined ? {} : { 'idempotency-key': key },
    body,
  });

export const newKey = () => `key-${randomBytes(8).toString('hex')}`;
