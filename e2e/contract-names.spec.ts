import { expect, test, type Locator } from '@playwright/test';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import { logInAs } from './support/admin';
import { addToCartInUi, productInStock, registerInUi, uniqueEmail } from './support/shopper';

/*
 * The names the contract gives end-to-end tests ("What a person sees"), found the way an outside test finds
 * them: by label, or by role and name, with Playwright's default matching (a case-insensitive substring),
 * which refuses to act when two elements match. So each must find exactly one element on its page. The
 * header's search field was labelled "Search products", so "Product" found two fields on the admin's sale
 * form; the account page's "Log out everywhere" made "Log out" find two buttons.
 */

async function eachFindsOne(locators: Locator[]) {
  for (const locator of locators) await expect(locator, String(locator)).toHaveCount(1);
}

test("a shopper's pages: each name finds one element", async ({ page, request }) => {
  const [first, second] = [await productInStock(request, 45), await productInStock(request, 46)];
  await page.goto(`/products/${first.slug}`);
  await eachFindsOne([
    page.locator('h1'),
    page.getByTestId('price'),
    page.getByTestId('stock'),
    page.getByLabel('Quantity'),
    page.getByRole('button', { name: 'Add to cart' }),
    page.getByRole('link', { name: /cart/i }).getByTestId('cart-count'),
  ]);

  await page.goto('/login');
  await eachFindsOne([
    page.getByLabel('Email'),
    page.getByLabel('Password'),
    page.getByRole('button', { name: 'Log in' }),
  ]);
  await page.goto('/register');
  await eachFindsOne([
    page.getByLabel('Name'),
    page.getByLabel('Email'),
    page.getByLabel('Password'),
    page.getByRole('button', { name: 'Create account' }),
  ]);

  await registerInUi(page, 'Nina Names', uniqueEmail('names'));
  await eachFindsOne([page.getByRole('button', { name: 'Log out' })]);
  await addToCartInUi(page, first.slug, 1, 1);
  await eachFindsOne([page.getByRole('button', { name: 'Log out' })]);
  await addToCartInUi(page, second.slug, 2, 3);
  await page.goto('/cart');
  await expect(page.getByLabel('Quantity')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Remove' })).toHaveCount(2);
  await eachFindsOne([
    page.getByRole('button', { name: 'Log out' }),
    page.getByRole('button', { name: 'Place order' }),
  ]);
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  await eachFindsOne([page.locator('h1'), page.getByTestId('order-total')]);
  await expect(page.locator('h1')).toContainText('Order');
});

test("the admin's pages: each name finds one element", async ({ page }) => {
  await logInAs(page, DEMO_ADMIN);
  await page.goto('/admin/products/new');
  await eachFindsOne([
    page.getByLabel('Name'),
    page.getByLabel('Description'),
    page.getByLabel('Price'),
    page.getByLabel('Stock'),
    page.getByRole('button', { name: 'Save' }),
  ]);
  await page.goto('/admin/sales/new');
  await eachFindsOne([
    page.getByLabel('Product'),
    page.getByLabel('Sale price'),
    page.getByLabel('Units'),
    page.getByLabel('Limit per customer'),
    page.getByLabel('Starts at'),
    page.getByLabel('Ends at'),
    page.getByLabel('Shoppers at once'),
    page.getByRole('button', { name: 'Schedule sale' }),
  ]);
  await page.goto('/admin/redis-demo');
  await eachFindsOne([
    page.getByRole('button', { name: 'Step' }),
    page.getByRole('button', { name: 'Run All' }),
    page.getByRole('button', { name: 'Reset' }),
    page.getByTestId('demo-log'),
  ]);
});
