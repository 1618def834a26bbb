import { expect, test } from '@playwright/test';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import { logInAs } from './support/admin';

// Odd input through the real server (`next start`): pages and API paths with NUL, control characters,
// bytes that are not UTF-8 and numbers past any limit, in the query string and in the path, where Next.js
// itself decodes them. None may answer 5xx; the listing says it could not understand the search.
// (app/api/bad-input.test.ts runs the whole corpus against every JSON route's handler.)

const NOT_UNDERSTOOD = "That search couldn't be understood";
// An unknown product is the site's 404 page (proxy.ts), in the HTML itself.
const NO_PRODUCT = 'Page not found';
// A path whose %-escapes are not UTF-8: proxy.ts answers it (Next.js alone answers a bare 500).
const BAD_REQUEST = 'Bad request';

const PAGES: [path: string, shows?: string][] = [
  ['/products?q=%00', NOT_UNDERSTOOD],
  ['/products?q=oak%1Bboard', NOT_UNDERSTOOD],
  ['/products?page=99999999999999999999', NOT_UNDERSTOOD],
  ['/products?category=%00', NOT_UNDERSTOOD],
  ['/products?sort=%00', NOT_UNDERSTOOD],
  ['/products?q=%ED%A0%80&page=1e400&category=%2F..%2F&sort=%FF', NOT_UNDERSTOOD],
  ['/products?q=%FF'],
  ['/products/%00', NO_PRODUCT],
  ['/products/%2F..%2F', NO_PRODUCT],
  ['/products/%FF', BAD_REQUEST],
  ['/products/%E0%A4%A', BAD_REQUEST],
  ['/orders/%00'],
  ['/orders/%FF', BAD_REQUEST],
  ['/orders/99999999999999999999'],
  ['/login?next=%00'],
  ['/register?next=%2F%2Fevil.example'],
  ['/account?page=%00'],
  ['/?q=%00'],
];

test.describe('odd input on pages (signed out)', () => {
  for (const [path, shows] of PAGES) {
    test(`${path} answers below 500`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(500);
      if (shows) await expect(page.getByRole('heading', { name: shows })).toBeVisible();
    });
  }
});

test('odd input on admin pages answers below 500, and the search says what it dropped', async ({ page }) => {
  await logInAs(page, DEMO_ADMIN);
  for (const path of ['/admin/orders?page=%00', '/admin/products/%00/edit', '/admin/products?page=1e400']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(500);
  }
  const search = await page.goto('/admin/products?q=lamp%00');
  expect(search?.status()).toBe(200);
  await expect(page.getByText('A search cannot contain control or invalid characters.')).toBeVisible();
});

test.describe('odd input on the JSON API', () => {
  test('/api/products?q=%00 is a 400 naming q', async ({ request }) => {
    const response = await request.get('/api/products?q=%00');
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({
      error: expect.any(String),
      fields: { q: expect.any(String) },
    });
  });

  for (const [method, path] of [
    ['GET', '/api/products/%00'],
    ['GET', '/api/products/%FF'],
    ['GET', '/api/products/%2F..%2F'],
    ['GET', '/api/products?page=99999999999999999999&pageSize=1e400'],
    ['GET', '/api/orders/%00'],
    ['PUT', '/api/cart/items/%00'],
    ['DELETE', '/api/cart/items/%FF'],
    ['PATCH', '/api/admin/products/%2F..%2F'],
    ['GET', '/api/sales/%00'],
    ['GET', '/api/sales/%FF'],
    ['GET', '/api/sales/99999999999999999999'],
    ['DELETE', '/api/admin/sales/%2F..%2F'],
    ['POST', '/api/admin/sales/%00/end'],
  ] as const) {
    test(`${method} ${path} is a 4xx with {error}`, async ({ request }) => {
      const data = method === 'GET' ? undefined : { quantity: 1 };
      const response = await request.fetch(path, { method, data });
      expect(response.status(), await response.text()).toBeGreaterThanOrEqual(400);
      expect(response.status()).toBeLessThan(500);
      expect(await response.json()).toMatchObject({ error: expect.any(String) });
    });
  }

  test('a sale scheduled with a NUL in its name and a start in the past is a 400 naming both', async ({
    page,
  }) => {
    await logInAs(page, DEMO_ADMIN);
    const response = await page.request.post('/api/admin/sales', {
      data: {
        name: 'Odd\u0000drop',
        startsAt: '2020-01-01T00:00:00Z',
        endsAt: '2020-01-02T00:00:00Z',
        items: [{ productId: 1, salePriceCents: 1, units: 1, perCustomerLimit: 1 }],
      },
    });
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({
      fields: { name: expect.any(String), startsAt: expect.any(String) },
    });
  });

  test('a NUL in a registration is a 400 naming the field', async ({ request }) => {
    const response = await request.post('/api/auth/register', {
      data: { name: 'Odd\u0000Input', email: 'odd-e2e@example.test', password: 'a long enough password' },
    });
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({ fields: { name: expect.any(String) } });
  });
});
