import { getConfig } from '../config';

/*
 * The Redis keys of the operator's view (lib/admin/stats). Every key starts with the prefix
 * (REDIS_KEY_PREFIX unless a test passes its own).
 *
 *   <p>stats:{cache}:<minute>   hash    `<namespace>:<result>` → how many cache reads of that outcome every
 *                                       instance counted in that minute (<minute> = Unix ms / 60,000)
 *                                       TTL: 2 hours, renewed by each instance's write into it
 *   <p>stats:{checkout}:<minute> hash   `<result>` → checkouts of that outcome in that minute, every
 *                                       instance's added up. TTL: 2 hours, renewed by each write
 *
 * Every bucket shares the `{cache}` hash tag, so on a Cluster they sit in one slot and the hour's 60
 * buckets are read in one pipeline.
 */

export const HIT_RATE_BUCKET_TTL_SECONDS = 2 * 60 * 60;

export interface StatsKeys {
  hitRateMinute(minute: number): string;
  /** Checkout outcomes in one minute, all instances added up: `<result>` → count. */
  checkoutMinute(minute: number): string;
}

/** The key builders under `prefix` (REDIS_KEY_PREFIX by default). */
export function statsKeys(prefix: string = getConfig().REDIS_KEY_PREFIX): StatsKeys {
  return {
    hitRateMinute: (minute) => `${prefix}stats:{cache}:${minute}`,
    checkoutMinute: (minute) => `${prefix}stats:{checkout}:${minute}`,
  };
}

/** The minute bucket a moment falls in. */
export const minuteOf = (epochMs: number): number => Math.floor(epochMs / 60_000);
