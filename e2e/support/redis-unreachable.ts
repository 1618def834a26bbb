import { test } from '@playwright/test';
import { freePort } from '../../tooling/ports';
import { startInstance, type Instance } from './instances';

/**
 * Registers hooks giving the enclosing describe block an extra `next start` whose Redis is unreachable
 * (REDIS_URL names a port nothing listens on), on the shared database; stopped afterwards. Read its
 * `instance` inside the tests.
 */
export function withRedisUnreachable(): { readonly instance: Instance } {
  let started: Instance | undefined;
  test.beforeAll(async () => {
    started = await startInstance({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
  });
  test.afterAll(async () => {
    await started?.stop();
  });
  return {
    get instance() {
      if (!started) throw new Error('the Redis-unreachable instance has not started');
      return started;
    },
  };
}
