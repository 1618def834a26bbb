import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedisClient, waitUntilReady, type RedisClient } from '../redis/client';
import { cacheKey } from './key';
import type { CacheEngine } from './engine';
import { sleep, testPrefix } from '@/tooling/vitest/cache/harness';
import { startRedisServer, type RedisServerProcess } from '@/tooling/redis-server';

// Redis killed under a running process, as in the fault drill ("Stop Redis entirely for 20 s: product pages
// answer 200, each under 1 s"). Next.js bundles lib/redis/client.ts into several chunks, each with its own
// copy of the module, while the client itself is one per process (globalThis): so the engine usually runs
// on another copy than the one that made the client. Here too: the client is made by this file's copy and
// the engine is imported afresh, with copies of its own.

let server: RedisServerProcess | undefined;
let redis: RedisClient | undefined;

afterEach(async () => {
  redis?.disconnect();
  await server?.stop();
  redis = undefined;
  server = undefined;
});

async function engineOnAnotherModuleCopy(client: RedisClient): Promise<CacheEngine> {
  vi.resetModules();
  const { CacheEngine: FreshEngine } = await import('./engine');
  return new FreshEngine({ redis: client, keyPrefix: testPrefix() });
}

describe('CacheEngine when Redis is killed', () => {
  it('answers every read from the loader within 1 s, reads fired during the reconnect attempts too', async () => {
    server = await startRedisServer();
    const client = (redis = createRedisClient({ target: { url: server.url } }));
    client.on('error', () => {});
    expect(await waitUntilReady(client, 5000)).toBe(true);
    const engine = await engineOnAnotherModuleCopy(client);

    let reads = 0;
    const timings: Array<Promise<{ at: string; ms: number }>> = [];
    const read = (at: string) => {
      const id = `item-${(reads += 1)}`;
      const started = performance.now();
      timings.push(
        engine
          .getOrLoad(cacheKey('product', id), () => Promise.resolve({ id }))
          .then((value) => {
            expect(value).toEqual({ id });
            return { at, ms: Math.round(performance.now() - started) };
          }),
      );
    };
    read('before the stop');
    await Promise.all(timings);

    // Reads at each step of the client's reconnecting (a request's first Redis call lands anywhere among
    // them: the drill's slow page came about 0.2 s after the stop), and every 25 ms besides.
    const stoppedAt = performance.now();
    const since = () => Math.round(performance.now() - stoppedAt);
    for (const event of ['close', 'reconnecting', 'connecting'] as const) {
      client.on(event, () => read(`${event} at ${since()} ms`));
    }
    await server.stop();
    while (since() < 1200) {
      read(`tick at ${since()} ms`);
      await sleep(25);
    }

    const results = await Promise.all(timings);
    const slow = results.filter(({ ms }) => ms >= 1000);
    expect(slow, `reads slower than 1 s: ${JSON.stringify(slow)}`).toEqual([]);
  }, 20_000);
});
