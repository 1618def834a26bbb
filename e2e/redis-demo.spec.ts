import { expect, test, type Page } from '@playwright/test';
import Redis from 'ioredis';
import { DEMO_ADMIN, DEMO_SHOPPER } from '../tooling/seed/seed-generate';
import { logInAs } from './support/admin';
import { e2eEnv } from './support/run-env';

/*
 * /admin/redis-demo on Playwright's server: an admin steps through the demo and traces a product read;
 * the demo leaves no key without a TTL; a shopper gets 403. One admin's run is kept per user, so the
 * tests take turns.
 */

test.describe.configure({ mode: 'serial' });

const demoPattern = () => `${e2eEnv().REDIS_KEY_PREFIX.replace(/[*?[\]\\]/g, '\\$&')}demo:*`;

/** Every demo key with its TTL in ms (-1: none), straight from Redis. */
async function demoKeyTtls(): Promise<Map<string, number>> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  try {
    const ttls = new Map<string, number>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', demoPattern(), 'COUNT', 1000);
      cursor = next;
      for (const key of keys) ttls.set(key, await redis.pttl(key));
    } while (cursor !== '0');
    return ttls;
  } finally {
    redis.disconnect();
  }
}

/** Lines of the log that show `command` with a reply after it (a line's text starts with its step number). */
const linesWith = (page: Page, command: string) =>
  page
    .getByTestId('demo-log')
    .locator('li')
    .filter({ hasText: new RegExp(`(?<![A-Za-z-])${command}\\b[^→]*→ \\S`) });

test('an admin clicks Step twice, then Run All: GET, SET, HSET, DEL and INFO with replies; no key left without a TTL', async ({
  page,
}) => {
  // A JSON route first: Next.js bundles routes and pages apart, and the trace must see the commands of the
  // one shared client whichever bundle made it.
  expect((await page.request.get('/api/products?pageSize=1')).status()).toBe(200);
  await logInAs(page, DEMO_ADMIN);
  const response = await page.goto('/admin/redis-demo');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Redis demo');
  const log = page.getByTestId('demo-log');

  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(log).toContainText('SET ~cache:product:');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(log).toContainText('acquire-lock');
  await page.getByRole('button', { name: 'Run All' }).click();
  await expect(log).toContainText('INFO stats');

  for (const command of ['GET', 'SET', 'HSET', 'DEL', 'INFO']) {
    await expect(linesWith(page, command).first(), command).toBeVisible();
  }
  // The steps say what they measured, the first one the seed's "~0.1 ms vs 5–50 ms".
  await expect(page.getByTestId('step-summary-1')).toContainText(/GET miss .* ms · the loader’s SQL .* ms/);
  await expect(page.getByTestId('step-summary-6')).toContainText('Redis keyspace');
  await expect(page.getByRole('button', { name: 'Step', exact: true })).toBeDisabled();

  const ttls = await demoKeyTtls();
  expect(ttls.size).toBeGreaterThan(10);
  const withoutTtl = [...ttls].filter(([, ttl]) => ttl < 0);
  expect(withoutTtl).toEqual([]);
});

test('the trace of a cold read lists the lock, the SQL and the write; the warm read none', async ({
  page,
}) => {
  await logInAs(page, DEMO_ADMIN);
  await page.goto('/admin/redis-demo');
  await expect(page.getByLabel('Product slug')).not.toHaveValue('');
  await page.getByRole('button', { name: 'Trace' }).click();

  const cold = page.getByTestId('trace-cold');
  await expect(cold.locator('li').first()).toContainText('GET ~cache:product:');
  await expect(cold.locator('li').filter({ hasText: 'EVALSHA acquire-lock' })).toHaveCount(1);
  await expect(cold.locator('li').filter({ hasText: /^\d+SQLselect/ })).toHaveCount(4);
  await expect(cold.locator('li').filter({ hasText: 'EVALSHA write-if-generation' })).toHaveCount(1);
  await expect(page.getByTestId('trace-warm-l1')).toHaveText(/nothing was sent to Redis or PostgreSQL/);
  await expect(page.getByTestId('trace-warm-l1').locator('li')).toHaveCount(0);
  const warmRedis = page.getByTestId('trace-warm-redis').locator('li');
  await expect(warmRedis).toHaveCount(1);
  await expect(warmRedis).toContainText('GET ~cache:product:');

  expect([...(await demoKeyTtls())].filter(([, ttl]) => ttl < 0)).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('each button is a form: Reset, then Step, answered by the re-rendered page', async ({ page }) => {
    await logInAs(page, DEMO_ADMIN);
    await page.goto('/admin/redis-demo');
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByTestId('demo-log').locator('li')).toHaveCount(0);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(linesWith(page, 'GET').first()).toBeVisible();
    await expect(page.getByTestId('step-summary-1')).toBeVisible();
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByTestId('demo-log').locator('li')).toHaveCount(0);
  });
});

test('a shopper gets 403', async ({ page }) => {
  const login = await page.request.post('/api/auth/login', {
    data: { email: DEMO_SHOPPER.email, password: DEMO_SHOPPER.password },
  });
  expect(login.status()).toBe(200);
  const response = await page.goto('/admin/redis-demo');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('403 — Admins only');
});
