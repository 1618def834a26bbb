import { expect, test, type Browser, type Page } from '@playwright/test';
import { randomId } from '../tooling/run-env';
import { formatUsd } from './support/helpers';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import { logInAs, newestProducts, type ProductRow } from './support/admin';
import { type Instance } from './support/instances';
import { withOwnStore } from './support/own-store';

/*
 * Admin edits seen by shoppers, on two `next start` processes sharing a database and key prefix of this
 * file's own (the edits must not disturb the other specs' catalog). Both instances hold the product in
 * their in-process tier and in Redis before each edit, so a new price on the very next request proves the
 * invalidation reached Redis and both instances' memory.
 */

test.describe.configure({ mode: 'serial', timeout: 90_000 });

const store = withOwnStore('admin', { products: 30, instances: 2 });
let a: Instance;
let b: Instance;
let products: ProductRow[];

test.beforeAll(async () => {
  [a, b] = store.instances as [Instance, Instance];
  products = await newestProducts(store.databaseUrl, 5);
});

async function adminPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await logInAs(page, DEMO_ADMIN, a.baseURL);
  return page;
}

const priceOn = async (instance: Instance, slug: string) => {
  const response = await fetch(`${instance.baseURL}/products/${slug}`);
  expect(response.status).toBe(200);
  return (await response.text()).match(/data-testid="price"[^>]*>(?:<[^>]+>)*([^<]+)</)?.[1];
};

const listingCard = (page: Page, name: string) =>
  page
    .getByRole('main')
    .getByRole('article')
    .filter({ has: page.getByRole('link', { name, exact: true }) });

test('an admin changes a price in the browser; shoppers see it on the next load, everywhere', async ({
  browser,
}) => {
  const product = products[0]!; // the newest: first on the listing's first page
  const newPrice = product.priceCents + 1111;
  const shopper = await (await browser.newContext()).newPage();
  // Warm both tiers on both instances: product page and listing.
  for (const instance of [a, b]) {
    for (let i = 0; i < 2; i += 1)
      expect(await priceOn(instance, product.slug)).toBe(formatUsd(product.priceCents));
  }
  await shopper.goto(`${a.baseURL}/products`);
  await expect(listingCard(shopper, product.name)).toContainText(formatUsd(product.priceCents));

  const admin = await adminPage(browser);
  await admin.goto(`${a.baseURL}/admin/products?q=${product.slug}`);
  await admin.getByRole('link', { name: product.name, exact: true }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(`Edit ${product.name}`);
  await admin.getByLabel('Price').fill((newPrice / 100).toFixed(2));
  await admin.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByRole('status')).toContainText('Saved.');
  await expect(admin.getByLabel('Price')).toHaveValue((newPrice / 100).toFixed(2));
  await expect(admin.getByTestId('audit-trail')).toContainText(
    `${formatUsd(product.priceCents)}→ ${formatUsd(newPrice)}`,
  );

  // The very next request to each instance, no waiting.
  await shopper.goto(`${a.baseURL}/products/${product.slug}`);
  await expect(shopper.getByTestId('price')).toHaveText(formatUsd(newPrice));
  await shopper.goto(`${a.baseURL}/products`);
  await expect(listingCard(shopper, product.name)).toContainText(formatUsd(newPrice));
  expect(await priceOn(b, product.slug)).toBe(formatUsd(newPrice));
  await shopper.goto(`${b.baseURL}/products`);
  await expect(listingCard(shopper, product.name)).toContainText(formatUsd(newPrice));
});

test('a stale edit gets the concurrency message instead of overwriting', async ({ browser }) => {
  const product = products[1]!;
  const first = await adminPage(browser);
  const second = await first.context().newPage();
  const edit = `${a.baseURL}/admin/products/${product.id}/edit`;
  await Promise.all([first.goto(edit), second.goto(edit)]);

  await first.getByLabel('Stock').fill('5');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first.getByRole('status')).toContainText('Saved.');

  await second.getByLabel('Price').fill('1.00');
  await second.getByRole('button', { name: 'Save' }).click();
  const alert = second.getByRole('alert').filter({ hasText: 'This product changed since you opened it.' });
  await expect(alert).toBeVisible();
  expect(await priceOn(b, product.slug)).toBe(formatUsd(product.priceCents)); // not overwritten
  await alert.getByRole('link', { name: 'Reload the product' }).click();
  await expect(second.getByLabel('Stock')).toHaveValue('5');
  await expect(second.getByLabel('Price')).toHaveValue((product.priceCents / 100).toFixed(2));
});

test('field errors show beside the fields, and nothing is saved', async ({ browser }) => {
  const product = products[2]!;
  const admin = await adminPage(browser);
  await admin.goto(`${a.baseURL}/admin/products/${product.id}/edit`);
  await admin.getByLabel('Price').fill('-3');
  await admin.getByLabel('Name').fill('');
  await admin.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByLabel('Price')).toHaveAccessibleDescription('Price cannot be negative.');
  await expect(admin.getByLabel('Name')).toHaveAccessibleDescription('Name is required.');
  await expect(admin.getByLabel('Price')).toHaveValue('-3'); // what was typed stays
  expect(await priceOn(a, product.slug)).toBe(formatUsd(product.priceCents));
});

test('a product created in the browser is on sale at once on both instances, and gone when deleted', async ({
  browser,
}) => {
  const slug = `e2e-lamp-${randomId(3)}`;
  // Remembered as missing on both instances first.
  for (const instance of [a, b])
    expect((await fetch(`${instance.baseURL}/products/${slug}`)).status).toBe(404);
  const admin = await adminPage(browser);
  await admin.goto(`${a.baseURL}/admin/products/new`);
  await admin.getByLabel('Name').fill('E2E Lamp');
  await admin.getByLabel('Description').fill('Made by a test.');
  await admin.getByLabel('Price').fill('19.50');
  await admin.getByLabel('Stock').fill('8');
  await admin.getByLabel('Category').selectOption({ index: 1 });
  await admin.getByLabel('Slug').fill(slug);
  await admin.getByRole('button', { name: 'Save' }).click();
  await expect(admin.getByRole('status')).toContainText('Product created');
  for (const instance of [a, b]) expect(await priceOn(instance, slug)).toBe('$19.50');

  await admin.getByRole('button', { name: 'Delete' }).click();
  await admin.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(admin.getByRole('status')).toContainText('The product was deleted.');
  for (const instance of [a, b])
    expect((await fetch(`${instance.baseURL}/products/${slug}`)).status).toBe(404);
});
