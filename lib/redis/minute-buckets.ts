import type { RedisClient } from './client';
import { minuteOf } from './keys';

/** One minute's counters: its start (Unix ms) and its hash as Redis holds it. */
export interface MinuteBucket {
  at: number;
  counts: Record<string, string>;
}

/**
 * The last `minutes` per-minute counter hashes (`keyOf(minute)`), oldest first, the current (still
 * filling) minute last. One pipeline: a family's buckets share one hash tag, so on a Cluster they sit in
 * one slot. A minute nobody wrote is an empty hash.
 */
export async function readMinuteBuckets(
  redis: RedisClient,
  keyOf: (minute: number) => string,
  now = Date.now(),
  minutes = 60,
): Promise<MinuteBucket[]> {
  const current = minuteOf(now);
  const window = Array.from({ length: minutes }, (_, index) => current - minutes + 1 + index);
  const pipeline = redis.pipeline();
  for (const minute of window) pipeline.hgetall(keyOf(minute));
  const replies = (await pipeline.exec()) ?? [];
  return window.map((minute, index) => {
    const [error, reply] = replies[index] ?? [null, {}];
    if (error) throw error;
    return { at: minute * 60_000, counts: (reply ?? {}) as Record<string, string> };
  });
}
