import { cachified as getOrLoad, totalTtl, type Cache, type CacheEntry } from '@epic-web/cachified';
import { Redis } from 'ioredis';
import { closeOnce, ENTRY_TTL_SECONDS, type Peer } from '../peer';

/**
 * @epic-web/cachified over Redis. The listed adapter (cachified-redis-adapter) takes a node-redis client
 * (`set(key, value, { EXAT })`); this is the same adapter for ioredis, written to cachified's documented
 * Cache interface: the entry as JSON, expiring when its TTL plus stale window ends. cachified has no
 * in-process tier; it dedupes concurrent loads of a key within the process (its pending-values map).
 */
export const cachified: Peer = {
  id: 'cachified',
  label: '@epic-web/cachified',
  setup: 'no L1 (Redis only), in-process dedupe of concurrent loads',
  async create({ redisUrl, keyPrefix }) {
    const redis = new Redis(redisUrl, { connectionName: 'bench-data-layer-cachified' });
    await redis.ping();
    const cache = redisCache(redis, keyPrefix);
    return {
      getOrLoad: (key, load) => getOrLoad({ cache, key, ttl: ENTRY_TTL_SECONDS * 1000, getFreshValue: load }),
      close: closeOnce(() => redis.quit()),
    };
  },
};

function redisCache(redis: Redis, keyPrefix: string): Cache {
  return {
    name: 'ioredis',
    async get(key) {
      const raw = await redis.get(keyPrefix + key);
      return raw === null ? null : (JSON.parse(raw) as CacheEntry);
    },
    async set(key, entry) {
      const json = JSON.stringify(entry);
      const expiresAt = entry.metadata.createdTime + totalTtl(entry.metadata);
      if (Number.isFinite(expiresAt)) await redis.set(keyPrefix + key, json, 'PXAT', Math.ceil(expiresAt));
      else await redis.set(keyPrefix + key, json);
    },
    async delete(key) {
      await redis.del(keyPrefix + key);
    },
  };
}
