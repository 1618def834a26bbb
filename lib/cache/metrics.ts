/**
 * What the engine reports, by namespace. The engine sees only this interface; its Prometheus
 * implementation is ./prometheus.ts, and tests pass their own registry or noopCacheMetrics.
 */

/** `hit`: a fresh value; `negative`: a fresh "not found"; `stale`: an old value (refreshing); `miss`: loaded. */
export type CacheResult = 'hit' | 'miss' | 'stale' | 'negative';

/** Where a cached answer came from: the in-process LRU or Redis. */
export type CacheTier = 'l1' | 'l2';

export interface CacheMetrics {
  request(namespace: string, result: CacheResult): void;
  tierHit(namespace: string, tier: CacheTier): void;
  /** One loader run, successful or not, and how long it took. */
  load(namespace: string, seconds: number, failed: boolean): void;
  /** A read that waited for another caller's load (in this process or another) instead of loading. */
  lockWait(namespace: string): void;
  /** A Redis failure the engine absorbed. */
  error(namespace: string): void;
  /** A brief entry not stored: its namespace's budget for the minute was spent (./budget.ts). */
  overBudget(namespace: string): void;
  circuitOpen(open: boolean): void;
}

export const noopCacheMetrics: CacheMetrics = {
  request: () => {},
  tierHit: () => {},
  load: () => {},
  lockWait: () => {},
  error: () => {},
  overBudget: () => {},
  circuitOpen: () => {},
};
