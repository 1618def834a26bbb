import { expect, test } from '@playwright/test';
import Redis from 'ioredis';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import { startRedisServer, type RedisServerProcess } from '../tooling/redis-server';
import { logInAs } from './support/admin';
import { startInstance, type Instance } from './support/instances';

/*
 * An instance with SESSION_REDIS_URL: sessions on one private Redis set up the way it must not be (no AOF,
 * allkeys-lru), the cache on another set up right (allkeys-lru with a maxmemory). The operator sees both,
 * with the warnings, on /admin/stats; /api/health says the same without changing its status.
 */

test.describe.configure({ mode: 'serial', timeout: 90_000 });

let sessionServer: RedisServerProcess;
let cacheServer: RedisServerProcess;
let instance: Instance;

test.beforeAll(async () => {
  [sessionServer, cacheServer] = await Promise.all([
    startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lru'] }),
    startRedisServer({ args: ['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru'] }),
  ]);
  instance = await startInstance({ REDIS_URL: cacheServer.url, SESSION_REDIS_URL: sessionServer.url });
});

test.afterAll(async () => {
  await instance?.stop();
  await Promise.all([sessionServer?.stop(), cacheServer?.stop()]);
});

test('the operator sees each Redis, and the warning where sessions could be lost or evicted', async ({
  page,
}) => {
  const health = await page.request.get(`${instance.baseURL}/api/health`);
  expect(health.status()).toBe(200);
  const report = (await health.json()) as { warnings: string[] };
  expect(report).toMatchObject({
    status: 'ok',
    redis: 'up',
    sessionRedis: 'up',
    persistence: { redis: 'none', sessionRedis: 'none' },
    evictionPolicy: { redis: 'allkeys-lru', sessionRedis: 'allkeys-lru' },
    // The cache Redis's memory against its budget.
    cacheMemory: {
      budgetBytes: 64 * 1024 * 1024,
      usedBytes: expect.any(Number),
      usedRatio: expect.any(Number),
    },
  });
  expect(report.warnings).toHaveLength(2);

  await logInAs(page, DEMO_ADMIN, instance.baseURL);
  // The admin's session went to the session Redis, and only there.
  const [onSessions, onCache] = await Promise.all(
    [sessionServer, cacheServer].map(async (server) => {
      const admin = new Redis(server.url);
      try {
        return await admin.keys('*sess:*');
      } finally {
        admin.disconnect();
      }
    }),
  );
  expect(onSessions?.length).toBeGreaterThan(0);
  expect(onCache).toEqual([]);

  const response = await page.goto(`${instance.baseURL}/admin/stats`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Cache Redis (REDIS_URL)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Session Redis/ })).toBeVisible();
  await expect(page.getByTestId('redis-eviction-policy')).toHaveText('allkeys-lru');
  await expect(page.getByTestId('redis-memory-budget')).toHaveText('64 MB');
  await expect(page.getByTestId('redis-memory-budget-used')).toHaveText(/^\d+\.\d%$/);
  await expect(page.getByTestId('session-redis-memory-budget')).toHaveText('none');
  await expect(page.getByTestId('redis-warning')).toHaveCount(0);
  await expect(page.getByTestId('session-redis-persistence')).toHaveText(/None/);
  const warnings = page.getByTestId('session-redis-warning');
  await expect(warnings).toHaveCount(2);
  await expect(warnings.nth(0)).toContainText('Sessions and carts could be lost');
  await expect(warnings.nth(1)).toContainText('Sessions and carts could be evicted');
  await expect(warnings.nth(1)).toContainText('allkeys-lru');
  await expect(page.getByTestId('session-count')).toHaveText(/[1-9]/);
});
