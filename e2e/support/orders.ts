import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_ADMIN } from '../../tooling/seed/seed-generate';
import { PASSWORD, uniqueEmail } from './shopper';

/** What the checkout spec does through the JSON API, where the UI is not what it tests. */

/** A new shopper (signed in on `request`) buys `quantity` of `productId`; answers the order's id. */
export async function placeOrderViaApi(
  request: APIRequestContext,
  productId: number,
  quantity = 1,
): Promise<number> {
  const registered = await request.post('/api/auth/register', {
    data: { email: uniqueEmail('api-order'), password: PASSWORD, name: 'Api Orderer' },
  });
  expect(registered.status()).toBe(201);
  expect((await request.post('/api/cart/items', { data: { productId, quantity } })).status()).toBe(200);
  const placed = await request.post('/api/checkout', {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(placed.status()).toBe(201);
  return ((await placed.json()) as { orderId: number }).orderId;
}

/** Sets a product's stock as an admin would (signs `request` in as the demo admin). */
export async function setStockViaApi(request: APIRequestContext, productId: number, stock: number) {
  const login = await request.post('/api/auth/login', { data: DEMO_ADMIN });
  expect(login.status()).toBe(200);
  const patched = await request.patch(`/api/admin/products/${productId}`, { data: { stock } });
  expect(patched.status()).toBe(200);
}

/** Sets a product's price as an admin would (signs `request` in as the demo admin). */
export async function setPriceViaApi(request: APIRequestContext, productId: number, priceCents: number) {
  const login = await request.post('/api/auth/login', { data: DEMO_ADMIN });
  expect(login.status()).toBe(200);
  const patched = await request.patch(`/api/admin/products/${productId}`, { data: { priceCents } });
  expect(patched.status()).toBe(200);
}

/** The id in the order page's address. */
export function orderIdIn(page: Page): number {
  const id = /\/orders\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1];
  if (!id) throw new Error(`not an order page: ${page.url()}`);
  return Number(id);
}
