import type { Registry } from 'prom-client';
import { CACHE_METRIC_NAMES } from '../../cache';
import { CATALOG_NAMESPACES } from '../../catalog/namespaces';

/*
 * The cache engine's counters as this process's Prometheus registry holds them (the same numbers
 * GET /api/metrics serves). No server-only import: the hit-rate sampler reads them from instrumentation.
 */

export interface NamespaceCounters {
  namespace: string;
  hit: number;
  miss: number;
  stale: number;
  negative: number;
  loads: number;
  lockWaits: number;
  errors: number;
  /** hit / (hit + miss + stale); null before the first read. Negative answers are left out. */
  hitRate: number | null;
}

/** The namespaces the catalog uses, shown (at 0) even before their first read. */
const KNOWN_NAMESPACES = Object.values(CATALOG_NAMESPACES);

export function hitRate(hit: number, miss: number, stale: number): number | null {
  const reads = hit + miss + stale;
  return reads === 0 ? null : hit / reads;
}

/** Sums of one counter by its labels, e.g. `product|hit` → 180 for labels ['namespace', 'result']. */
export async function readCounter(
  registry: Registry,
  name: string,
  labels: readonly string[],
): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  const metric = registry.getSingleMetric(name);
  if (!metric) return totals;
  for (const sample of (await metric.get()).values) {
    const key = labels.map((label) => String(sample.labels[label] ?? '')).join('|');
    totals.set(key, (totals.get(key) ?? 0) + sample.value);
  }
  return totals;
}

/** Reads, loads, lock waits and Redis errors per namespace, known namespaces first. */
export async function readCacheCounters(registry: Registry): Promise<NamespaceCounters[]> {
  const [requests, loads, lockWaits, errors] = await Promise.all([
    readCounter(registry, CACHE_METRIC_NAMES.requests, ['namespace', 'result']),
    readCounter(registry, CACHE_METRIC_NAMES.loads, ['namespace']),
    readCounter(registry, CACHE_METRIC_NAMES.lockWaits, ['namespace']),
    readCounter(registry, CACHE_METRIC_NAMES.errors, ['namespace']),
  ]);
  const seen = new Set<string>(KNOWN_NAMESPACES);
  for (const map of [requests, loads, lockWaits, errors]) {
    for (const key of map.keys()) seen.add(key.split('|')[0] ?? '');
  }
  seen.delete('');
  return [...seen].map((namespace) => {
    const count = (result: string) => requests.get(`${namespace}|${result}`) ?? 0;
    const [hit, miss, stale] = [count('hit'), count('miss'), count('stale')];
    return {
      namespace,
      hit,
      miss,
      stale,
      negative: count('negative'),
      loads: loads.get(namespace) ?? 0,
      lockWaits: lockWaits.get(namespace) ?? 0,
      errors: errors.get(namespace) ?? 0,
      hitRate: hitRate(hit, miss, stale),
    };
  });
}
