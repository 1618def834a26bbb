import { describe, expect, it } from 'vitest';
import { createRedisClient, waitUntilReady } from './client';
import { RedisDeadlineError, withDeadline } from './deadline';

/** Blocks the event loop, as a burst of server rendering does. */
function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

describe('withDeadline', () => {
  it('answers a reply that arrived while the process was too busy to read it', async () => {
    const redis = createRedisClient({ target: { url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' } });
    redis.on('error', () => {});
    try {
      expect(await waitUntilReady(redis, 5000)).toBe(true);
      const reply = withDeadline(redis.ping(), 100);
      busyFor(300); // the reply lands in the socket, the timer expires, nothing runs meanwhile
      await expect(reply).resolves.toBe('PONG');
    } finally {
      await redis.quit();
    }
  });

  it('rejects a call that really does not answer in time', async () => {
    const never = new Promise<string>(() => {});
    await expect(withDeadline(never, 50)).rejects.toBeInstanceOf(RedisDeadlineError);
  });

  it('passes errors through', async () => {
    await expect(withDeadline(Promise.reject(new Error('boom')), 50)).rejects.toThrow('boom');
  });
});
