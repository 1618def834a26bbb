import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionKeys } from '../redis/session-keys';
import { findFreePort, startRedisServer, type RedisServerProcess } from '../redis/testing/redis-server';
import { SessionStore } from './store';

// The memory budget, measured as production stores it: a private redis-server (same binary, default
// settings) with no key prefix, so the figure is exact and nobody else's keys are near.
let server: RedisServerProcess;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer({ port: await findFreePort(20_000, 29_999) });
  redis = new Redis(server.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  await redis?.quit().catch(() => redis.disconnect());
  await server?.stop();
});

const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);

describe('session memory (private redis-server, production key names)', () => {
  const store = () =>
    new SessionStore({ redis, keys: sessionKeys(''), idleSeconds: 1800, absoluteSeconds: 604800 });

  it('costs at most 200 bytes for a signed-in session with an empty cart', async () => {
    const { session } = await store().create({ userId: 123_456, role: 'shopper' });
    const keys = sessionKeys('');
    const bytes = Number(await redis.call('MEMORY', 'USAGE', keys.session(session.id), 'SAMPLES', '0'));
    // An empty cart is no key at all: Redis deletes a hash with its last field.
    expect(await redis.exists(keys.userCart(123_456))).toBe(0);
    console.info(`session hash: MEMORY USAGE = ${bytes} bytes`);
    expect(bytes).toBeLessThanOrEqual(200);
  });

  it('reports what 10,000 sessions take in used_memory, every overhead included', async () => {
    const sessions = store();
    const measure = async (owner: (index: number) => { userId: number; role: 'shopper' } | null) => {
      await redis.flushall();
      const before = await usedMemory();
      for (let batch = 0; batch < 100; batch += 1) {
        await Promise.all(
          Array.from({ length: 100 }, (_, index) => sessions.create(owner(batch * 100 + index))),
        );
      }
      return ((await usedMemory()) - before) / 10_000;
    };
    const guest = await measure(() => null);
    // A signed-in session also adds its id to the user's sorted set of sessions (one user each here).
    const signedIn = await measure((index) => ({ userId: index + 1, role: 'shopper' }));
    const mb = (bytes: number) => ((bytes * 100_000) / 1e6).toFixed(1);
    console.info(
      `per session, used_memory: guest ${Math.round(guest)} B, signed-in with its user's set ` +
        `${Math.round(signedIn)} B; 100,000 sessions ≈ ${mb(guest)} MB (guests) / ${mb(signedIn)} MB (signed in)`,
    );
    // Generous bounds: the point is the report, and catching a field or key that bloats every session.
    expect(guest).toBeLessThan(300);
    expect(signedIn).toBeLessThan(500);
  });
});
