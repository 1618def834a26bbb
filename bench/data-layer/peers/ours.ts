import { CacheEngine, cacheKey } from '../../../lib/cache';
import { createRedisClient, createSubscriberClient, waitUntilReady } from '../../../lib/redis/client';
import { closeOnce, ENTRY_TTL_SECONDS, type Peer } from '../peer';

/**
 * The storefront's engine, built as lib/cache/index.ts builds it for the app: the factory's command client,
 * a subscriber for the invalidation bus (which is what turns L1 on), the app's TTL and jitter defaults.
 */
export const ours: Peer = {
  id: 'ours',
  label: 'ours (lib/cache getOrLoad)',
  setup: 'L1 (lru-cache, 5 s cap) + Redis, SET NX lock across processes',
  async create({ redisUrl, keyPrefix }) {
    const target = { url: redisUrl };
    const redis = createRedisClient({ target, connectionName: 'bench-data-layer' });
    redis.on('error', () => {}); // a failure shows on the commands; an 'error' event must not crash the run
    const subscriber = createSubscriberClient({ target, connectionName: 'bench-data-layer-bus' });
    subscriber.on('error', () => {});
    const engine = new CacheEngine({
      redis,
      subscriber,
      keyPrefix,
      ttlSeconds: ENTRY_TTL_SECONDS,
      jitterSeconds: 300,
    });
    if (!(await waitUntilReady(redis, 5000))) throw new Error('ours: Redis not ready');
    await busUp(engine);
    return {
      getOrLoad: (key, load) => engine.getOrLoad(cacheKey('product', key), load),
      close: closeOnce(async () => {
        await engine.close();
        await redis.quit().catch(() => redis.disconnect());
      }),
    };
  },
};

/** L1 serves only while the bus is up (a lost message could leave it stale): wait for it, as the app's first reads would. */
async function busUp(engine: CacheEngine): Promise<void> {
  const deadline = Date.now() + 5000;
  while (engine.status().bus !== 'up') {
    if (Date.now() > deadline) throw new Error('ours: the invalidation bus did not come up');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
