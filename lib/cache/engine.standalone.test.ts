import { describe, expect, it } from 'vitest';
import { createRedisClient } from '../redis/client';
import { cacheKeys } from '../redis/keys';
import { cacheKey } from './key';
import { CacheEngine } from './engine';
import { engineContract } from '@/tooling/vitest/cache/contract';
import { sleep, testPrefix } from '@/tooling/vitest/cache/harness';
import { deleteKeysWithPrefix } from '@/tooling/run-env';

// The shared Redis of the run (REDIS_URL); every test keeps to a key prefix of its own.
engineContract('standalone Redis', () => ({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' }));

describe('CacheEngine with CACHE_DISABLED', () => {
  it('runs the loader on every read and never needs Redis', async () => {
    const engine = new CacheEngine({ disabled: true });
    let runs = 0;
    const loader = async () => ({ run: ++runs });
    const key = cacheKey('product', 'baseline');
    expect(await engine.getOrLoad(key, loader)).toEqual({ run: 1 });
    expect(await engine.getOrLoad(key, loader)).toEqual({ run: 2 });
    await engine.invalidate(key);
    await engine.invalidateNamespace('product');
    expect(engine.status()).toMatchObject({ bus: 'off', l1Entries: 0 });
    await engine.close();
  });

  it('still shares one load between concurrent reads of a key, and caps loads at once', async () => {
    const engine = new CacheEngine({ disabled: true, bypassConcurrency: 3 });
    let running = 0;
    let mostAtOnce = 0;
    const runs = new Map<string, number>();
    const loaderFor = (id: string) => async () => {
      runs.set(id, (runs.get(id) ?? 0) + 1);
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(20);
      running -= 1;
      return { id };
    };
    const ids = Array.from({ length: 40 }, (_, index) => `item-${index % 10}`); // 10 keys, 4 reads each
    await Promise.all(ids.map((id) => engine.getOrLoad(cacheKey('product', id), loaderFor(id))));
    expect([...runs.values()]).toEqual(Array.from({ length: 10 }, () => 1));
    expect(mostAtOnce).toBe(3);
    await engine.close();
  });
});

describe('CacheEngine on a client that is still connecting', () => {
  it('caches its very first read instead of sending it to the loader uncached', async () => {
    const redis = createRedisClient({ target: { url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' } });
    redis.on('error', () => {});
    const keyPrefix = testPrefix();
    const engine = new CacheEngine({ redis, keyPrefix });
    try {
      expect(redis.status).not.toBe('ready');
      let runs = 0;
      const loader = async () => ({ run: ++runs });
      const key = cacheKey('product', 'first-read');
      expect(await engine.getOrLoad(key, loader)).toEqual({ run: 1 });
      expect(await engine.getOrLoad(key, loader)).toEqual({ run: 1 });
      expect(await redis.pttl(cacheKeys(keyPrefix).entry(key).value)).toBeGreaterThan(0);
    } finally {
      await engine.close();
      await deleteKeysWithPrefix(keyPrefix, redis);
      await redis.quit();
    }
  });
});
