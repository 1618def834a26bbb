import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, DEMO_SHOPPER } from '../tooling/seed/seed-generate';
import { logInAs, newestProducts, type ProductRow } from './support/admin';
import { type Instance } from './support/instances';
import { withOwnStore } from './support/own-store';
import { readCounter } from './support/metrics';
import { keysWithPrefix } from '../tooling/run-env';

/*
 * The operator's view after a browse with a known outcome: a fresh instance (its counters at 0) on a
 * database and key prefix of this file's own (every product cold), 200 views of 20 products. Each
 * product's data is read on its first view only (the gate's miss, then the render's hit); the page cache
 * serves the nine others whole (20 misses and 180 hits, 90 %). The data's figures are seen the same in
 * /api/metrics and on /admin/stats.
 */

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const store = withOwnStore('stats', { products: 40, instances: 1 });
let instance: Instance;
let products: ProductRow[];

test.beforeAll(async () => {
  [instance] = store.instances as [Instance];
  products = await newestProducts(store.databaseUrl, 20);
});

const counter = (namespace: string, result: string) =>
  readCounter(instance.baseURL, 'storefront_cache_requests_total', { namespace, result });

/** Pages the page cache has stored (their entries in Redis). */
const storedPages = async () =>
  (await keysWithPrefix(`${store.prefix}cache:page:`)).filter((key) => !key.endsWith(':gen')).length;

test('200 views of 20 cold products: the page cache 90 %, the data read on first views only, in /api/metrics and on /admin/stats', async ({
  page,
}) => {
  // Ten views of each product, one request at a time (so no timing can turn a read into anything else).
  // The first view reads the product's data before the page (proxy.ts: a 404 or 503 must be decided
  // first: the miss), renders the page (a hit: the data was just loaded) and stores it, which happens
  // just after the answer is sent, so the next view waits for it. The nine others are the page held whole:
  // no read of the data at all.
  for (const [index, { slug }] of products.entries()) {
    for (let view = 0; view < 10; view += 1) {
      const response = await fetch(`${instance.baseURL}/products/${slug}`);
      expect(response.status).toBe(200);
      if (view === 0) await expect.poll(storedPages).toBe(index + 1);
    }
  }
  const [hits, misses, stale] = await Promise.all(['hit', 'miss', 'stale'].map((r) => counter('product', r)));
  expect({ hits, misses, stale }).toEqual({ hits: 20, misses: 20, stale: 0 });
  const [pageHits, pageMisses] = await Promise.all(['hit', 'miss'].map((r) => counter('page', r)));
  expect({ pageHits, pageMisses }).toEqual({ pageHits: 180, pageMisses: 20 });

  await logInAs(page, DEMO_ADMIN, instance.baseURL);
  const response = await page.goto(`${instance.baseURL}/admin/stats`);
  expect(response?.status()).toBe(200);
  // The product's row (the sign-in and admin pages go through the page cache too: its row moves on).
  await expect(page.getByTestId('hit-rate-product')).toHaveText('50.0%');
  await expect(page.getByTestId('hits-product')).toHaveText('20');
  await expect(page.getByTestId('misses-product')).toHaveText('20');
  // Redis's own figures sit beside it.
  await expect(page.getByTestId('redis-hit-ratio')).toHaveText(/^\d+\.\d%$/);
  await expect(page.getByTestId('redis-keyspace-hits')).toHaveText(/^[\d,]+$/);
  await expect(page.getByTestId('redis-memory')).toHaveText(/^[\d.]+[KMG]$/);
  await expect(page.getByTestId('redis-persistence')).not.toBeEmpty();
  await expect(page.getByTestId('session-count')).toHaveText(/[1-9]/); // this admin's session at least
  await expect(page.getByTestId('pg-connections')).toHaveText(/[1-9]/);

  // The page refreshes itself; within a sampling period the hour's chart shows the product line.
  const chart = page.getByRole('img', { name: /hit rate per minute/i });
  await expect(chart).toBeVisible();
  await expect(chart.locator('polyline').first()).toBeAttached({ timeout: 30_000 });
  await expect(page.getByTestId('hit-rate-product')).toHaveText('50.0%'); // the page's own reads changed nothing
});

test('a shopper cannot see /admin/stats (403), nor its JSON', async ({ page }) => {
  await logInAs(page, DEMO_SHOPPER, instance.baseURL);
  const response = await page.goto(`${instance.baseURL}/admin/stats`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('403 — Admins only');
  await expect(page.getByTestId('hit-rate-product')).toHaveCount(0);
  expect((await page.request.get(`${instance.baseURL}/api/admin/stats`)).status()).toBe(403);
});
