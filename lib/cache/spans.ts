import { inSpan, spanEvent, spansOn } from '../telemetry';
import type { CacheKey } from './key';
import type { Outcome } from './loader';
import type { CacheMetrics } from './metrics';

/*
 * The cache engine's OpenTelemetry spans (lib/telemetry; nothing at all while spans are off): a span per
 * read (`cache.get`, and the page cache's `cache.peek` and `cache.claim`) noting its outcome (hit, miss,
 * stale, negative) and the tier that answered (l1, l2); a `cache.load` span per loader run, so the
 * PostgreSQL statements of a miss sit under it; and, on the span the caller runs in, an event for each
 * lock wait (`cache.lock_wait`: this read waited for another's load) and each Redis failure the engine
 * absorbed (`cache.redis_error`). The same moments the metrics count (./metrics.ts), per request.
 */

export const CACHE_SPAN_ATTRIBUTES = {
  namespace: 'storefront.cache.namespace',
  id: 'storefront.cache.id',
  result: 'storefront.cache.result',
  tier: 'storefront.cache.tier',
} as const;

/** Runs a read in its span and notes what it found; `read` answers undefined when it found nothing usable. */
export function readSpan<T extends Pick<Outcome, 'result' | 'tier'> | undefined>(
  name: 'cache.get' | 'cache.peek',
  key: CacheKey,
  read: () => Promise<T>,
): Promise<T> {
  if (!spansOn()) return read();
  const attributes = { [CACHE_SPAN_ATTRIBUTES.namespace]: key.namespace, [CACHE_SPAN_ATTRIBUTES.id]: key.id };
  return inSpan(name, attributes, async (span) => {
    const outcome = await read();
    span?.setAttribute(CACHE_SPAN_ATTRIBUTES.result, outcome?.result ?? 'miss');
    if (outcome?.tier) span?.setAttribute(CACHE_SPAN_ATTRIBUTES.tier, outcome.tier);
    return outcome;
  });
}

/** A loader run in its span. */
export function loadSpan<T>(namespace: string, load: () => Promise<T>): Promise<T> {
  if (!spansOn()) return load();
  return inSpan('cache.load', { [CACHE_SPAN_ATTRIBUTES.namespace]: namespace }, () => load());
}

/** The engine's metrics, also noting lock waits and absorbed Redis failures on the current span. */
export function withSpanEvents(metrics: CacheMetrics): CacheMetrics {
  return {
    request: (namespace, result) => metrics.request(namespace, result),
    tierHit: (namespace, tier) => metrics.tierHit(namespace, tier),
    load: (namespace, seconds, failed) => metrics.load(namespace, seconds, failed),
    lockWait: (namespace) => {
      metrics.lockWait(namespace);
      spanEvent('cache.lock_wait', { [CACHE_SPAN_ATTRIBUTES.namespace]: namespace });
    },
    error: (namespace) => {
      metrics.error(namespace);
      spanEvent('cache.redis_error', { [CACHE_SPAN_ATTRIBUTES.namespace]: namespace });
    },
    overBudget: (namespace) => metrics.overBudget(namespace),
    circuitOpen: (open) => metrics.circuitOpen(open),
  };
}
