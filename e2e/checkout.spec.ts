import { expect, test, type Page } from '@playwright/test';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import { formatUsd, type ListedProduct } from './support/helpers';
import { logInAs } from './support/admin';
import { orderIdIn, placeOrderViaApi, setPriceViaApi, setStockViaApi } from './support/orders';
import {
  addToCartInUi,
  cartCount,
  PASSWORD,
  productInStock,
  registerInUi,
  uniqueEmail,
} from './support/shopper';

/*
 * Checkout as people do it: the cart's "Place order" with and without JavaScript, the order's page, the
 * account's history, a line that cannot be filled, a total that moved, and an admin's cancellation.
 * Products from index 20 on (other specs pick 0–12), a unit or two each, so no other spec's product runs
 * short.
 */

const cartLine = (page: Page, name: string) => page.getByRole('listitem', { name, exact: true });
const orderRow = (page: Page, name: string) =>
  page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

/** On the order's page: the h1 names it, each line shows its quantity, the total is the sum. */
async function expectOrderPage(page: Page, lines: [ListedProduct, number][]): Promise<number> {
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  const id = orderIdIn(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Order #${id}`);
  for (const [product, quantity] of lines) {
    await expect(orderRow(page, product.name).getByRole('cell').first()).toHaveText(String(quantity));
  }
  const total = lines.reduce((sum, [product, quantity]) => sum + product.priceCents * quantity, 0);
  await expect(page.getByTestId('order-total')).toHaveText(formatUsd(total));
  await expect(page.getByText('placed', { exact: true })).toBeVisible();
  await expect(cartCount(page)).toHaveText('0');
  return id;
}

async function cancelOnAdminPage(page: Page, orderId: number) {
  await page.goto('/admin/orders');
  const row = orderRow(page, `Order #${orderId}`);
  await row.getByRole('button', { name: 'Cancel order' }).click();
  await expect(row.getByText('cancelled', { exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
}

test.describe('checkout', () => {
  test('places the cart, shows the order, lists it on the account page', async ({ page, request }) => {
    const [a, b] = [await productInStock(request, 20), await productInStock(request, 21)];
    await registerInUi(page, 'Olga Order', uniqueEmail('order'));
    await addToCartInUi(page, a.slug, 2, 2);
    await addToCartInUi(page, b.slug, 1, 3);
    await page.goto('/cart');
    await page.getByRole('button', { name: 'Place order' }).click();
    const id = await expectOrderPage(page, [
      [a, 2],
      [b, 1],
    ]);

    await page.goto('/account');
    await page.getByRole('link', { name: `Order #${id}`, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${id}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`Order #${id}`);
  });

  test('names the line that cannot be filled, and places the order once it is changed', async ({
    page,
    request,
  }) => {
    const product = await productInStock(request, 22);
    await registerInUi(page, 'Sam Short', uniqueEmail('short'));
    await addToCartInUi(page, product.slug, 2, 2);
    // Someone else bought all but one meanwhile (an admin sets it here); put back afterwards.
    await setStockViaApi(request, product.id, 1);
    try {
      await page.goto('/cart');
      await page.getByRole('button', { name: 'Place order' }).click();
      const line = cartLine(page, product.name);
      await expect(line).toContainText('Only 1 left');
      await expect(page.getByRole('main').getByRole('alert')).toContainText(product.name);
      await expect(page).toHaveURL(/\/cart$/);

      await line.getByLabel('Quantity').fill('1');
      await line.getByRole('button', { name: 'Update' }).click();
      await expect(cartCount(page)).toHaveText('1');
      await expect(line).not.toContainText('Only 1 left');
      await page.getByRole('button', { name: 'Place order' }).click();
      await expectOrderPage(page, [[product, 1]]);
    } finally {
      await setStockViaApi(request, product.id, product.stock);
    }
  });

  test('asks to confirm a total that moved since the cart was shown, then places it at that total', async ({
    page,
    request,
  }) => {
    const product = await productInStock(request, 28);
    await registerInUi(page, 'Pia Pricewatch', uniqueEmail('price'));
    await addToCartInUi(page, product.slug, 2, 2);
    await page.goto('/cart');
    await expect(page.getByTestId('subtotal')).toHaveText(formatUsd(2 * product.priceCents));
    // The price goes up while the cart is open; put back afterwards.
    const raised = { ...product, priceCents: product.priceCents + 150 };
    await setPriceViaApi(request, product.id, raised.priceCents);
    try {
      await page.getByRole('button', { name: 'Place order' }).click();
      const alert = page.getByRole('main').getByRole('alert');
      await expect(alert).toContainText('Prices changed');
      await expect(alert).toContainText(formatUsd(2 * raised.priceCents));
      await expect(page).toHaveURL(/\/cart$/);
      await expect(page.getByTestId('subtotal')).toHaveText(formatUsd(2 * raised.priceCents));
      await page.getByRole('button', { name: 'Place order' }).click();
      await expectOrderPage(page, [[raised, 2]]);
    } finally {
      await setPriceViaApi(request, product.id, product.priceCents);
    }
  });

  test('a signed-out visitor is asked to log in first, then places the order from the same cart', async ({
    page,
    request,
  }) => {
    await addToCartInUi(page, (await productInStock(request, 23)).slug, 1, 1);
    await page.goto('/cart');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page).toHaveURL(/\/login\?next=(%2F|\/)cart$/);
    // Signed in, the shopper is back at the same cart, and the order is placed from there.
    const email = uniqueEmail('guest-checkout');
    const registered = await request.post('/api/auth/register', {
      data: { name: 'Guest Turned Shopper', email, password: PASSWORD },
    });
    expect(registered.status()).toBe(201);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(cartCount(page)).not.toHaveText('0');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page).toHaveURL(/\/orders\/\d+$/);
  });

  test('an order is private: 404 to anyone else, sign-in first, never stored by a cache', async ({
    page,
    request,
  }) => {
    const orderId = await placeOrderViaApi(request, (await productInStock(request, 27)).id);
    const signedOut = await page.request.get(`/orders/${orderId}`, { maxRedirects: 0 });
    expect(signedOut.status()).toBe(307);
    expect(signedOut.headers().location).toBe(`/login?next=%2Forders%2F${orderId}`);

    await registerInUi(page, 'Ivy Intruder', uniqueEmail('intruder'));
    for (const path of [`/orders/${orderId}`, '/orders/not-a-number', '/orders/999999999']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('We couldn’t find that order');
    }
    const own = await request.get(`/orders/${orderId}`);
    expect(own.status()).toBe(200);
    expect(own.headers()['cache-control']).toBe('private, no-store');
  });

  test('an admin cancels a placed order', async ({ page, request }) => {
    const orderId = await placeOrderViaApi(request, (await productInStock(request, 24)).id);
    await logInAs(page, DEMO_ADMIN);
    await cancelOnAdminPage(page, orderId);
    await page.getByRole('link', { name: `Order #${orderId}`, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${orderId}$`));
    await expect(page.getByTestId('order-status')).toHaveText('cancelled');

    // The placed order is counted on the operator's view (all instances, this minute).
    await page.goto('/admin/stats');
    await expect(page.getByRole('heading', { name: /Orders per minute/ })).toBeVisible();
    expect(Number(await page.getByTestId('checkouts-placed').textContent())).toBeGreaterThan(0);
    const stats = (await (await page.request.get('/api/admin/stats')).json()) as {
      checkouts: { placed: number }[];
    };
    expect(stats.checkouts).toHaveLength(60);
    expect(stats.checkouts.reduce((sum, minute) => sum + minute.placed, 0)).toBeGreaterThan(0);
  });
});

test.describe('checkout without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a double-click places one order and lands on it', async ({ page, request }) => {
    const product = await productInStock(request, 25);
    await registerInUi(page, 'Nora Nojs', uniqueEmail('nojs'));
    await addToCartInUi(page, product.slug, 2, 2);
    await page.goto('/cart');
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    const id = await expectOrderPage(page, [[product, 2]]);
    const mine = await page.request.get('/api/orders');
    expect(((await mine.json()) as { items: { id: number }[] }).items.map((order) => order.id)).toEqual([id]);
  });

  test('an admin cancels an order', async ({ page, request }) => {
    const orderId = await placeOrderViaApi(request, (await productInStock(request, 26)).id);
    await logInAs(page, DEMO_ADMIN);
    await cancelOnAdminPage(page, orderId);
  });
});
