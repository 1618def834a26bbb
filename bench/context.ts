import { startNextInstance } from '../tooling/next-instance';
import { startRedisServer } from '../tooling/redis-server';
import { databaseUrlNamed, dropDatabase, prepareDatabase, randomId, randomSecret } from '../tooling/run-env';
import type { Cleanup } from './cleanup';
import { progressBar } from './progress';
import type { BenchContext, BenchMode } from './part';

/** The demo catalog's size: every part measures the storefront as a shop of this size runs it. */
const PRODUCTS: Record<BenchMode, number> = { full: 10_000, quick: 10_000, smoke: 500 };

/**
 * Makes what every part stands on: a private redis-server, a database of the run's own with the demo
 * catalog, one session secret for every instance (so a session made on one is valid on another).
 * Everything is registered with `cleanup` before it exists.
 */
export async function openContext(
  mode: BenchMode,
  cleanup: Cleanup,
  { signInShare = 0.25 }: { signInShare?: number } = {},
): Promise<BenchContext> {
  const id = randomId();
  const products = PRODUCTS[mode];
  const databaseUrl = databaseUrlNamed(`storefront_bench_${id}`);
  cleanup.defer('drop database', () => dropDatabase(databaseUrl));
  await prepareDatabase(databaseUrl, products);
  const redis = await startRedisServer();
  cleanup.defer('stop redis-server', () => redis.stop());
  const secret = randomSecret();
  let prefixes = 0;

  return {
    mode,
    signInShare,
    databaseUrl,
    products,
    redisUrl: redis.url,
    // The Redis is the run's own and goes away with it: prefixes only keep one phase's keys from the next's.
    keyPrefix: (label) => `bench:${label}-${(prefixes += 1)}:`,
    async startInstance(env = {}) {
      const instance = await startNextInstance({
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: `bench:${id}:`,
        SESSION_SECRET: secret,
        ...env,
      });
      cleanup.defer('stop instance', () => instance.stop());
      return instance;
    },
    progress: (label, total) => progressBar(label, total),
    defer: (label, undo) => cleanup.defer(label, undo),
  };
}
