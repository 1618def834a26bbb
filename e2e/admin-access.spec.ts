import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, DEMO_SHOPPER } from '../tooling/seed/seed-generate';
import { PASSWORD, uniqueEmail } from './support/shopper';

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

test('a page answers the gate for every method: PUT, PATCH and DELETE get its status, or 405', async ({
  page,
  request,
}) => {
  for (const method of ['PUT', 'PATCH', 'DELETE']) {
    // Signed out, a personal page sends the visitor to log in, as a GET does (it answered 200 before).
    const personal = await request.fetch('/account', { method, maxRedirects: 0 });
    expect(personal.status(), method).toBe(307);
    expect(personal.headers().location).toBe('/login?next=%2Faccount');
    // A page anyone may read is read with GET: other methods are not allowed.
    const catalog = await request.fetch('/', { method, maxRedirects: 0 });
    expect(catalog.status(), method).toBe(405);
    expect(catalog.headers().allow).toBe('GET, HEAD');
  }
  // A shopper of its own: the demo shopper signs in from other specs at the same moment.
  const registered = await page.request.post('/api/auth/register', {
    data: { email: uniqueEmail('methods'), password: PASSWORD, name: 'Method shopper' },
  });
  expect(registered.status()).toBe(201);
  expect((await page.request.fetch('/admin/stats', { method: 'PUT', maxRedirects: 0 })).status()).toBe(403);
  expect((await page.request.fetch('/account', { method: 'DELETE', maxRedirects: 0 })).status()).toBe(405);
});
