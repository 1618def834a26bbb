import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productWithStock } from '@/test/cart';
import { getRedis } from '@/lib/redis/client';
import { TestBrowser } from '@/test/session';
import { startOnFreePorts, stop, type RedisCluster } from '@/scripts/redis-cluster';
import { POST as login } from './auth/login/route';
import { POST as logoutAll } from './auth/logout-all/route';
import { GET as me } from './auth/me/route';
import { POST as register } from './auth/register/route';
import { PUT as putItem } from './cart/items/[productId]/route';
import { POST as postItem } from './cart/items/route';
import { GET as getCart } from './cart/route';

// Sessions, carts, guest-cart merge and login rate limits on a three-master Redis Cluster of this file's
// own (scripts/redis-cluster.ts, spare loopback ports): every script and MULTI stays within one slot.
let cluster: RedisCluster | undefined;

beforeAll(async () => {
  cluster = await startOnFreePorts();
  // lib/config.ts reads the environment on first use, which comes after this in this file.
  process.env.REDIS_CLUSTER_NODES = cluster.nodes.map(({ host, port }) => `${host}:${port}`).join(',');
}, 60_000);

afterAll(async () => {
  if (cluster) await stop(cluster);
});

const password = 'cluster password 1';

describe('sessions and carts on a Redis Cluster', () => {
  it('runs on the Cluster client', () => {
    expect('nodes' in getRedis()).toBe(true);
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
});
