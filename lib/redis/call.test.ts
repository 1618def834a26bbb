import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../errors';
import { callRedis } from './call';
import { createRedisClient, waitUntilReady, type RedisClient } from './client';
import { startRedisServer, type RedisServerProcess } from '@/tooling/redis-server';

describe('callRedis against a Redis that stops answering', () => {
  let server: RedisServerProcess;
  let client: RedisClient;

  beforeAll(async () => {
    server = await startRedisServer();
    client = createRedisClient({ target: { url: server.url } });
    client.on('error', () => {});
    expect(await waitUntilReady(client, 5000)).toBe(true);
  });

  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  it('answers while Redis is healthy', async () => {
    expect(await callRedis(client, () => client.ping())).toBe('PONG');
  });

  it('gives up after its deadline, well before the client backstop, as UnavailableError', async () => {
    server.pause(); // accepts nothing, answers nothing: a frozen or overloaded Redis
    try {
      const started = Date.now();
      await expect(callRedis(client, () => client.ping())).rejects.toBeInstanceOf(UnavailableError);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      server.resume();
    }
  });
});
