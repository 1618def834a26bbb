import type { RedisClient } from '../../redis/client';
import type { StatsKeys } from '../../redis/keys';
import { readMinuteBuckets } from '../../redis/minute-buckets';
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
  const buckets = await readMinuteBuckets(redis, keys.hitRateMinute, now, minutes);
  return buckets.map(({ at, counts: hash }) => {
    const counts = (namespace: (typeof SAMPLED_NAMESPACES)[number]): MinuteCounts => {
      const read = (result: string) => Number(hash[`${namespace}:${result}`] ?? 0);
      const [hit, miss, stale] = [read('hit'), read('miss'), read('stale')];
      return { hit, miss, stale, rate: hitRate(hit, miss, stale) };
    };
    return { at, product: counts(CATALOG_NAMESPACES.product), listing: counts(CATALOG_NAMESPACES.listing) };
  });
}
