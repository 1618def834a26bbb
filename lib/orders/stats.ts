import 'server-only';
import type { CheckoutResult } from '../metrics/checkout';
import type { SaleCheckoutResult } from '../metrics/sales';
import { getSessionRedis } from '../redis/client';
import { STATS_BUCKET_TTL_SECONDS, minuteOf, statsKeys } from '../redis/keys';
import { readMinuteBuckets } from '../redis/minute-buckets';

/*
 * Checkouts per minute across every instance, for the operator's view: each checkout adds one to its
 * outcome's count in the current minute's Redis hash (HINCRBY: instances add up, never overwrite). They sit
 * on the session Redis, beside the gate and the idempotency records the checkout writes anyway: a bucket
 * evicted from an LRU cache Redis would draw as a minute without orders, a false figure in mid-sale.
 */

/** A checkout's outcome, or (counted beside it) a checkout of a sale's product's, prefixed `sale_`. */
export type MinuteResult = CheckoutResult | `sale_${SaleCheckoutResult}`;

/** Counts one checkout; best effort, never awaited by the shopper and never failing a checkout. */
export function recordCheckoutMinute(result: MinuteResult): void {
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
  /** Checkouts of a sale's product refused (sold out, over the limit, not started) and placed. */
  saleRefused: number;
  salePlaced: number;
}

/** The last `minutes` minutes' placed orders and sold-out refusals, oldest first. */
export async function readCheckoutMinutes(minutes = 60): Promise<CheckoutMinute[]> {
  const buckets = await readMinuteBuckets(getSessionRedis(), statsKeys().checkoutMinute, Date.now(), minutes);
  return buckets.map(({ at, counts }) => ({
    at,
    placed: Number(counts.placed ?? 0),
    soldOut: Number(counts.sold_out ?? 0),
    saleRefused: ['sale_sold_out', 'sale_over_limit', 'sale_not_started', 'sale_no_admission'].reduce(
      (sum, field) => sum + Number(counts[field] ?? 0),
      0,
    ),
    salePlaced: Number(counts.sale_placed ?? 0),
  }));
}
