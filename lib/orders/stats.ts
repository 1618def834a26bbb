import 'server-only';
import type { CheckoutResult } from '../metrics/checkout';
import { getSessionRedis } from '../redis/client';
import { STATS_BUCKET_TTL_SECONDS, minuteOf, statsKeys } from '../redis/keys';
import { readMinuteBuckets } from '../redis/minute-buckets';

/*
 * Checkouts per minute across every instance, for the operator's view: each checkout adds one to its
 * outcome's count in the current minute's Redis hash (HINCRBY: instances add up, never overwrite). They sit
 * on the session Redis, beside the gate and the idempotency records the checkout writes anyway: a bucket
 * evicted from an LRU cache Redis would draw as a minute without orders, a false figure in mid-sale.
 */

/** Counts one checkout; best effort, never awaited by the shopper and never failing a checkout. */
export function recordCheckoutMinute(result: CheckoutResult): void {
  const redis = getSessionRedis();
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
  const buckets = await readMinuteBuckets(getSessionRedis(), statsKeys().checkoutMinute, Date.now(), minutes);
  return buckets.map(({ at, counts }) => ({
    at,
    placed: Number(counts.placed ?? 0),
    soldOut: Number(counts.sold_out ?? 0),
  }));
}
