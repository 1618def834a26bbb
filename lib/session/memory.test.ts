import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerProcess } from '@/tooling/redis-server';
import { sessionKeys } from '../redis/keys';
import { SessionStore } from './store';

// The memory budget of a session, measured as production stores it: a private redis-server (same binary,
// default settings) and no key prefix, so the key name is the production one and nobody else's keys are
// near. The figures at scale are a benchmark: the sessions part of `npm run bench`
// (bench/parts/sessions.ts).
let server: RedisServerProcess;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('session memory (private redis-server, production key names)', () => {
  it('keeps a signed-in session hash within 200 bytes by MEMORY USAGE', async () => {
    const keys = sessionKeys('');
    const store = new SessionStore({ redis, keys, idleSeconds: 1800, absoluteSeconds: 604_800 });
    const { session } = await store.create({ userId: 123_456, role: 'shopper' });
    const key = keys.session(session.id);
    // What is weighed is the signed-in hash: user and role beside the two timestamps.
    expect((await redis.hkeys(key)).sort()).toEqual(['c', 'r', 't', 'u']);
    expect(await redis.hget(key, 'u')).toBe('123456');
    const bytes = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(200);
  });
});
