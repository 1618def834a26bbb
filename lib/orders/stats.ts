import 'server-only';
import type { CheckoutResult } from '../metrics/checkout';
import { getRedis } from '../redis/client';
import { STATS_BUCKET_TTL_SECONDS, minuteOf, statsKeys } from '../redis/keys';

/*
 * Checkouts per minute across every instance, for the operator's view: each checkout adds one to its
 * outcome's count in the current minute's Redis hash (HINCRBY: instances add up, never overwrite).
 */

/** Counts one checkout; best effort, never awaited by the shopper and never failing a checkout. */
export function recordCheckoutMinute(result: CheckoutResult): void {
  const redis = getRedis();
  if (redis.status !== 'ready') return;
  const key = statsKeys().checkoutMinute(minuteOf(Date.now()));
  redis
    .multi()
    .hincrby(key, result, 1)
    .expire(key, STATS_BUCKET_TTL_SECONDS)
    .exec()
    .catch(() => {});
}

export interface CheckoutMinute {
  at: number;
  placed: number;
  soldOut: number;
}

/** The last `minutes` minutes' placed orders and sold-out refusals, oldest first. */
export async function readCheckoutMinutes(minutes = 60): Promise<CheckoutMinute[]> {
  const redis = getRedis();
  const keys = statsKeys();
  const now = minuteOf(Date.now());
  const window = Array.from({ length: minutes }, (_, index) => now - minutes + 1 + index);
  // One pipeline: every bucket carries the {checkout} hash tag, so on a Cluster they share one slot.
  const pipeline = redis.pipeline();
  for (const minute of window) pipeline.hgetall(keys.checkoutMinute(minute));
  const replies = (await pipeline.exec()) ?? [];
  return window.map((minute, index) => {
    const [error, reply] = replies[index] ?? [null, {}];
    if (error) throw error;
    const hash = (reply ?? {}) as Record<string, string>;
    return { at: minute * 60_000, placed: Number(hash.placed ?? 0), soldOut: Number(hash.sold_out ?? 0) };
  });
}
