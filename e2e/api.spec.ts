import { expect, test } from '@playwright/test';
import { getJson, listProducts } from './support/helpers';

const SEEDED = 60;

test.describe('JSON API', () => {
  test('GET /api/health reports both dependencies up', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', postgres: 'up', redis: 'up' });
  });

  test('GET /api/products lists the first page of the catalog', async ({ request }) => {
    const listing = await listProducts(request);
    expect(listing).toMatchObject({ page: 1, pageSize: 24, total: SEEDED });
    expect(listing.items).toHaveLength(24);
    for (const item of listing.items) {
      expect(Object.keys(item).sort()).toEqual(['category', 'id', 'name', 'priceCents', 'slug', 'stock']);
      expect(item).toEqual({
        id: expect.any(Number),
        slug: expect.stringMatching(/^[a-z0-9-]+$/),
        name: expect.any(String),
        priceCents: expect.any(Number),
        stock: expect.any(Number),
        category: expect.stringMatching(/^[a-z0-9-]+$/),
      });
      expect(Number.isInteger(item.priceCents)).toBe(true);
      expect(item.stock).toBeGreaterThanOrEqual(0);
    }
  });

  test('GET /api/products pages and caps pageSize at 100', async ({ request }) => {
    const last = await listProducts(request, 'page=3');
    expect(last.items).toHaveLength(SEEDED - 48);

    const all = await listProducts(request, 'pageSize=100');
    expect(all.pageSize).toBe(100);
    expect(all.items).toHaveLength(SEEDED);
    expect(new Set(all.items.map((item) => item.slug)).size).toBe(SEEDED);

    const tooMany = await request.get('/api/products?pageSize=1000');
    expect(tooMany.status()).toBe(400);
    expect(await tooMany.json()).toMatchObject({
      error: expect.any(String),
      fields: { pageSize: expect.any(String) },
    });
  });

  test('GET /api/products/{slug} answers the product, and 404 for an unknown one', async ({ request }) => {
    const [listed] = (await listProducts(request, 'pageSize=1')).items;
    if (!listed) throw new Error('the seeded catalog is empty');
    const product = await getJson<Record<string, unknown>>(request, `/api/products/${listed.slug}`);
    expect(product).toMatchObject({
      ...listed,
      description: expect.any(String),
      rating: { average: expect.any(Number), count: expect.any(Number) },
    });

    for (const slug of ['no-such-product-anywhere', 'Not%20A%20Slug']) {
      const missing = await request.get(`/api/products/${slug}`);
      expect(missing.status(), slug).toBe(404);
      expect(await missing.json()).toEqual({ error: expect.any(String) });
    }
  });

  for (const query of [
    'page=abc',
    'page=-1',
    'page=0',
    'sort=sideways',
    'category=Not%20A%20Slug',
    `q=${'a'.repeat(10_240)}`,
  ]) {
    test(`GET /api/products?${query.slice(0, 20)} is a 400 with an error`, async ({ request }) => {
      const response = await request.get(`/api/products?${query}`);
      expect(response.status()).toBe(400);
      expect(response.headers()['content-type']).toContain('application/json');
      expect(await response.json()).toMatchObject({ error: expect.any(String) });
    });
  }

  test('an /api address no route serves is a JSON 404, and under /api/admin a 401 first', async ({
    request,
  }) => {
    for (const [method, path, status] of [
      ['GET', '/api/no-such-thing', 404],
      ['POST', '/api/products/a/b/c', 404],
      ['GET', '/api/admin/no-such-thing', 401],
      ['DELETE', '/api/admin/orders/1', 401],
    ] as const) {
      const response = await request.fetch(path, { method });
      expect(response.status(), `${method} ${path}`).toBe(status);
      expect(response.headers()['content-type']).toContain('application/json');
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
  });
});
