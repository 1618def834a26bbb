import { Redis } from 'ioredis';
import { closeOnce, ENTRY_TTL_SECONDS, type Peer } from '../peer';

/** The baseline every tutorial shows: GET; on a miss, load and SET EX. No L1, no coalescing, no lock. */
export const cacheAside: Peer = {
  id: 'cache_aside',
  label: 'plain GET/SET cache-aside',
  setup: 'no L1, no stampede protection',
  async create({ redisUrl, keyPrefix }) {
    const redis = new Redis(redisUrl, { connectionName: 'bench-data-layer-cache-aside' });
    await redis.ping();
    return {
      async getOrLoad(key, load) {
        const cached = await redis.get(keyPrefix + key);
        if (cached !== null) return JSON.parse(cached) as unknown;
        const value = await load();
        await redis.set(keyPrefix + key, JSON.stringify(value), 'EX', ENTRY_TTL_SECONDS);
        return value;
      },
      close: closeOnce(() => redis.quit()),
    };
  },
};
