import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey, getCache } from '@/lib/cache';
import { getRedis, getSessionRedis } from '@/lib/redis/client';
import { stockKeys } from '@/lib/redis/keys';
import { withOwnCatalog } from '@/tooling/vitest/admin';
import { eventually, EngineFactory, metric, sleep } from '@/tooling/vitest/cache/harness';
import { productWithStock } from '@/tooling/vitest/cart';
import { addToCart, checkoutWith, newKey, newShopper } from '@/tooling/vitest/orders';
import { TestBrowser } from '@/tooling/vitest/session';
import {
  killNode,
  masterPorts,
  startOnFreePorts,
  stop,
  waitForFailover,
  type RedisCluster,
} from '@/tooling/redis-cluster';
import { POST as login } from './auth/login/route';
import { POST as logoutAll } from './auth/logout-all/route';
import { GET as me } from './auth/me/route';
import { POST as register } from './auth/register/route';
import { PUT as putItem } from './cart/items/[productId]/route';
import { POST as postItem } from './cart/items/route';
import { GET as getCart } from './cart/route';

// Sessions, carts, guest-cart merge, login rate limits, the stock gate, checkout and the cache's L1 bus on a
// Redis Cluster of this file's own with replicas (3 masters + 3 replicas, tooling/redis-cluster.ts, spare
// loopback ports): every script and MULTI stays within one slot, and a master's death costs seconds.
let cluster: RedisCluster | undefined;

beforeAll(async () => {
  cluster = await startOnFreePorts(undefined, undefined, { replicas: 1 });
  // lib/config.ts reads the environment on first use, which comes after this in this file.
  process.env.REDIS_CLUSTER_NODES = cluster.nodes.map(({ host, port }) => `${host}:${port}`).join(',');
}, 60_000);

afterAll(async () => {
  if (cluster) await stop(cluster);
});

// Registered after the Cluster's hooks, so its clean-up (on the Cluster) runs before the Cluster stops.
withOwnCatalog('cluster');

const password = 'cluster password 1';

describe('sessions and carts on a Redis Cluster', () => {
  it('runs sessions and the cache on one Cluster client', () => {
    expect('nodes' in getRedis()).toBe(true);
    expect(getSessionRedis()).toBe(getRedis());
  });

  it('registers, keeps a guest cart, merges it at login, and logs out everywhere', async () => {
    const email = `cluster-${randomBytes(5).toString('hex')}@example.test`;
    const first = new TestBrowser();
    expect(
      (await first.call(register, 'POST', '/api/auth/register', { body: { name: 'C', email, password } }))
        .status,
    ).toBe(201);
    const plenty = await productWithStock(100, 10_000);
    await first.call(postItem, 'POST', '/api/cart/items', { body: { productId: plenty.id, quantity: 50 } });

    const guest = new TestBrowser();
    await guest.call(postItem, 'POST', '/api/cart/items', { body: { productId: plenty.id, quantity: 60 } });
    const scarce = await productWithStock(2, 9);
    await guest.call(postItem, 'POST', '/api/cart/items', { body: { productId: scarce.id, quantity: 1 } });
    await guest.call(putItem, 'PUT', `/api/cart/items/${scarce.id}`, {
      body: { quantity: 2 },
      params: { productId: String(scarce.id) },
    });
    expect((await guest.call(getCart, 'GET', '/api/cart')).json).toMatchObject({ count: 62 });

    const loggedIn = await guest.call(login, 'POST', '/api/auth/login', { body: { email, password } });
    expect(loggedIn).toMatchObject({ status: 200, json: { user: { email } } });
    const cart = (await guest.call(getCart, 'GET', '/api/cart')).json as {
      items: { productId: number; quantity: number }[];
    };
    expect(Object.fromEntries(cart.items.map((item) => [item.productId, item.quantity]))).toEqual({
      [plenty.id]: 99,
      [scarce.id]: 2,
    });
    expect((await first.call(getCart, 'GET', '/api/cart')).json).toMatchObject({ count: 101 });

    expect((await first.call(logoutAll, 'POST', '/api/auth/logout-all')).status).toBe(204);
    expect((await guest.call(me, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('rate-limits logins on the Cluster too', async () => {
    const attacker = new TestBrowser();
    const email = `nobody-${randomBytes(5).toString('hex')}@example.test`;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await attacker.call(login, 'POST', '/api/auth/login', { body: { email, password } });
      expect(answer.status).toBe(401);
    }
    const blocked = await attacker.call(login, 'POST', '/api/auth/login', { body: { email, password } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('takes units through the stock gate at checkout, and replays the idempotent answer', async () => {
    const shopper = await newShopper();
    const product = await productWithStock(5, 10_000, 2);
    await addToCart(shopper, product.id, 2);
    const key = newKey();
    const placed = await checkoutWith(shopper, key);
    expect(placed.status).toBe(201);
    expect(Number(await getRedis().get(stockKeys().product(product.id).gate))).toBe(product.stock - 2);
    const replayed = await checkoutWith(shopper, key);
    expect(replayed).toMatchObject({ status: 201, json: placed.json });
  });
});

/** The port of the node holding the connection named `name` (CLIENT LIST on each live node). */
async function nodeHolding(ports: number[], name: string): Promise<number | undefined> {
  for (const port of ports) {
    const node = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
    node.on('error', () => {});
    try {
      const list = String(await node.client('LIST'));
      if (list.split('\n').some((line) => line.includes(` name=${name} `))) return port;
    } catch {
      // a dead node holds nothing
    } finally {
      node.disconnect();
    }
  }
  return undefined;
}

describe('a master of the Cluster dies', () => {
  it('fails over within seconds: sessions kept, commands bounded, the L1 bus moves to a live node', async () => {
    if (!cluster) throw new Error('the cluster did not start');
    const live = cluster;
    const prefix = `${process.env.REDIS_KEY_PREFIX}failover-${randomBytes(4).toString('hex')}:`;
    const engines = new EngineFactory(() => ({ clusterNodes: live.nodes }));
    try {
      // Sessions and carts written well before the kill.
      const shoppers = await Promise.all(Array.from({ length: 4 }, () => newShopper()));
      const product = await productWithStock(50, 10_000, 3);
      for (const shopper of shoppers) await addToCart(shopper, product.id, 1);

      // Two instances' engines, with an L1 that would hold a value a minute without the bus.
      const a = await engines.create({ keyPrefix: prefix, l1TtlSeconds: 60 });
      const b = await engines.create({ keyPrefix: prefix, l1TtlSeconds: 60 });
      const key = cacheKey('product', 'failover');
      let database = 1;
      const loader = async () => ({ version: database });
      await b.engine.getOrLoad(key, loader);
      expect(b.engine.status().l1Entries).toBe(1);
      await sleep(2000);

      // Kill the master that B's bus listens on (the first seed node, a master, unless it moved).
      const masters = await masterPorts(live);
      const subscribedOn = await nodeHolding(live.ports, b.subscriberName);
      const victim =
        subscribedOn !== undefined && masters.includes(subscribedOn) ? subscribedOn : masters[0]!;

      // Shoppers and cache reads keep coming while the Cluster fails over; none may hang.
      const durations: number[] = [];
      let unavailable = 0;
      let running = true;
      const timed = async (call: () => Promise<unknown>) => {
        const started = Date.now();
        const answer = await call();
        durations.push(Date.now() - started);
        if ((answer as { status?: number } | null)?.status === 503) unavailable += 1;
      };
      const traffic = (async () => {
        for (let round = 0; running; round += 1) {
          const shopper = shoppers[round % shoppers.length]!;
          await Promise.all([
            timed(() => shopper.call(me, 'GET', '/api/auth/me')),
            timed(() => shopper.call(getCart, 'GET', '/api/cart')),
            timed(() =>
              getCache().getOrLoad(cacheKey('product', `traffic-${round % 20}`), async () => round),
            ),
          ]);
          await sleep(50);
        }
      })();

      await killNode(live, victim);
      const killedAt = Date.now();
      // B's bus drops its L1 at once and subscribes on another, live node, before the failover is over.
      await eventually(
        async () => {
          if (b.engine.status().bus !== 'up') return false;
          const now = await nodeHolding(
            live.ports.filter((port) => port !== victim),
            b.subscriberName,
          );
          return now !== undefined;
        },
        10_000,
        "B's bus on a live node",
      );
      expect(b.engine.status().l1Entries).toBe(0);
      const busMovedMs = Date.now() - killedAt;
      await waitForFailover(live, victim, 20_000);
      const failedOverMs = Date.now() - killedAt;
      await sleep(1000);
      running = false;
      await traffic;

      expect(durations.length).toBeGreaterThan(10);
      expect(Math.max(...durations)).toBeLessThan(5000);

      // Every session and cart written before the kill is still there.
      for (const shopper of shoppers) {
        expect((await shopper.call(me, 'GET', '/api/auth/me')).status).toBe(200);
        expect((await shopper.call(getCart, 'GET', '/api/cart')).json).toMatchObject({ count: 1 });
      }

      // B's L1 is trusted again (a hit without Redis) and A's invalidation still reaches it through the bus.
      const l1Hits = () => metric(b.registry, 'storefront_cache_tier_hits_total', { tier: 'l1' });
      await eventually(
        async () => {
          const before = await l1Hits();
          expect((await b.engine.getOrLoad(key, loader))?.version).toBe(1);
          return (await l1Hits()) > before;
        },
        10_000,
        'B to serve from its L1 again',
      );
      database = 2;
      await eventually(() => a.engine.invalidate(key), 5000, "A's invalidation to reach Redis");
      await eventually(
        async () => (await b.engine.getOrLoad(key, loader))?.version === 2,
        3000,
        'B to see v2 through the bus',
      );
      console.log(
        `failover: bus on a live node after ${busMovedMs} ms, replica promoted after ${failedOverMs} ms; ` +
          `${durations.length} calls, ${unavailable} answered 503, slowest ${Math.max(...durations)} ms`,
      );
    } finally {
      await engines.closeAll();
    }
  }, 90_000);
});
