import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { randomId } from '../tooling/run-env';
import { e2eEnv } from './support/run-env';
import { freePort } from '../tooling/ports';
import { startInstance, type Instance } from './support/instances';
import { withOwnStore } from './support/own-store';

// What a shopper gets when the catalog cannot be read: a 503 page that says so (PostgreSQL down, nothing
// cached), or a 500 that the logs explain (a bug), never one passed off as the other.

test.describe('with PostgreSQL unreachable and nothing cached', () => {
  let instance: Instance;

  test.beforeAll(async () => {
    instance = await startInstance({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/storefront_nowhere`,
      // A prefix of its own: nothing the run's other instances cached can answer for it.
      REDIS_KEY_PREFIX: `${e2eEnv().REDIS_KEY_PREFIX}pgdown-${randomId()}:`,
    });
  });

  test.afterAll(async () => {
    await instance?.stop();
  });

  for (const path of ['/', '/products', '/products/any-product']) {
    test(`${path} is a 503 page with Retry-After that comes back by itself`, async ({ page }) => {
      const response = await page.goto(`${instance.baseURL}${path}`);
      expect(response?.status()).toBe(503);
      expect(response?.headers()['retry-after']).toBe('5');
      await expect(page.getByRole('heading', { name: 'Temporarily unavailable' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Try again now' })).toHaveAttribute('href', path);
    });
  }

  test('the catalog API answers 503 {error} with Retry-After', async ({ request }) => {
    const response = await request.get(`${instance.baseURL}/api/products`);
    expect(response.status()).toBe(503);
    expect(response.headers()['retry-after']).toBe('5');
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });
});

test.describe('a bug on a catalog page', () => {
  const store = withOwnStore('page-bug', { products: 20, instances: 1 });

  test('answers 500 and logs the stack', async ({ request }) => {
    const [instance] = store.instances;
    const sql = postgres(store.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const [product] = await sql<{ slug: string }[]>`select slug from products order by id limit 1`;
      // The code and the schema disagree, as after a bad deploy: PostgreSQL answers 42703, not "down".
      await sql`alter table reviews rename column rating to rating_gone`;
      const response = await request.get(`${instance!.baseURL}/products/${product!.slug}`, {
        maxRedirects: 0,
      });
      expect(response.status()).toBe(500);
      await expect.poll(() => instance!.output()).toMatch(/rating[\s\S]*\n\s+at /);
    } finally {
      await sql`alter table reviews rename column rating_gone to rating`.catch(() => {});
      await sql.end();
    }
  });
});
