import { describe, expect, it } from 'vitest';
import { createRedisClient } from '../redis/client';
import { freePort } from '@/tooling/ports';
import { CacheOverloadedError } from './direct-loads';
import { CacheEngine } from './engine';
import { cacheKey } from './key';

// Redis unreachable and PostgreSQL slow: reads go straight to the loader through a few slots, and the wait
// for them is bounded. A read that cannot get a slot answers with the last value this process returned for
// the key, or fails fast as an outage (503) rather than queueing past every proxy's timeout.

async function engineOnDeadRedis() {
  const redis = createRedisClient({ target: { url: `redis://127.0.0.1:${await freePort()}` } });
  redis.on('error', () => {});
  // Past its first connection attempt, so reads skip Redis at once and only the slots are timed below.
  await new Promise((resolve) => redis.once('reconnecting', resolve));
  const engine = new CacheEngine({
    redis,
    keyPrefix: 'direct-test:',
    bypassConcurrency: 1,
    bypassMaxWaiting: 2,
    bypassMaxWaitMs: 300,
  });
  return { engine, close: () => redis.disconnect() };
}

const slowly =
  <T>(value: T, ms = 200) =>
  () =>
    new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('direct loads while Redis is away', () => {
  it('fail fast past the waiting bound instead of queueing without end', async () => {
    const { engine, close } = await engineOnDeadRedis();
    try {
      const started = Date.now();
      const reads = Array.from({ length: 10 }, (_, index) =>
        engine.getOrLoad(cacheKey('product', `p${index}`), slowly({ index })).then(
          () => 'loaded',
          (error: unknown) => (error instanceof CacheOverloadedError ? 'refused' : String(error)),
        ),
      );
      const outcomes = await Promise.all(reads);
      // One slot and at most two waiting, each waiting at most 300 ms: most are refused, none hang.
      expect(outcomes.filter((outcome) => outcome === 'refused').length).toBeGreaterThanOrEqual(6);
      expect(outcomes.filter((outcome) => outcome === 'loaded').length).toBeGreaterThanOrEqual(1);
      expect(outcomes.every((outcome) => outcome === 'loaded' || outcome === 'refused')).toBe(true);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      close();
    }
  });

  it('answer an overloaded read with the last value this process returned for the key', async () => {
    const { engine, close } = await engineOnDeadRedis();
    try {
      const key = cacheKey('product', 'remembered');
      expect(await engine.getOrLoad(key, slowly({ version: 1 }, 1))).toEqual({ version: 1 });
      // Keep the only slot and the queue busy, then read the remembered key: it cannot load now.
      const busy = Array.from({ length: 3 }, (_, index) =>
        engine.getOrLoad(cacheKey('product', `busy${index}`), slowly({}, 500)).catch(() => null),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await engine.getOrLoad(key, slowly({ version: 2 }, 1))).toEqual({ version: 1 });
      // Invalidated here: the remembered value is gone, so an overloaded read fails rather than lie.
      await engine.invalidate(key);
      const more = Array.from({ length: 3 }, (_, index) =>
        engine.getOrLoad(cacheKey('product', `more${index}`), slowly({}, 500)).catch(() => null),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      await expect(engine.getOrLoad(key, slowly({ version: 3 }, 1))).rejects.toBeInstanceOf(
        CacheOverloadedError,
      );
      await Promise.all([...busy, ...more]);
    } finally {
      close();
    }
  });
});
