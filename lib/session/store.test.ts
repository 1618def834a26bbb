import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, waitUntilReady, type RedisClient } from '../redis/client';
import { sessionKeys } from '../redis/keys';
import { SessionStore, sessionIdFor } from './store';

// Sessions against the run's real Redis, under a prefix of this file's own; timeouts are set per store,
// short enough (1–3 s) to watch them expire.
const prefix = `${process.env.REDIS_KEY_PREFIX}sess-${randomBytes(4).toString('hex')}:`;
const keys = sessionKeys(prefix);
let redis: RedisClient;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const storeWith = (idleSeconds: number, absoluteSeconds: number) =>
  new SessionStore({ redis, keys, idleSeconds, absoluteSeconds });

beforeAll(async () => {
  redis = createRedisClient({ commandTimeoutMs: 5000, connectionName: 'session-tests' });
  await waitUntilReady(redis, 5000);
});

afterAll(async () => {
  await redis.quit();
});

describe('session store (real Redis)', () => {
  it('issues a 256-bit token and keeps only its SHA-256 in Redis, in four lean fields', async () => {
    const store = storeWith(1800, 604800);
    const { token, session } = await store.create({ userId: 42, role: 'admin' });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(session.id).toBe(createHash('sha256').update(token).digest('base64url'));
    const key = keys.session(session.id);
    const stored = await redis.hgetall(key);
    expect(Object.keys(stored).sort()).toEqual(['c', 'r', 't', 'u']);
    expect(stored).toMatchObject({ u: '42', r: 'a' });
    expect(Object.values(stored).join(' ')).not.toContain(token);
    expect(await redis.pttl(key)).toBeGreaterThan(1_799_000);
    expect(await store.read(token)).toMatchObject({ id: session.id, userId: 42, role: 'admin' });
  });

  it('treats unknown and malformed tokens as no session', async () => {
    const store = storeWith(1800, 604800);
    expect(await store.read(randomBytes(32).toString('base64url'))).toBeNull();
    expect(await store.read('not a token')).toBeNull();
    expect(await store.read('')).toBeNull();
  });

  it('ends an idle session after the idle timeout, and deletes its key', async () => {
    const store = storeWith(1, 60);
    const { token, session } = await store.create(null);
    await sleep(1150);
    expect(await store.read(token)).toBeNull();
    expect(await redis.exists(keys.session(session.id))).toBe(0);
  });

  it('keeps a session kept signed in past the idle timeout unvisited, up to the absolute limit', async () => {
    const store = storeWith(1, 3);
    const kept = await store.create({ userId: 9, role: 'shopper', keep: true });
    const plain = await store.create({ userId: 9, role: 'shopper' });
    expect(kept.session.keep).toBe(true);
    expect(await redis.hget(keys.session(kept.session.id), 'k')).toBe('1');
    expect(await redis.pttl(keys.session(kept.session.id))).toBeGreaterThan(2000);
    await sleep(1300);
    expect(await store.read(plain.token)).toBeNull();
    expect(await store.read(kept.token)).toMatchObject({ userId: 9, keep: true });
    await sleep(2000);
    expect(await store.read(kept.token)).toBeNull();
  });

  it('keeps an active session alive past the idle timeout, refreshing the expiry lazily', async () => {
    // A read well inside the idle window leaves the expiry alone: it is not touched on every read. (An idle
    // limit of a minute, so a loaded machine's pause between the two calls stays far inside it.)
    const patient = storeWith(60, 600);
    const first = await patient.create({ userId: 7, role: 'shopper' });
    const firstT = await redis.hget(keys.session(first.session.id), 't');
    await patient.read(first.token);
    expect(await redis.hget(keys.session(first.session.id), 't')).toBe(firstT);

    const store = storeWith(1, 60);
    const { token, session } = await store.create({ userId: 7, role: 'shopper' });
    const key = keys.session(session.id);
    const createdT = await redis.hget(key, 't');
    for (let elapsed = 0; elapsed < 2500; elapsed += 300) {
      await sleep(300);
      expect(await store.read(token), `after ${elapsed + 300} ms`).not.toBeNull();
    }
    expect(Number(await redis.hget(key, 't'))).toBeGreaterThan(Number(createdT));
  });

  it('ends a session at its absolute lifetime however active it is, never extending past it', async () => {
    const store = storeWith(1, 2);
    const { token, session } = await store.create({ userId: 8, role: 'shopper' });
    const key = keys.session(session.id);
    const ends = Number(await redis.hget(key, 'c')) + 2000;
    let alive = true;
    while (alive && Date.now() < ends + 1000) {
      await sleep(200);
      alive = (await store.read(token)) !== null;
      // The clock read before PTTL is asked: a loaded machine's pause after the answer would add to the sum.
      const asked = Date.now();
      const ttl = await redis.pttl(key);
      if (alive) expect(asked + ttl).toBeLessThanOrEqual(ends + 50);
    }
    expect(alive).toBe(false);
    expect(Date.now()).toBeGreaterThanOrEqual(ends - 250);
    expect(await redis.exists(key)).toBe(0);
  });

  it('destroys one session at once, and the rest of a user everywhere (except one when asked)', async () => {
    const store = storeWith(1800, 604800);
    const userId = 1000 + Math.floor(Math.random() * 1e6);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => store.create({ userId, role: 'shopper' })));
    await store.destroy(a!.session);
    expect(await store.read(a!.token)).toBeNull();
    expect(await redis.zrange(keys.userSessions(userId), 0, -1)).not.toContain(a!.session.id);

    expect(await store.destroyAllForUser(userId, c!.session.id)).toBe(1);
    expect(await store.read(b!.token)).toBeNull();
    expect(await store.read(c!.token)).not.toBeNull();
    expect(await store.destroyAllForUser(userId)).toBe(1);
    expect(await store.read(c!.token)).toBeNull();
    expect(await redis.exists(keys.userSessions(userId))).toBe(0);
  });

  it("prunes a user's set of sessions that expired on their own", async () => {
    const short = storeWith(1, 60);
    const userId = 2000 + Math.floor(Math.random() * 1e6);
    const first = await short.create({ userId, role: 'shopper' });
    await sleep(1150);
    const second = await short.create({ userId, role: 'shopper' });
    expect(await redis.zrange(keys.userSessions(userId), 0, -1)).toEqual([second.session.id]);
    expect(first.session.id).not.toBe(second.session.id);
  });

  it("slides a guest's cart expiry together with the guest's session", async () => {
    const store = storeWith(2, 60);
    const { token, session } = await store.create(null);
    const cart = keys.guestCart(session.id);
    await redis.hset(cart, '1', '2');
    await redis.pexpire(cart, 2000);
    await sleep(1200);
    await store.read(token);
    expect(await redis.pttl(cart)).toBeGreaterThan(1800);
    await sleep(1200);
    expect(await redis.hget(cart, '1')).toBe('2');
  });

  it('derives the session id from the token alone', () => {
    expect(sessionIdFor('abc')).toBe(sessionIdFor('abc'));
    expect(sessionIdFor('abc')).not.toBe(sessionIdFor('abd'));
  });
});
