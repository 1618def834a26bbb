import { afterEach, describe, expect, it } from 'vitest';
import { getSql } from './db/client';
import { checkHealth } from './health';
import { createRedisClient, waitUntilReady, type RedisClient } from './redis/client';
import { parseInfo } from './redis/durability';
import { startRedisServer, type RedisServerProcess } from '@/tooling/redis-server';

// checkHealth on private redis-servers set up as an operator might: with and without AOF, evicting or
// not, CONFIG renamed away as on managed Redis, and stopped.
const servers: RedisServerProcess[] = [];
const clients: RedisClient[] = [];

async function redis(args: string[]): Promise<{ server: RedisServerProcess; client: RedisClient }> {
  const server = await startRedisServer({ args });
  servers.push(server);
  const client = createRedisClient({ target: { url: server.url }, connectionName: 'health-tests' });
  client.on('error', () => {});
  clients.push(client);
  expect(await waitUntilReady(client, 5000)).toBe(true);
  return { server, client };
}

const sql = () => getSql()`select 1`;
const AOF = ['--appendonly', 'yes'];

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe('checkHealth: persistence and eviction', () => {
  it('is ok without warnings for one Redis with AOF that never evicts', async () => {
    const shared = await redis([...AOF, '--maxmemory-policy', 'noeviction']);
    expect(await checkHealth({ sql, redis: shared.client })).toMatchObject({
      status: 'ok',
      postgres: 'up',
      redis: 'up',
      persistence: { redis: 'aof' },
      evictionPolicy: { redis: 'noeviction' },
      warnings: [],
    });
  });

  it('warns, still ok, where sessions could be lost (nothing on disk) or evicted (volatile-lru)', async () => {
    const shared = await redis(['--maxmemory-policy', 'volatile-lru']);
    const report = await checkHealth({ sql, redis: shared.client });
    expect(report).toMatchObject({ status: 'ok', persistence: { redis: 'none' } });
    expect(report).not.toHaveProperty('sessionRedis');
    expect(report.warnings).toEqual([
      expect.stringMatching(/^Sessions and carts could be lost: .*keeps nothing on disk/),
      expect.stringMatching(/^Sessions and carts could be evicted: .*volatile-lru.*SESSION_REDIS_URL/),
    ]);
  });

  it('warns about an RDB-only session Redis, and a cache Redis that cannot evict', async () => {
    const cache = await redis(['--maxmemory-policy', 'noeviction']);
    const sessions = await redis(['--save', '3600 1', '--maxmemory-policy', 'noeviction']);
    const report = await checkHealth({ sql, redis: cache.client, sessionRedis: sessions.client });
    expect(report).toMatchObject({
      status: 'ok',
      redis: 'up',
      sessionRedis: 'up',
      persistence: { redis: 'none', sessionRedis: 'rdb' },
      evictionPolicy: { redis: 'noeviction', sessionRedis: 'noeviction' },
    });
    expect(report.warnings).toEqual([
      expect.stringMatching(/^The cache could stop caching: the cache Redis .*noeviction/),
      expect.stringMatching(
        /^Sessions and carts could be lost: the session Redis .*only takes RDB snapshots/,
      ),
    ]);
  });

  it('warns about a cache Redis with no maxmemory, and not about its persistence', async () => {
    const cache = await redis(['--maxmemory-policy', 'allkeys-lru']);
    const sessions = await redis(AOF);
    const report = await checkHealth({ sql, redis: cache.client, sessionRedis: sessions.client });
    expect(report.warnings).toEqual([expect.stringMatching(/could grow without bound.*no maxmemory/)]);
  });

  it('says "unknown" when CONFIG is renamed away, from INFO where it can, and stays ok', async () => {
    const managed = await redis(['--rename-command', 'CONFIG', '']);
    const report = await checkHealth({ sql, redis: managed.client });
    expect(report).toMatchObject({
      status: 'ok',
      redis: 'up',
      // AOF off, and the RDB schedule is only in CONFIG; the policy is in INFO too.
      persistence: { redis: 'unknown' },
      evictionPolicy: { redis: 'noeviction' },
    });
    expect(report.warnings).toEqual([
      expect.stringMatching(/RDB snapshots is unknown \(CONFIG GET is refused\)/),
    ]);

    const aofManaged = await redis([...AOF, '--rename-command', 'CONFIG', '']);
    expect(await checkHealth({ sql, redis: aofManaged.client })).toMatchObject({
      persistence: { redis: 'aof' },
      warnings: [],
    });
  });

  it('is degraded (503) when the session Redis is down, naming it', async () => {
    const cache = await redis(['--maxmemory', '10mb', '--maxmemory-policy', 'allkeys-lru']);
    const sessions = await redis(AOF);
    await sessions.server.stop();
    const report = await checkHealth({ sql, redis: cache.client, sessionRedis: sessions.client });
    expect(report).toMatchObject({
      status: 'degraded',
      postgres: 'up',
      redis: 'up',
      sessionRedis: 'down',
      persistence: { redis: 'none', sessionRedis: 'unknown' },
      evictionPolicy: { redis: 'allkeys-lru', sessionRedis: 'unknown' },
      warnings: [],
    });
  });

  it("reports the cache Redis's memory against its budget (used_memory vs maxmemory), or no budget", async () => {
    const cache = await redis(['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
    const sessions = await redis(AOF);
    const { cacheMemory } = await checkHealth({ sql, redis: cache.client, sessionRedis: sessions.client });
    const used = Number(parseInfo(await cache.client.info('memory')).get('used_memory'));
    expect(cacheMemory).toEqual({
      usedBytes: expect.any(Number),
      budgetBytes: 64 * 1024 * 1024,
      usedRatio: expect.any(Number),
    });
    // Within a few kilobytes of what INFO says now (the report's reading came a moment earlier).
    expect(Math.abs(cacheMemory!.usedBytes - used)).toBeLessThan(64 * 1024);
    expect(cacheMemory!.usedRatio).toBeCloseTo(cacheMemory!.usedBytes / (64 * 1024 * 1024), 3);

    const unbounded = await redis(['--maxmemory-policy', 'noeviction']);
    expect((await checkHealth({ sql, redis: unbounded.client })).cacheMemory).toEqual({
      usedBytes: expect.any(Number),
      budgetBytes: null,
      usedRatio: null,
    });
  });

  it('reads the settings at most once per few seconds, however often it is polled', async () => {
    const shared = await redis(AOF);
    const infoCalls = async () =>
      Number(
        /calls=(\d+)/.exec(
          parseInfo(await shared.client.info('commandstats')).get('cmdstat_info') ?? '',
        )?.[1] ?? 0,
      );
    await checkHealth({ sql, redis: shared.client });
    const after = await infoCalls();
    for (let poll = 0; poll < 10; poll += 1) {
      expect(await checkHealth({ sql, redis: shared.client })).toMatchObject({ status: 'ok' });
    }
    // The only further INFO is the one just sent to count them.
    expect(await infoCalls()).toBe(after + 1);
  });
});
