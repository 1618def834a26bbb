import { expect, test, type Page } from '@playwright/test';
import { formatUsd } from './support/helpers';
import {
  addToCartInUi,
  cartCount,
  logInInUi,
  logOutInUi,
  productInStock,
  registerInUi,
  uniqueEmail,
} from './support/shopper';

const cartLine = (page: Page, name: string) => page.getByRole('listitem').filter({ hasText: name });

test.describe('cart', () => {
  test('register, log in, add to cart, reload: the cart is intact', async ({ page, request }) => {
    const product = await productInStock(request, 1);
    const email = uniqueEmail('intact');
    await registerInUi(page, 'Ines Intact', email);
    await logOutInUi(page);
    await logInInUi(page, email);

    await addToCartInUi(page, product.slug, 3, 3);
    await expect(page.getByRole('main').getByRole('status')).toContainText('Added to your cart');
    await page.reload();
    await expect(cartCount(page)).toHaveText('3');

    await page.getByRole('link', { name: /Cart/ }).click();
    await expect(page).toHaveURL(/\/cart$/);
    const line = cartLine(page, product.name);
    await expect(line.getByLabel('Quantity')).toHaveValue('3');
    await expect(line.getByTestId('line-total')).toHaveText(formatUsd(3 * product.priceCents));
    await expect(page.getByTestId('subtotal')).toHaveText(formatUsd(3 * product.priceCents));
    await expect(page.getByRole('button', { name: 'Place order' })).toBeVisible();
    await page.reload();
    await expect(cartLine(page, product.name).getByLabel('Quantity')).toHaveValue('3');
  });

  test('changes and removes lines on the cart page; the badge follows on every page', async ({
    page,
    request,
  }) => {
    const [a, b] = [await productInStock(request, 2), await productInStock(request, 3)];
    await addToCartInUi(page, a.slug, 1, 1);
    await addToCartInUi(page, b.slug, 2, 3);
    for (const path of ['/', '/products', `/products/${a.slug}`]) {
      await page.goto(path);
      await expect(cartCount(page), path).toHaveText('3');
    }
    await page.goto('/cart');
    const lineA = cartLine(page, a.name);
    await lineA.getByLabel('Quantity').fill('4');
    await lineA.getByLabel('Quantity').press('Enter');
    await expect(cartCount(page)).toHaveText('6');
    await expect(page.getByTestId('subtotal')).toHaveText(formatUsd(4 * a.priceCents + 2 * b.priceCents));
    await cartLine(page, b.name).getByRole('button', { name: 'Remove' }).click();
    await expect(cartLine(page, b.name)).toHaveCount(0);
    await expect(cartCount(page)).toHaveText('4');
  });

  test('brings the guest cart along at login, summed with the saved one', async ({ page, request }) => {
    const product = await productInStock(request, 4);
    const email = uniqueEmail('merge');
    await registerInUi(page, 'Mia Merge', email);
    await addToCartInUi(page, product.slug, 2, 2);
    await logOutInUi(page);
    await expect(cartCount(page)).toHaveText('0');
    await addToCartInUi(page, product.slug, 3, 3);
    await logInInUi(page, email);
    await expect(cartCount(page)).toHaveText('5');
  });

  test('two shoppers in two browsers never see each other’s cart or name', async ({ browser, request }) => {
    const [one, two] = [await browser.newContext(), await browser.newContext()];
    const [pageOne, pageTwo] = [await one.newPage(), await two.newPage()];
    const [productOne, productTwo] = [await productInStock(request, 5), await productInStock(request, 6)];
    await registerInUi(pageOne, 'Alice Apart', uniqueEmail('alice'));
    await registerInUi(pageTwo, 'Bob Apart', uniqueEmail('bob'));
    await addToCartInUi(pageOne, productOne.slug, 2, 2);
    await addToCartInUi(pageTwo, productTwo.slug, 5, 5);

    await pageOne.goto('/cart');
    await pageTwo.goto('/cart');
    await expect(cartLine(pageOne, productOne.name)).toHaveCount(1);
    await expect(cartLine(pageOne, productTwo.name)).toHaveCount(0);
    await expect(cartLine(pageTwo, productTwo.name)).toHaveCount(1);
    await expect(cartLine(pageTwo, productOne.name)).toHaveCount(0);
    await expect(pageOne.getByRole('banner')).toContainText('Alice Apart');
    await expect(pageOne.getByRole('banner')).not.toContainText('Bob Apart');
    await expect(pageTwo.getByRole('banner')).toContainText('Bob Apart');
    await expect(pageTwo.getByRole('banner')).not.toContainText('Alice Apart');
    await Promise.all([one.close(), two.close()]);
  });

  test('adds to the cart with the keyboard alone', async ({ page, request }) => {
    const product = await productInStock(request, 7);
    await page.goto(`/products/${product.slug}`);
    const quantity = page.getByLabel('Quantity');
    for (
      let presses = 0;
      presses < 60 && !(await quantity.evaluate((el) => el === document.activeElement));
      presses++
    ) {
      await page.keyboard.press('Tab');
    }
    await expect(quantity).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Add to cart' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(cartCount(page)).toHaveText('2');
  });

  test('updates without a full reload when JavaScript runs', async ({ page, request }) => {
    const product = await productInStock(request, 8);
    await page.goto(`/products/${product.slug}`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(cartCount(page)).toHaveText('2');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  });

  test('works without JavaScript: add, change, remove', async ({ browser, request }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const product = await productInStock(request, 9);
    await addToCartInUi(page, product.slug, 2, 2);
    await expect(page.getByRole('main').getByRole('status')).toContainText('Added to your cart');
    await page.goto('/cart');
    await cartLine(page, product.name).getByLabel('Quantity').fill('5');
    await cartLine(page, product.name)
      .getByRole('button', { name: /Update/ })
      .click();
    await expect(cartCount(page)).toHaveText('5');
    await cartLine(page, product.name).getByRole('button', { name: 'Remove' }).click();
    await expect(cartCount(page)).toHaveText('0');
    await expect(page.getByText('Your cart is empty.')).toBeVisible();
    await context.close();
  });

  test('the JSON cart refuses a cross-site write with 403 and changes nothing', async ({
    request,
    baseURL,
  }) => {
    const product = await productInStock(request, 10);
    // Another host, and this host under the other scheme (an origin is scheme, host and port).
    for (const origin of ['https://evil.example', baseURL!.replace(/^http:/, 'https:')]) {
      const refused = await request.post('/api/cart/items', {
        data: { productId: product.id, quantity: 1 },
        headers: { origin },
      });
      expect(refused.status(), origin).toBe(403);
    }
    const cart = await request.get('/api/cart');
    expect(await cart.json()).toEqual({ items: [], count: 0, subtotalCents: 0 });
  });
});
