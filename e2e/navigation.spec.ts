import { expect, test, type Page } from '@playwright/test';
import { productInStock, registerInUi, uniqueEmail } from './support/shopper';

/*
 * A shopper who only clicks: listing → product → cart → order → Back. After each client navigation the
 * document holds one page: one h1, one header, one cart count, one Quantity field. Cache Components keeps
 * the routes left behind in the DOM, hidden, unless lib/client/one-route-at-a-time.ts is in place; the
 * locators here are strict CSS and test-id ones, which count hidden elements too. Product index 40 (other
 * specs pick 0–24).
 */

/** Exactly one h1 in the whole document, hidden ones included, with this text. */
async function expectOnlyHeading(page: Page, text: string | RegExp) {
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('h1')).toHaveText(text);
}

test('each click leaves one page in the document: one heading, one header, one cart count', async ({
  page,
  request,
}) => {
  const product = await productInStock(request, 40);
  await registerInUi(page, 'Navigating Shopper', uniqueEmail('navigation'));

  await page.goto(`/products?q=${encodeURIComponent(product.name)}`);
  await page.getByRole('main').getByRole('link', { name: product.name, exact: true }).first().click();
  await expect(page).toHaveURL(new RegExp(`/products/${product.slug}$`));
  await expectOnlyHeading(page, product.name);
  await page.getByLabel('Quantity').fill('2');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByTestId('cart-count')).toHaveText('2');

  await page.getByTestId('cart-count').click();
  await expect(page).toHaveURL(/\/cart$/);
  await expectOnlyHeading(page, 'Your cart');
  await expect(page.locator('header')).toHaveCount(1);
  await expect(page.getByTestId('cart-count')).toHaveText('2');
  await expect(page.getByLabel('Quantity')).toHaveValue('2');

  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  await expectOnlyHeading(page, /^Order #\d+$/);
  await expect(page.getByLabel('Quantity')).toHaveCount(0);
  await expect(page.getByTestId('cart-count')).toHaveText('0');

  // Back renders the cart again (now empty), still alone in the document.
  await page.goBack();
  await expect(page).toHaveURL(/\/cart$/);
  await expectOnlyHeading(page, 'Your cart');
  await expect(page.getByTestId('cart-count')).toHaveText('0');
});
