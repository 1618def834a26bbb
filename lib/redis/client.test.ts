import { describe, expect, it, vi } from 'vitest';
import { freePort } from '../../tooling/ports';
import { startRedisServer } from '../../tooling/redis-server';
import { createRedisClient, waitForFirstConnection, waitUntilReady } from './client';

describe('waitForFirstConnection', () => {
  it('waits for a new client to connect, and not at all once it is ready', async () => {
    const client = createRedisClient({ target: { url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' } });
    client.on('error', () => {});
    try {
      expect(client.status).not.toBe('ready');
      await waitForFirstConnection(client, 5000);
      expect(client.status).toBe('ready');
    } finally {
      client.disconnect();
    }
  });

  it('waits no longer than the first attempt takes, nor at all once it has failed', async () => {
    const client = createRedisClient({ target: { url: `redis://127.0.0.1:${await freePort()}` } });
    client.on('error', () => {});
    try {
      let started = performance.now();
      await waitForFirstConnection(client, 2000); // refused at once: no reason to sit out the 2 s
      expect(performance.now() - started).toBeLessThan(500);
      expect(await waitUntilReady(client, 500)).toBe(false); // nothing listens: the attempt has failed
      started = performance.now();
      await waitForFirstConnection(client, 2000); // retrying now: fail fast rather than wait
      expect(performance.now() - started).toBeLessThan(50);
    } finally {
      client.disconnect();
    }
  });

  it('is not fooled by a reconnect in a copy of this module loaded after the client was made', async () => {
    // Next.js gives each route chunk its own copy of this module; they all use the one client.
    const server = await startRedisServer();
    const client = createRedisClient({ target: { url: server.url } });
    client.on('error', () => {});
    try {
      expect(await waitUntilReady(client, 5000)).toBe(true);
      vi.resetModules();
      const copy = await import('./client');
      expect(copy.waitForFirstConnection).not.toBe(waitForFirstConnection);
      await server.stop();
      // Each reconnect attempt, as it starts ('connecting'): a copy seeing the client then must not wait.
      const waits = await new Promise<Array<Promise<number>>>((resolve) => {
        const started: Array<Promise<number>> = [];
        client.on('connecting', () => {
          const at = performance.now();
          started.push(copy.waitForFirstConnection(client, 1500).then(() => performance.now() - at));
          if (started.length === 2) resolve(started);
        });
      });
      // Not fooled: it answers at once. Fooled, it would wait out its 1,500 ms for a 'ready' that never comes
      // (the server is stopped); the bound sits between the two, far from a loaded machine's few tens of ms.
      expect(Math.max(...(await Promise.all(waits)))).toBeLessThan(750);
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});
