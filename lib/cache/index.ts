import { getConfig } from '../config';
import { createSubscriberClient, getRedis } from '../redis/client';
import { CacheEngine } from './engine';
import { getCacheMetrics } from './prometheus';

/**
 * The cache-aside engine. Callers name entries with `cacheKey(namespace, id)` and read through
 * `getCache().getOrLoad(key, loader, { tags })`; writes call `invalidate(key)`, `invalidateNamespace(ns)` or
 * `invalidateTags(...tags)` after their database commit.
 */
export { cacheKey, InvalidCacheKeyError, type CacheKey } from './key';
export {
  CacheEngine,
  type CacheStatus,
  type GetOrLoadOptions,
  type ProducedEntryOptions,
  type ProducerClaim,
  type ProducerLease,
} from './engine';
export type { CacheEngineOptions } from './options';
export type { Loader } from './loader';
export { CacheBackendError, CacheUnavailableError } from './errors';
export { CacheOverloadedError } from './direct-loads';
export { BRIEF_LIVE_MINUTES, DEFAULT_BRIEF_BUDGET, type BriefBudget } from './budget';
export { CACHE_METRIC_NAMES, createCacheMetrics, getCacheMetrics } from './prometheus';

// One engine per process, on globalThis so development reloads do not open another bus connection.
const globalForCache = globalThis as unknown as { storefrontCache?: CacheEngine };

/** The process's engine, configured from the environment (CACHE_*, REDIS_KEY_PREFIX). */
export function getCache(): CacheEngine {
  if (!globalForCache.storefrontCache) {
    const config = getConfig();
    const disabled = config.CACHE_DISABLED;
    globalForCache.storefrontCache = new CacheEngine({
      disabled,
      redis: disabled ? undefined : getRedis(),
      subscriber: disabled ? undefined : createSubscriberClient({ connectionName: 'storefront-cache-bus' }),
      metrics: getCacheMetrics(),
      keyPrefix: config.REDIS_KEY_PREFIX,
      ttlSeconds: config.CACHE_TTL_SECONDS,
      jitterSeconds: config.CACHE_TTL_JITTER_SECONDS,
    });
  }
  return globalForCache.storefrontCache;
}

/** Closes the engine's bus connection (scripts and tests; the command client is closeRedis()'s). */
export async function closeCache(): Promise<void> {
  const cache = globalForCache.storefrontCache;
  globalForCache.storefrontCache = undefined;
  await cache?.close();
}
