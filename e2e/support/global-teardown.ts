import { SAMPLE_INTERVAL_MS } from '../../lib/admin/stats/hit-rate-sampler';
import { deleteKeysWithPrefix, dropDatabase } from '../../tooling/run-env';
import { e2eEnv } from './run-env';

/**
 * Removes the run's database (the server may still hold connections: `with (force)`) and its keys.
 * Playwright stops the web server only after this runs, and its hit-rate sampler may add one last
 * per-minute bucket meanwhile: so the keys are swept again once a sample interval has passed.
 */
export default async function globalTeardown(): Promise<void> {
  const env = e2eEnv();
  await Promise.all([dropDatabase(env.DATABASE_URL), deleteKeysWithPrefix(env.REDIS_KEY_PREFIX)]);
  await new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS + 1000));
  await deleteKeysWithPrefix(env.REDIS_KEY_PREFIX);
}
