import { describe, expect, it } from 'vitest';
import {
  catalogFingerprint,
  DEMO_ADMIN,
  DEMO_SHOPPER,
  productAt,
  productById,
  signedIn,
  withOwnCatalog,
} from '@/tooling/vitest/admin';
import { TestBrowser } from '@/tooling/vitest/session';
import { GET as getStats } from '../stats/route';
import { DELETE as deleteProduct, PATCH as patchProduct } from './[id]/route';
import { POST as postProduct } from './route';

// The admin JSON routes as Next.js calls them, on real PostgreSQL and Redis: the contract's answers, and
// every refused request (bad payload, no role, no session, another site) leaving the catalog unchanged.

withOwnCatalog('admin_routes');

const valid = { name: 'Route Lamp', description: 'Bright.', priceCents: 2599, stock: 4, category: 'kitchen' };

type Call = Awaited<ReturnType<TestBrowser['call']>>;
const post = (browser: TestBrowser, options: Parameters<TestBrowser['call']>[3]) =>
  browser.call(postProduct, 'POST', '/api/admin/products', options);
const patch = (browser: TestBrowser, id: number | string, body: unknown) =>
  browser.call(patchProduct, 'PATCH', `/api/admin/products/${id}`, { body, params: { id: String(id) } });
const remove = (browser: TestBrowser, id: number | string, query = '') =>
  browser.call(deleteProduct, 'DELETE', `/api/admin/products/${id}${query}`, { params: { id: String(id) } });

function expectFields(answer: Call, ...fields: string[]) {
  expect(answer.status, JSON.stringify(answer.json)).toBe(400);
  expect(answer.json).toMatchObject({ error: expect.any(String), fields: expect.any(Object) });
  expect(Object.keys((answer.json as { fields: object }).fields).sort()).toEqual([...fields].sort());
}

describe('admin product routes', () => {
  it('creates (201), patches (200), refuses a stale patch (409) and deletes (204)', async () => {
    const admin = await signedIn(DEMO_ADMIN);
    const created = await post(admin, { body: valid });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('private, no-store');
    const product = created.json as { id: number; slug: string; version: number };
    expect(product).toMatchObject({ ...valid, slug: 'route-lamp', version: 1, imageUrl: null });

    const patched = await patch(admin, product.id, { priceCents: 2999, version: 1 });
    expect(patched).toMatchObject({ status: 200, json: { priceCents: 2999, version: 2 } });
    const stale = await patch(admin, product.id, { priceCents: 1, version: 1 });
    expect(stale).toMatchObject({
      status: 409,
      json: {
        error: 'This product changed since you opened it.',
        fields: { version: expect.any(String) },
        currentVersion: 2,
      },
    });
    expect((await productById(product.id))?.priceCents).toBe(2999);

    expect((await remove(admin, product.id, '?version=1')).status).toBe(409);
    const deleted = await remove(admin, product.id, '?version=2');
    expect(deleted).toMatchObject({ status: 204, json: null });
    expect(await productById(product.id)).toBeUndefined();
    expect((await patch(admin, product.id, { stock: 1 })).status).toBe(404);
    expect((await remove(admin, product.id)).status).toBe(404);
  });

  it('accepts a 5,000-character description in any script (past the 8 KB cap of small forms)', async () => {
    const admin = await signedIn(DEMO_ADMIN);
    const description = 'é'.repeat(5000);
    const created = await post(admin, { body: { ...valid, name: 'Accented Lamp', description } });
    expect(created.status).toBe(201);
    expect((created.json as { description: string }).description).toBe(description);
  });

  it('answers 400 with field errors to invalid payloads on every route, and changes nothing', async () => {
    const admin = await signedIn(DEMO_ADMIN);
    const { id } = await productAt(0);
    const before = await catalogFingerprint();

    expectFields(await post(admin, { body: {} }), 'name', 'priceCents', 'stock', 'category');
    expectFields(
      await post(admin, {
        body: { ...valid, name: ' ', priceCents: -1, stock: 1.5, category: 'Not A Slug' },
      }),
      'name',
      'priceCents',
      'stock',
      'category',
    );
    expectFields(
      await post(admin, { body: { ...valid, priceCents: 10_000_001, stock: 1_000_001 } }),
      'priceCents',
      'stock',
    );
    expectFields(
      await post(admin, { body: { ...valid, description: 'x'.repeat(5001), name: 'n'.repeat(201) } }),
      'description',
      'name',
    );
    expectFields(await post(admin, { body: { ...valid, slug: 'Bad Slug!' } }), 'slug');
    expectFields(
      await post(admin, { body: { ...valid, imageUrl: 'https://elsewhere.example/a.png' } }),
      'imageUrl',
    );
    expectFields(
      await post(admin, { body: { ...valid, imageUrl: '//elsewhere.example/a.png' } }),
      'imageUrl',
    );
    expectFields(await post(admin, { body: { ...valid, price: 12 } }), 'price');
    expectFields(await post(admin, { body: { ...valid, category: 'no-such-category' } }), 'category');
    expect((await post(admin, { raw: '{"name":' })).status).toBe(400);
    expect((await post(admin, { body: [valid] })).status).toBe(400);
    expect((await post(admin, { body: { ...valid, description: 'x'.repeat(40_000) } })).status).toBe(413);

    expectFields(await patch(admin, id, { priceCents: -5 }), 'priceCents');
    expectFields(await patch(admin, id, { stock: 'many', name: '' }), 'stock', 'name');
    expectFields(await patch(admin, id, { priceCents: 100, version: 'three' }), 'version');
    expectFields(await patch(admin, id, { category: 'no-such-category' }), 'category');
    expectFields(await patch(admin, id, { price: 100 }), 'price');
    expect(await patch(admin, id, { version: 1 })).toMatchObject({
      status: 400,
      json: { error: expect.any(String) },
    });
    expectFields(await patch(admin, 'abc', { stock: 1 }), 'id');

    expectFields(await remove(admin, id, '?version=abc'), 'version');
    expectFields(await remove(admin, '0'), 'id');

    expect(await catalogFingerprint()).toBe(before);
  });

  it('refuses shoppers (403), visitors (401) and other sites (403), changing nothing', async () => {
    const shopper = await signedIn(DEMO_SHOPPER);
    const admin = await signedIn(DEMO_ADMIN);
    const visitor = new TestBrowser();
    const { id, version } = await productAt(1);
    const before = await catalogFingerprint();

    for (const [browser, status, error] of [
      [shopper, 403, 'Admins only.'],
      [visitor, 401, 'Please log in first.'],
    ] as const) {
      expect(await post(browser, { body: valid })).toMatchObject({ status, json: { error } });
      expect(await patch(browser, id, { priceCents: 1, version })).toMatchObject({ status, json: { error } });
      expect(await remove(browser, id)).toMatchObject({ status, json: { error } });
      // Without the role the body is not even read: a bad one gets the same 401/403, not its field errors.
      expect(await post(browser, { body: { name: '' } })).toMatchObject({ status });
      expect(await browser.call(getStats, 'GET', '/api/admin/stats')).toMatchObject({ status });
    }
    const crossSite = { origin: 'https://evil.example' };
    expect((await post(admin, { body: valid, headers: crossSite })).status).toBe(403);
    const crossPatch = await admin.call(patchProduct, 'PATCH', `/api/admin/products/${id}`, {
      body: { priceCents: 1 },
      params: { id: String(id) },
      headers: crossSite,
    });
    expect(crossPatch.status).toBe(403);

    expect(await catalogFingerprint()).toBe(before);
  });

  it('serves the operator figures as JSON to admins', async () => {
    const admin = await signedIn(DEMO_ADMIN);
    const answer = await admin.call(getStats, 'GET', '/api/admin/stats');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    expect(answer.json).toMatchObject({
      cache: { namespaces: expect.arrayContaining([expect.objectContaining({ namespace: 'product' })]) },
      redis: { keyspaceHits: expect.any(Number), persistence: { mode: expect.any(String) } },
      sessions: { count: expect.any(Number) },
      postgres: { total: expect.any(Number) },
      series: expect.any(Array),
    });
  });
});
