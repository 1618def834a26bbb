import postgres from 'postgres';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '@/tooling/redis-server';
import { databaseUrlNamed, deleteKeysWithPrefix, dropDatabase, randomId } from '@/tooling/run-env';
import { createCacheMetrics } from '../../cache';
import { getSql } from '../../db/client';
import { createRedisClient, getRedis, waitUntilReady } from '../../redis/client';
import { minuteOf, statsKeys } from '../../redis/keys';
import { sessionKeys } from '../../redis/keys';
import { readCacheCounters } from './cache-counters';
import { HitRateSampler } from './hit-rate-sampler';
import { readHitRateSeries } from './hit-rate-series';
import { readPoolUse } from './postgres';
import { parseInfo, persistenceMode, readRedisFigures } from './redis-info';
import { countSessions } from './sessions';

// The operator's figures, read from real Redis and PostgreSQL under a key prefix of this file's own.

const prefix = `${process.env.REDIS_KEY_PREFIX}stats-${randomId()}:`;
const keys = statsKeys(prefix);

// The shared client has no offline queue: commands before its first connection would fail.
beforeAll(() => waitUntilReady(getRedis(), 5000));
afterAll(() => deleteKeysWithPrefix(prefix));

/** An instance's metrics: a registry of its own with the engine's counters on it. */
function instance() {
  const registry = new Registry();
  return { registry, metrics: createCacheMetrics(registry) };
}

const at = Date.UTC(2030, 0, 1, 12, 30, 15);

describe('hit-rate sampling', () => {
  it('adds each instance’s new counts into the minute’s bucket, once, with a TTL', async () => {
    const a = instance();
    const b = instance();
    const sample = (registry: Registry) =>
      new HitRateSampler({ registry: () => registry, keys, now: () => at });
    const [samplerA, samplerB] = [sample(a.registry), sample(b.registry)];
    for (let i = 0; i < 9; i += 1) a.metrics.request('product', 'hit');
    a.metrics.request('product', 'miss');
    a.metrics.request('category', 'hit'); // not charted
    b.metrics.request('listing', 'stale');
    await Promise.all([samplerA.tick(), samplerB.tick()]);
    await samplerA.tick(); // nothing new: adds nothing
    a.metrics.request('product', 'hit');
    await samplerA.tick();

    const bucket = keys.hitRateMinute(minuteOf(at));
    expect(await getRedis().hgetall(bucket)).toEqual({
      'product:hit': '10',
      'product:miss': '1',
      'listing:stale': '1',
    });
    const ttl = await getRedis().ttl(bucket);
    expect(ttl).toBeGreaterThan(7000);
    expect(ttl).toBeLessThanOrEqual(7200);

    const series = await readHitRateSeries(getRedis(), keys, at + 30_000);
    expect(series).toHaveLength(60);
    expect(series.at(-1)).toMatchObject({
      at: minuteOf(at) * 60_000,
      product: { hit: 10, miss: 1, stale: 0, rate: 10 / 11 },
      listing: { hit: 0, miss: 0, stale: 1, rate: 0 },
    });
    expect(series[0]?.product.rate).toBeNull();
  });

  it('keeps counts a failed write could not store for the next tick', async () => {
    const { registry, metrics } = instance();
    const down = createRedisClient({ target: { url: 'redis://127.0.0.1:1' }, connectionName: 'stats-down' });
    down.on('error', () => {});
    let redis = down;
    const sampler = new HitRateSampler({
      registry: () => registry,
      keys,
      redis: () => redis,
      now: () => at + 60_000,
    });
    metrics.request('product', 'miss');
    await expect(sampler.tick()).rejects.toThrow();
    redis = getRedis();
    await sampler.tick();
    expect(await getRedis().hget(keys.hitRateMinute(minuteOf(at + 60_000)), 'product:miss')).toBe('1');
    down.disconnect();
  });
});

describe('the engine counters', () => {
  it('reads hits, misses, loads and lock waits per namespace, with the hit rate', async () => {
    const { registry, metrics } = instance();
    for (let i = 0; i < 180; i += 1) metrics.request('product', 'hit');
    for (let i = 0; i < 20; i += 1) {
      metrics.request('product', 'miss');
      metrics.load('product', 0.01, false);
    }
    metrics.request('product', 'negative');
    metrics.lockWait('product');
    const counters = await readCacheCounters(registry);
    expect(counters.map((row) => row.namespace)).toEqual([
      'product',
      'listing',
      'home',
      'category',
      'product-ref',
    ]);
    expect(counters[0]).toEqual({
      namespace: 'product',
      hit: 180,
      miss: 20,
      stale: 0,
      negative: 1,
      loads: 20,
      lockWaits: 1,
      errors: 0,
      hitRate: 0.9,
    });
    expect(counters[1]?.hitRate).toBeNull();
  });
});

describe('Redis and PostgreSQL figures', () => {
  it('parses INFO and names the persistence mode', () => {
    const info = parseInfo(
      '# Stats\r\nkeyspace_hits:12\r\nkeyspace_misses:3\r\n\r\n# Memory\r\nused_memory_human:1.5M\r\n',
    );
    expect(Object.fromEntries(info)).toEqual({
      keyspace_hits: '12',
      keyspace_misses: '3',
      used_memory_human: '1.5M',
    });
    expect(persistenceMode(false, '')).toBe('none');
    expect(persistenceMode(false, '3600 1')).toBe('rdb');
    expect(persistenceMode(true, '')).toBe('aof');
    expect(persistenceMode(true, '3600 1')).toBe('aof+rdb');
    expect(persistenceMode(false, null)).toBe('unknown');
  });

  it("reads Redis's keyspace figures, memory and persistence", async () => {
    // A private redis-server, so the lookups counted are exactly this test's.
    const server = await startRedisServer();
    const redis = createRedisClient({ target: { url: server.url }, connectionName: 'stats-figures' });
    try {
      expect(await waitUntilReady(redis, 5000)).toBe(true);
      expect(await readRedisFigures(redis)).toMatchObject({
        nodes: 1,
        keyspaceHits: 0,
        keyspaceMisses: 0,
        keyspaceHitRatio: null,
        persistence: { mode: 'none', aofEnabled: false, saveSchedule: '' },
      });
      await redis.set('present', '1');
      for (let i = 0; i < 3; i += 1) await redis.get('present');
      await redis.get('absent');
      const info = await redis.info('server');
      const figures = await readRedisFigures(redis);
      expect(figures).toMatchObject({ keyspaceHits: 3, keyspaceMisses: 1, keyspaceHitRatio: 0.75 });
      expect(info).toContain(`redis_version:${figures.version}`);
      expect(figures.usedMemoryBytes).toBeGreaterThan(0);
      expect(figures.usedMemoryHuman).toMatch(/^[\d.]+[KMG]$/);

      // Snapshots and an append-only file switched on at run time show in the mode.
      await redis.config('SET', 'save', '3600 1');
      await redis.config('SET', 'appendonly', 'yes');
      expect((await readRedisFigures(redis)).persistence).toMatchObject({
        mode: 'aof+rdb',
        aofEnabled: true,
        saveSchedule: '3600 1',
        appendfsync: 'everysec',
      });
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  it('counts session keys with a bounded SCAN, saying when the budget ran out', async () => {
    const sessionPrefix = `${prefix}sessions:`;
    const names = sessionKeys(sessionPrefix);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) => getRedis().hset(names.session(`s${i}`), 'c', '1')),
    );
    await getRedis().set(names.userCart(1), 'x'); // not a session
    const all = await countSessions(getRedis(), sessionPrefix);
    expect(all).toMatchObject({ count: 25, complete: true });
    expect(all.dbsize).toBeGreaterThanOrEqual(26);
    const capped = await countSessions(getRedis(), sessionPrefix, { count: 1, maxCalls: 2 });
    expect(capped.complete).toBe(false);
    expect(capped.count).toBeLessThan(25);
  });

  it("counts the storefront's PostgreSQL connections by state", async () => {
    // An empty database of this test's own, so the only connections to it are the three opened here:
    // one idle, one idle in a transaction, and the reader's, active while it reads.
    const databaseUrl = databaseUrlNamed(`storefront_test_pool_${randomId()}`);
    await getSql().unsafe(`create database "${new URL(databaseUrl).pathname.slice(1)}"`);
    const open = () =>
      postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'storefront' } });
    const [idle, inTransaction, reader] = [open(), open(), open()];
    let finish = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const transaction = inTransaction.begin(async (tx) => {
      await tx`select 1`;
      await finished;
    });
    try {
      await idle`select 1`;
      await expect
        .poll(async () => (await readPoolUse(reader)).byState)
        .toEqual({ active: 1, idle: 1, 'idle in transaction': 1 });
      const pool = await readPoolUse(reader);
      expect(pool.total).toBe(3);
      const [shown] = await reader<{ max_connections: string }[]>`show max_connections`;
      expect(pool.maxConnections).toBe(Number(shown?.max_connections));
    } finally {
      finish();
      await transaction;
      await Promise.all([idle, inTransaction, reader].map((sql) => sql.end({ timeout: 5 })));
      await dropDatabase(databaseUrl);
    }
  });
});
