import { expect, test } from '@playwright/test';
import { withRedisUnreachable } from './support/redis-unreachable';

// An instance whose Redis is unreachable: nothing listens on the port REDIS_URL names.
test.describe('with Redis unreachable', () => {
  const down = withRedisUnreachable();

  test('health answers 503 naming Redis, with PostgreSQL still up', async ({ request }) => {
    const response = await request.get(`${down.instance.baseURL}/api/health`);
    expect(response.status()).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded', postgres: 'up', redis: 'down' });
  });
});
