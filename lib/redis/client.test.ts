import { describe, expect, it } from 'vitest';
import { freePort } from '../../test/ports';
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

  it('waits at most its timeout, and no more once the first attempt has failed', async () => {
    const client = createRedisClient({ target: { url: `redis://127.0.0.1:${await freePort()}` } });
    client.on('error', () => {});
    try {
      let started = performance.now();
      await waitForFirstConnection(client, 300);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(await waitUntilReady(client, 500)).toBe(false); // nothing listens: the attempt has failed
      started = performance.now();
      await waitForFirstConnection(client, 2000); // retrying now: fail fast rather than wait
      expect(performance.now() - started).toBeLessThan(50);
    } finally {
      client.disconnect();
    }
  });
});
