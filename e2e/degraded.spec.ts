import { expect, test } from '@playwright/test';
import { freePort, startInstance, type Instance } from './support/instances';

// An instance whose Redis is unreachable: nothing listens on the port REDIS_URL names.
test.describe('with Redis unreachable', () => {
  let instance: Instance;

  test.beforeAll(async () => {
    instance = await startInstance({ REDIS_URL: `redis://127.0.0.1:${freePort()}` });
  });

  test.afterAll(async () => {
    await instance?.stop();
  });

  test('health answers 503 naming Redis, with PostgreSQL still up', async ({ request }) => {
    const response = await request.get(`${instance.baseURL}/api/health`);
    expect(response.status()).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded', postgres: 'up', redis: 'down' });
  });
});
