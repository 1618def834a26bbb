import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey } from './key';
import { redisServerPort } from '@/tooling/ports';
import { startRedisServer, type RedisServerProcess } from '@/tooling/redis-server';
import {
  EngineFactory,
  eventually,
  metric,
  sleep,
  testPrefix,
  type TestEngine,
} from '@/tooling/vitest/cache/harness';

// Redis failing under the engine: a private redis-server on a spare port, stopped, frozen and restarted
// mid-test. Reads must keep answering from the loader, fast, and caching must come back by itself.

let port: number;
let server: RedisServerProcess | undefined;
let unhandled = 0;
const countUnhandled = () => (unhandled += 1);

beforeAll(async () => {
  process.on('unhandledRejection', countUnhandled);
  port = await redisServerPort();
});

afterAll(() => {
  process.off('unhandledRejection', countUnhandled);
});

describe('CacheEngine when Redis fails', () => {
  const engines = new EngineFactory(() => ({ url: `redis://127.0.0.1:${port}` }));
  let cache: TestEngine;
  const database = new Map<string, number>();
  let running = 0;
  let mostAtOnce = 0;
  const loaderFor = (id: string) => async () => {
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await sleep(30);
    running -= 1;
    return { id, version: database.get(id) ?? 1 };
  };

  /** Reads `ids` concurrently; every read must answer the loader's value, each within a second. */
  async function readAll(ids: string[]) {
    await Promise.all(
      ids.map(async (id) => {
        const started = performance.now();
        const value = await cache.engine.getOrLoad(cacheKey('product', id), loaderFor(id));
        expect(value).toEqual({ id, version: database.get(id) ?? 1 });
        expect(performance.now() - started).toBeLessThan(1000);
      }),
    );
  }

  const hits = () => metric(cache.registry, 'storefront_cache_requests_total', { result: 'hit' });

  beforeEach(async () => {
    server = await startRedisServer({ port });
    cache = await engines.create({ keyPrefix: testPrefix(), breakerThreshold: 3, breakerCoolDownMs: 300 });
    unhandled = 0;
    mostAtOnce = 0;
    database.clear();
  });

  afterEach(async () => {
    server?.resume();
    await engines.closeAll();
    await server?.stop();
    server = undefined;
  });

  it('answers from the loader while Redis is stopped, then resumes caching when it is back', async () => {
    await readAll(['warm']);
    await readAll(['warm']);
    expect(await hits()).toBe(1);

    await server?.stop();
    const ids = Array.from({ length: 40 }, (_, index) => `item-${index % 20}`); // 20 keys, read twice at once
    for (let round = 0; round < 3; round += 1) await readAll(ids);
    expect(mostAtOnce).toBeLessThanOrEqual(8); // the bypass concurrency cap
    expect(await metric(cache.registry, 'storefront_cache_errors_total')).toBeGreaterThan(0);
    expect(cache.engine.status().circuit).not.toBe('closed');

    server = await startRedisServer({ port });
    const before = await hits();
    await eventually(
      async () => {
        await readAll(['after']);
        return (await hits()) > before;
      },
      10_000,
      'caching to resume',
    );
    expect(unhandled).toBe(0);
  }, 20_000);

  it('stays fast while Redis is frozen (commands time out), then resumes', async () => {
    await readAll(['warm']);
    server?.pause();
    for (let round = 0; round < 3; round += 1) await readAll(['warm', 'cold-1', 'cold-2']);
    server?.resume();
    const before = await hits();
    await eventually(
      async () => {
        await readAll(['warm']);
        return (await hits()) > before;
      },
      10_000,
      'caching to resume',
    );
    expect(unhandled).toBe(0);
  }, 20_000);

  it('applies an invalidation made while Redis was unreachable before trusting Redis again', async () => {
    const key = cacheKey('product', 'edited');
    await readAll(['edited']);
    server?.pause();
    database.set('edited', 2);
    const started = performance.now();
    await cache.engine.invalidate(key); // Redis keeps the old entry: it is frozen, not gone
    expect(performance.now() - started).toBeLessThan(1000);
    expect(cache.engine.status().pendingInvalidations).toBe(1);
    server?.resume();
    await readAll(['edited']); // never the old version, whichever path answers
    await eventually(() => cache.engine.status().pendingInvalidations === 0, 5000, 'the queued invalidation');
    await readAll(['edited', 'edited']);
    expect(unhandled).toBe(0);
  }, 20_000);
});
