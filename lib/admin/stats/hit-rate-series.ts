import type { RedisClient } from '../../redis/client';
import { minuteOf, type StatsKeys } from '../../redis/keys';
import { hitRate } from './cache-counters';
import { CATALOG_NAMESPACES } from '../../catalog/namespaces';
import { SAMPLED_NAMESPACES } from './hit-rate-sampler';

export interface MinuteCounts {
  hit: number;
  miss: number;
  stale: number;
  /** null when there were no reads that minute. */
  rate: number | null;
}

export interface HitRatePoint {
  /** The minute's start, Unix ms. */
  at: number;
  product: MinuteCounts;
  listing: MinuteCounts;
}

/** The last `minutes` minute buckets, oldest first, the current (still filling) minute last. */
export async function readHitRateSeries(
  redis: RedisClient,
  keys: StatsKeys,
  now = Date.now(),
  minutes = 60,
): Promise<HitRatePoint[]> {
  const current = minuteOf(now);
  const window = Array.from({ length: minutes }, (_, index) => current - minutes + 1 + index);
  // One pipeline: every bucket carries the {cache} hash tag, so on a Cluster they share one slot.
  const pipeline = redis.pipeline();
  for (const minute of window) pipeline.hgetall(keys.hitRateMinute(minute));
  const replies = (await pipeline.exec()) ?? [];
  return window.map((minute, index) => {
    const [error, reply] = replies[index] ?? [null, {}];
    if (error) throw error;
    const hash = (reply ?? {}) as Record<string, string>;
    const counts = (namespace: (typeof SAMPLED_NAMESPACES)[number]): MinuteCounts => {
      const read = (result: string) => Number(hash[`${namespace}:${result}`] ?? 0);
      const [hit, miss, stale] = [read('hit'), read('miss'), read('stale')];
      return { hit, miss, stale, rate: hitRate(hit, miss, stale) };
    };
    return {
      at: minute * 60_000,
      product: counts(CATALOG_NAMESPACES.product),
      listing: counts(CATALOG_NAMESPACES.listing),
    };
  });
}
