import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, DEMO_SHOPPER } from '../lib/db/seed-generate';

/*
 * Who may see the admin section, on Playwright's server (nothing here changes the catalog): a visitor is
 * sent to log in, a shopper gets a real HTTP 403 on every admin page and route, from the server itself.
 */

const pages = [
  '/admin',
  '/admin/products',
  '/admin/products/new',
  '/admin/products/1/edit',
  '/admin/stats',
  '/admin/redis-demo',
];

test('a signed-out visitor is sent to log in, and comes back after', async ({ page, request }) => {
  const response = await request.get('/admin/products', { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toBe('/login?next=%2Fadmin%2Fproducts');
  for (const path of ['/api/admin/stats']) expect((await request.get(path)).status()).toBe(401);
  expect((await request.post('/api/admin/products', { data: {} })).status()).toBe(401);

  await page.goto('/admin/stats');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fstats$/);
  await page.getByLabel('Email').fill(DEMO_ADMIN.email);
  await page.getByLabel('Password').fill(DEMO_ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/admin\/stats$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Operator stats');
});

test('a shopper opening any admin page gets 403 — Admins only, and 403 from the admin API', async ({
  page,
}) => {
  const login = await page.request.post('/api/auth/login', {
    data: { email: DEMO_SHOPPER.email, password: DEMO_SHOPPER.password },
  });
  expect(login.status()).toBe(200);
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('403 — Admins only');
    await expect(page.getByRole('navigation', { name: 'Admin' })).toHaveCount(0);
  }
  expect((await page.request.get('/api/admin/stats')).status()).toBe(403);
  const patch = await page.request.patch('/api/admin/products/1', { data: { priceCents: 1 } });
  expect(patch.status()).toBe(403);
  expect((await page.request.delete('/api/admin/products/1')).status()).toBe(403);
});
