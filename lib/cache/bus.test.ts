import { afterEach, describe, expect, it } from 'vitest';
import { createRedisClient, createSubscriberClient, waitUntilReady } from '../redis/client';
import { liveNodes } from '../redis/subscriber';
import { eventually, sleep } from '@/tooling/vitest/cache/harness';
import { startRedisServer, type RedisServerProcess } from '@/tooling/redis-server';
import { CacheEngine } from './engine';
import { cacheKey } from './key';

// The bus while its Redis misbehaves, on a private redis-server: L1 is trusted only while the bus is
// subscribed, including when the server stops answering without closing the connection.
let server: RedisServerProcess | undefined;
let engine: CacheEngine | undefined;

afterEach(async () => {
  server?.resume();
  await engine?.close();
  await server?.stop();
  engine = server = undefined;
});

describe('the invalidation bus', () => {
  it('stops trusting L1 when its Redis freezes (heartbeat), and trusts it again once Redis answers', async () => {
    server = await startRedisServer();
    const redis = createRedisClient({ target: { url: server.url }, connectionName: 'bus-tests' });
    redis.on('error', () => {});
    expect(await waitUntilReady(redis, 5000)).toBe(true);
    const subscriber = createSubscriberClient({ target: { url: server.url }, heartbeatMs: 300 });
    engine = new CacheEngine({ redis, subscriber, keyPrefix: 'bus-test:', l1TtlSeconds: 60 });
    const cache = engine;
    await eventually(() => cache.status().bus === 'up', 5000, 'the bus');

    let loads = 0;
    const loader = async () => ({ load: (loads += 1) });
    const key = cacheKey('product', 'frozen');
    await cache.getOrLoad(key, loader);
    expect(cache.status().l1Entries).toBe(1);

    // A frozen server keeps its sockets open: only the heartbeat can tell.
    server.pause();
    await eventually(() => cache.status().bus === 'down', 6000, 'the bus to go down');
    expect(cache.status().l1Entries).toBe(0);
    // With L1 off and Redis silent, a read loads by itself rather than serve what L1 had.
    expect(await cache.getOrLoad(key, loader)).toEqual({ load: 2 });
    expect(cache.status().l1Entries).toBe(0);

    server.resume();
    await eventually(() => cache.status().bus === 'up', 10_000, 'the bus to come back');
    await sleep(100);
    redis.disconnect();
  }, 30_000);

  it('reads the live nodes of CLUSTER NODES, skipping failed ones', () => {
    const described = [
      'a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460',
      'b2 127.0.0.1:7001@17001 master,fail - 0 0 2 disconnected',
      'c3 127.0.0.1:7004@17004,redis-c slave a1 0 0 1 connected',
      'd4 :0@0 master,noaddr - 0 0 0 disconnected',
      '',
    ].join('\n');
    expect(liveNodes(described)).toEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: '127.0.0.1', port: 7004 },
    ]);
  });
});
