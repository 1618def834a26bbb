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

  it('answers a call of several round trips while every turn of the busy event loop is long', async () => {
    const redis = createRedisClient({ target: { url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' } });
    redis.on('error', () => {});
    // Each turn of the loop spends 120 ms on other work (a cold process compiling routes, renders).
    let spinning = true;
    const spin = () => {
      busyFor(120);
      if (spinning) setImmediate(spin);
    };
    try {
      expect(await waitUntilReady(redis, 5000)).toBe(true);
      spin();
      // Six replies, each read one turn after it arrives: over 700 ms, against a 300 ms deadline.
      const started = Date.now();
      const sixPings = (async () => {
        for (let ping = 0; ping < 6; ping += 1) await redis.ping();
        return 'answered';
      })();
      await expect(withDeadline(sixPings, 300)).resolves.toBe('answered');
      expect(Date.now() - started).toBeGreaterThan(300);
    } finally {
      spinning = false;
      await redis.quit();
    }
  });

  it('gives up on a call that never answers even while the process is busy, within three deadlines', async () => {
    let spinning = true;
    const spin = () => {
      busyFor(40);
      if (spinning) setTimeout(spin, 5);
    };
    spin();
    const started = Date.now();
    try {
      await expect(withDeadline(new Promise<string>(() => {}), 100)).rejects.toBeInstanceOf(
        RedisDeadlineError,
      );
    } finally {
      spinning = false;
    }
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(100);
    // Three spans of 100 ms and a turn of the loop after each: far below what a hang would be.
    expect(waited).toBeLessThan(1000);
  });

  it('rejects a call that really does not answer in time', async () => {
    const never = new Promise<string>(() => {});
    await expect(withDeadline(never, 50)).rejects.toBeInstanceOf(RedisDeadlineError);
  });

  it('passes errors through', async () => {
    await expect(withDeadline(Promise.reject(new Error('boom')), 50)).rejects.toThrow('boom');
  });
});
