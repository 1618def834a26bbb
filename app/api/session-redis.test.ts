import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCache, cacheKey } from '@/lib/cache';
import { getRedis, getSessionRedis } from '@/lib/redis/client';
import { parseInfo } from '@/lib/redis/durability';
import { DEMO_ADMIN, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import { productWithStock } from '@/tooling/vitest/cart';
import { addToCart, checkoutWith, newKey, newShopper } from '@/tooling/vitest/orders';
import { startRedisServer, type RedisServerProcess } from '@/tooling/redis-server';
import { TestBrowser } from '@/tooling/vitest/session';
import { GET as stats } from './admin/stats/route';
import { POST as login } from './auth/login/route';
import { GET as me } from './auth/me/route';
import { GET as getCart } from './cart/route';
import { GET as health } from './health/route';
import { GET as getProduct } from './products/[slug]/route';

// SESSION_REDIS_URL: sessions, carts, rate limits, the stock gate and checkout records on one private
// Redis (AOF, noeviction), the cache on another (allkeys-lru with a tiny maxmemory), as large shops run it.
// Each server is this file's own, so every key on it is this file's doing.

let sessionServer: RedisServerProcess;
let cacheServer: RedisServerProcess;
let sessionAdmin: Redis;
let cacheAdmin: Redis;

const CACHE_MAXMEMORY = 4 * 1024 * 1024;

beforeAll(async () => {
  [sessionServer, cacheServer] = await Promise.all([
    startRedisServer({ args: ['--appendonly', 'yes', '--maxmemory-policy', 'noeviction'] }),
    startRedisServer({ args: ['--maxmemory', String(CACHE_MAXMEMORY), '--maxmemory-policy', 'allkeys-lru'] }),
  ]);
  // lib/config.ts reads the environment on first use, which comes after this.
  process.env.REDIS_URL = cacheServer.url;
  process.env.SESSION_REDIS_URL = sessionServer.url;
  sessionAdmin = new Redis(sessionServer.url);
  cacheAdmin = new Redis(cacheServer.url);
}, 30_000);

afterAll(async () => {
  sessionAdmin?.disconnect();
  cacheAdmin?.disconnect();
  await Promise.all([sessionServer?.stop(), cacheServer?.stop()]);
});

// Registered after the servers' hooks, so its clean-up (on REDIS_URL, the cache server) runs before they stop.
withOwnCatalog('split');

/** Every key on a server, without the run's prefix. */
async function keysOn(admin: Redis): Promise<string[]> {
  const prefix = process.env.REDIS_KEY_PREFIX ?? '';
  const keys = await admin.keys('*');
  for (const key of keys) expect(key.startsWith(prefix)).toBe(true);
  return keys.map((key) => key.slice(prefix.length)).sort();
}

const SESSION_FAMILIES = /^(sess:\{|user:\{|cart:\{|rl:login:|stock:\{p:|checkout:\{u:|stats:\{checkout\}:)/;
const CACHE_FAMILIES = /^(cache:|lock:cache:|stats:\{cache\}:)/;

describe('sessions on their own Redis (SESSION_REDIS_URL)', () => {
  let shopper: TestBrowser;

  it('uses two clients, one per Redis', () => {
    expect(getSessionRedis()).not.toBe(getRedis());
  });

  it('writes sessions, carts, rate limits, the gate and checkout records only there; the cache only on REDIS_URL', async () => {
    shopper = await newShopper();
    const product = await productWithStock(20, 10_000);
    expect((await addToCart(shopper, product.id, 2)).status).toBe(200);
    expect((await checkoutWith(shopper, newKey())).status).toBe(201);
    expect((await addToCart(shopper, product.id, 3)).status).toBe(200);
    const stranger = new TestBrowser();
    const refused = await stranger.call(login, 'POST', '/api/auth/login', {
      body: { email: `nobody-${randomBytes(4).toString('hex')}@example.test`, password: 'wrong password' },
    });
    expect(refused.status).toBe(401);
    const page = await shopper.call(getProduct, 'GET', `/api/products/${product.slug}`, {
      params: { slug: product.slug },
    });
    expect(page.status).toBe(200);

    const onSessions = await keysOn(sessionAdmin);
    const onCache = await keysOn(cacheAdmin);
    for (const family of [
      'sess:{',
      'user:{',
      'cart:{u:',
      'rl:login:',
      'stock:{p:',
      'checkout:{u:',
      'stats:{checkout}:',
    ]) {
      expect(
        onSessions.some((key) => key.startsWith(family)),
        family,
      ).toBe(true);
    }
    expect(onSessions.filter((key) => !SESSION_FAMILIES.test(key))).toEqual([]);
    expect(onCache.some((key) => key.startsWith('cache:product:'))).toBe(true);
    expect(onCache.filter((key) => !CACHE_FAMILIES.test(key))).toEqual([]);
  });

  it('loses no session or cart when the cache Redis is flushed', async () => {
    const before = (await shopper.call(getCart, 'GET', '/api/cart')).json;
    expect(before).toMatchObject({ count: 3 });
    await cacheAdmin.flushall();
    expect((await shopper.call(me, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await shopper.call(getCart, 'GET', '/api/cart')).json).toEqual(before);
  });

  it('never loses a session when the cache Redis evicts under allkeys-lru', async () => {
    const shoppers = await Promise.all(Array.from({ length: 5 }, () => newShopper()));
    const product = await productWithStock(20, 10_000, 1);
    for (const browser of shoppers) await addToCart(browser, product.id, 1);
    // Twice the cache Redis's maxmemory in cache entries: it must evict.
    const big = 'x'.repeat(50_000);
    for (let i = 0; i < (2 * CACHE_MAXMEMORY) / big.length; i += 1) {
      await getCache().getOrLoad(cacheKey('filler', String(i)), async () => big);
    }
    const evicted = (info: string) => Number(parseInfo(info).get('evicted_keys'));
    expect(evicted(await cacheAdmin.info('stats'))).toBeGreaterThan(0);
    expect(evicted(await sessionAdmin.info('stats'))).toBe(0);
    for (const browser of [shopper, ...shoppers]) {
      expect((await browser.call(me, 'GET', '/api/auth/me')).status).toBe(200);
      expect((await browser.call(getCart, 'GET', '/api/cart')).json).toMatchObject({
        count: expect.any(Number),
      });
    }
    for (const browser of shoppers) {
      expect((await browser.call(getCart, 'GET', '/api/cart')).json).toMatchObject({ count: 1 });
    }
  });

  it('reports both Redis in /api/health, with no warning for this setup', async () => {
    // The details are the operator's: asked from this machine (app/api/health/route.ts).
    const answer = await new TestBrowser('127.0.0.1').call(health, 'GET', '/api/health');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      status: 'ok',
      postgres: 'up',
      redis: 'up',
      sessionRedis: 'up',
      persistence: { redis: 'none', sessionRedis: 'aof' },
      evictionPolicy: { redis: 'allkeys-lru', sessionRedis: 'noeviction' },
      warnings: [],
    });
  });

  it('shows both on the operator view, warning when the session Redis could lose or evict sessions', async () => {
    await sessionAdmin.config('SET', 'appendonly', 'no');
    await sessionAdmin.config('SET', 'maxmemory-policy', 'volatile-lru');
    try {
      const admin = await signedIn(DEMO_ADMIN);
      const answer = await admin.call(stats, 'GET', '/api/admin/stats');
      expect(answer.status).toBe(200);
      const body = answer.json as {
        separateSessionRedis: boolean;
        redis: { evictionPolicy: string; persistence: { mode: string } };
        sessionRedis: { evictionPolicy: string; persistence: { mode: string } };
        redisWarnings: { redis: string[]; sessionRedis: string[] };
        sessions: { count: number };
      };
      expect(body.separateSessionRedis).toBe(true);
      expect(body.redis).toMatchObject({ evictionPolicy: 'allkeys-lru', persistence: { mode: 'none' } });
      expect(body.sessionRedis).toMatchObject({
        evictionPolicy: 'volatile-lru',
        persistence: { mode: 'none' },
      });
      expect(body.redisWarnings.redis).toEqual([]);
      expect(body.redisWarnings.sessionRedis).toEqual([
        expect.stringMatching(/could be lost.*keeps nothing on disk/),
        expect.stringMatching(/could be evicted.*volatile-lru/),
      ]);
      // Counted on the session Redis: this file's shoppers and the admin.
      expect(body.sessions.count).toBeGreaterThanOrEqual(7);
    } finally {
      await sessionAdmin.config('SET', 'appendonly', 'yes');
      await sessionAdmin.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });
});
