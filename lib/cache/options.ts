import type { RedisClient } from '../redis/client';
import type { SubscriberConnection } from '../redis/subscriber';
import type { CacheMetrics } from './metrics';
import { BRIEF_LIVE_MINUTES, BRIEF_WINDOW_MS, DEFAULT_BRIEF_BUDGET, type BriefBudget } from './budget';
import { defaultStaleMs, validatePolicy, type TtlPolicy } from './ttl';

export interface CacheEngineOptions {
  /** The command client (`createRedisClient`, `getRedis`); owned by the caller. Unused when `disabled`. */
  redis?: RedisClient;
  /** A connection for the invalidation bus (`createSubscriberClient`), owned by the engine. None: no L1. */
  subscriber?: SubscriberConnection;
  metrics?: CacheMetrics;
  /** Prepended to every key and to the bus channel (REDIS_KEY_PREFIX). */
  keyPrefix?: string;
  /** An entry's Redis TTL, base ± jitter (defaults 3600 ± 300). Fractions are fine (tests). */
  ttlSeconds?: number;
  jitterSeconds?: number;
  /** The last part of an entry's life in which it is served stale while refreshing (default ≤ 600). */
  staleSeconds?: number;
  /** How long a brief entry (a "not found", or one marked `brief`) is kept (default 60 s, ± 10 %). */
  briefTtlSeconds?: number;
  /**
   * How many brief entries each namespace may store per minute, and how many bytes of them (defaults 500 and
   * 2 MiB): what strangers can make the cache keep, however many distinct URLs they send (./budget.ts).
   */
  briefEntriesPerMinute?: number;
  briefBytesPerMinute?: number;
  /** The in-process tier's bound (default 10 000 entries; 0 turns it off) and TTL cap (default 5 s). */
  l1MaxEntries?: number;
  l1TtlSeconds?: number;
  /** The load lock's TTL (renewed while loading; default 3000) and how long others wait on it (10 000). */
  lockTtlMs?: number;
  lockWaitMs?: number;
  /**
   * How long after registering under its tags a load's write may land (default 10 000 ms; later, it is
   * refused): a tag keeps each member this much longer than its entry lives (./tags.ts).
   */
  tagWriteWindowMs?: number;
  /** After a failed background refresh, how long that key's stale value is served without retrying (5000). */
  failureBackoffMs?: number;
  /** Longest one Redis command may take before it counts as a failure (default 500 ms). */
  commandDeadlineMs?: number;
  /** Consecutive Redis failures that open the circuit (default 5), and for how long (default 5000 ms). */
  breakerThreshold?: number;
  breakerCoolDownMs?: number;
  /** Loads at once in this process while Redis is skipped (default 8). */
  bypassConcurrency?: number;
  /** Loads that may wait for one of those slots (default 64), and for how long (default 2000 ms). */
  bypassMaxWaiting?: number;
  bypassMaxWaitMs?: number;
  /** Pass-through: every read runs the loader and Redis is never touched (CACHE_DISABLED=1). */
  disabled?: boolean;
}

/** The options with their defaults applied, checked once. */
export interface CacheSettings {
  keyPrefix: string;
  policy: TtlPolicy;
  /** TTL of generation and namespace-version keys: far longer than any entry or load can live. */
  companionTtlMs: number;
  /** Brief entries admitted per namespace and minute (./budget.ts). */
  briefBudget: BriefBudget;
  l1MaxEntries: number;
  l1TtlMs: number;
  lockTtlMs: number;
  lockWaitMs: number;
  tagWriteWindowMs: number;
  failureBackoffMs: number;
  commandDeadlineMs: number;
  breakerThreshold: number;
  breakerCoolDownMs: number;
  bypassConcurrency: number;
  bypassMaxWaiting: number;
  bypassMaxWaitMs: number;
}

const DAY_MS = 86_400_000;

export function resolveSettings(options: CacheEngineOptions): CacheSettings {
  const ttlMs = (options.ttlSeconds ?? 3600) * 1000;
  const jitterMs = (options.jitterSeconds ?? 300) * 1000;
  const staleMs =
    options.staleSeconds === undefined ? defaultStaleMs(ttlMs, jitterMs) : options.staleSeconds * 1000;
  const briefTtlMs = (options.briefTtlSeconds ?? 60) * 1000;
  // A brief entry (± 10 %) must not outlive the minute after the one it was admitted in (./budget.ts).
  if (briefTtlMs * 1.1 > (BRIEF_LIVE_MINUTES - 1) * BRIEF_WINDOW_MS) {
    throw new RangeError('the brief TTL must be under 109 s (the budget counts three minutes)');
  }
  return {
    keyPrefix: options.keyPrefix ?? '',
    policy: validatePolicy({ ttlMs, jitterMs, staleMs, briefTtlMs }),
    companionTtlMs: Math.max(7 * DAY_MS, 2 * (ttlMs + jitterMs)),
    briefBudget: {
      entries: options.briefEntriesPerMinute ?? DEFAULT_BRIEF_BUDGET.entries,
      bytes: options.briefBytesPerMinute ?? DEFAULT_BRIEF_BUDGET.bytes,
    },
    l1MaxEntries: options.l1MaxEntries ?? 10_000,
    l1TtlMs: (options.l1TtlSeconds ?? 5) * 1000,
    lockTtlMs: options.lockTtlMs ?? 3000,
    lockWaitMs: options.lockWaitMs ?? 10_000,
    tagWriteWindowMs: options.tagWriteWindowMs ?? 10_000,
    failureBackoffMs: options.failureBackoffMs ?? 5000,
    commandDeadlineMs: options.commandDeadlineMs ?? 500,
    breakerThreshold: options.breakerThreshold ?? 5,
    breakerCoolDownMs: options.breakerCoolDownMs ?? 5000,
    bypassConcurrency: options.bypassConcurrency ?? 8,
    bypassMaxWaiting: options.bypassMaxWaiting ?? 64,
    bypassMaxWaitMs: options.bypassMaxWaitMs ?? 2000,
  };
}
