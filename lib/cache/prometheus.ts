import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { getMetricsRegistry } from '../metrics/registry';
import type { CacheMetrics } from './metrics';

/*
 * The engine's CacheMetrics (./metrics.ts) on Prometheus: the process's engine reports to the process
 * registry (lib/metrics/registry.ts); tests pass a registry of their own.
 */

/**
 * The cache engine's metric names. The first four are the contract's (CONTRACT.md, "Metrics"): their
 * names and labels must not change. The operator's view reads the same counters by these names.
 */
export const CACHE_METRIC_NAMES = {
  requests: 'storefront_cache_requests_total',
  loads: 'storefront_cache_loads_total',
  lockWaits: 'storefront_cache_lock_waits_total',
  errors: 'storefront_cache_errors_total',
  tierHits: 'storefront_cache_tier_hits_total',
  loadFailures: 'storefront_cache_load_failures_total',
  loadDuration: 'storefront_cache_load_duration_seconds',
  circuitOpen: 'storefront_cache_circuit_open',
  overBudget: 'storefront_cache_over_budget_total',
} as const;

/** The cache engine's Prometheus metrics, registered on `registry`. */
export function createCacheMetrics(registry: Registry): CacheMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: CACHE_METRIC_NAMES.requests,
    help: 'Cache reads by outcome (hit, miss, stale, negative).',
    labelNames: ['namespace', 'result'] as const,
    registers,
  });
  const loads = new Counter({
    name: CACHE_METRIC_NAMES.loads,
    help: 'Loader (database) runs made by the cache.',
    labelNames: ['namespace'] as const,
    registers,
  });
  const lockWaits = new Counter({
    name: CACHE_METRIC_NAMES.lockWaits,
    help: "Reads that waited on another's load (in this process or another).",
    labelNames: ['namespace'] as const,
    registers,
  });
  const errors = new Counter({
    name: CACHE_METRIC_NAMES.errors,
    help: 'Redis failures the cache absorbed.',
    labelNames: ['namespace'] as const,
    registers,
  });
  const tierHits = new Counter({
    name: CACHE_METRIC_NAMES.tierHits,
    help: 'Cached answers by tier: l1 (in-process) or l2 (Redis).',
    labelNames: ['namespace', 'tier'] as const,
    registers,
  });
  const loadFailures = new Counter({
    name: CACHE_METRIC_NAMES.loadFailures,
    help: 'Loader runs that threw.',
    labelNames: ['namespace'] as const,
    registers,
  });
  const loadDuration = new Histogram({
    name: CACHE_METRIC_NAMES.loadDuration,
    help: 'How long loader runs took.',
    labelNames: ['namespace'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const overBudget = new Counter({
    name: CACHE_METRIC_NAMES.overBudget,
    help: "Brief entries (not found, searches, odd pages) not stored: their namespace's budget for the minute was spent.",
    labelNames: ['namespace'] as const,
    registers,
  });
  const circuitOpen = new Gauge({
    name: CACHE_METRIC_NAMES.circuitOpen,
    help: '1 while the cache skips Redis after repeated failures (circuit open or half-open), else 0.',
    registers,
  });
  circuitOpen.set(0);

  return {
    request: (namespace, result) => requests.inc({ namespace, result }),
    tierHit: (namespace, tier) => tierHits.inc({ namespace, tier }),
    load: (namespace, seconds, failed) => {
      loads.inc({ namespace });
      loadDuration.observe({ namespace }, seconds);
      if (failed) loadFailures.inc({ namespace });
    },
    lockWait: (namespace) => lockWaits.inc({ namespace }),
    error: (namespace) => errors.inc({ namespace }),
    overBudget: (namespace) => overBudget.inc({ namespace }),
    circuitOpen: (open) => circuitOpen.set(open ? 1 : 0),
  };
}

const globalForCacheMetrics = globalThis as unknown as { storefrontCacheMetrics?: CacheMetrics };

/** The process's cache metrics, on the process registry. */
export function getCacheMetrics(): CacheMetrics {
  globalForCacheMetrics.storefrontCacheMetrics ??= createCacheMetrics(getMetricsRegistry());
  return globalForCacheMetrics.storefrontCacheMetrics;
}
