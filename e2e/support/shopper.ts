import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { ListedProduct, ProductListing } from './helpers';

/** What the session, account and cart specs share: fresh accounts, products with stock, UI steps. */

export const PASSWORD = 'e2e shopper password';

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

/** The `index`-th seeded product with at least `minStock` in stock (specs pick apart by index). */
export async function productInStock(
  request: APIRequestContext,
  index = 0,
  minStock = 20,
): Promise<ListedProduct> {
  const response = await request.get('/api/products?pageSize=100&sort=name-asc');
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as ProductListing;
  const product = items.filter((item) => item.stock >= minStock)[index];
  if (!product) throw new Error(`no product #${index} with stock ≥ ${minStock}`);
  return product;
}

/** `base` names another instance (`http://127.0.0.1:port`); the default is Playwright's server. */
export async function registerInUi(page: Page, name: string, email: string, password = PASSWORD, base = '') {
  await page.goto(`${base}/register`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

export async function logInInUi(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/account$/);
}

export async function logOutInUi(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Log in' })).toBeVisible();
}

/** Opens the product page and adds `quantity` with the form; waits for the header count to show `expected`. */
export async function addToCartInUi(page: Page, slug: string, quantity: number, expected: number, base = '') {
  await page.goto(`${base}/products/${slug}`);
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(cartCount(page)).toHaveText(String(expected));
}

export const cartCount = (page: Page) => page.getByTestId('cart-count');

/** The session cookie as the browser holds it. */
export async function sessionCookie(page: Page) {
  return (await page.context().cookies()).find((cookie) => cookie.name === 'sf_session');
}
