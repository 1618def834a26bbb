import KeyvRedis from '@keyv/redis';
import { createCache } from 'cache-manager';
import { CacheableMemory } from 'cacheable';
import { Keyv } from 'keyv';
import { closeOnce, ENTRY_TTL_SECONDS, type Peer } from '../peer';

/**
 * cache-manager v7 with the two tiers of its README: Keyv over CacheableMemory (L1) and Keyv over
 * @keyv/redis (L2; node-redis underneath, not ioredis). `wrap` coalesces concurrent calls of a key within
 * the process. It gives every tier the entry's TTL, so its L1 keeps an entry the full hour (no bus: another
 * process's change is not seen until then).
 */
export const cacheManager: Peer = {
  id: 'cache_manager',
  label: 'cache-manager wrap',
  setup: 'L1 CacheableMemory (entry TTL) + Redis via @keyv/redis (node-redis), in-process coalescing',
  async create({ redisUrl, keyPrefix }) {
    const redisStore = new KeyvRedis(redisUrl);
    const namespace = keyPrefix.replace(/:$/, '');
    const l2 = new Keyv({ store: redisStore, namespace });
    const cache = createCache({
      stores: [new Keyv({ store: new CacheableMemory({ lruSize: 10_000 }) }), l2],
      ttl: ENTRY_TTL_SECONDS * 1000,
    });
    await redisStore.getClient(); // connects
    return {
      getOrLoad: (key, load) => cache.wrap(key, load),
      close: closeOnce(() => cache.disconnect()),
    };
  },
};
