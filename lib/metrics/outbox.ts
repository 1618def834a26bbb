import { Gauge } from 'prom-client';
import { getMetricsRegistry } from './registry';

/*
 * The invalidation outbox's backlog (lib/catalog/outbox.ts), as this instance's sweeper last measured it
 * after its pass: rows waiting and the age of the oldest. Every instance measures the same table, so take
 * the max across the fleet. A row older than a few sweeps means committed changes are not reaching the
 * cache (Redis away, or every sweeper failing): shoppers see stale catalog pages.
 */

interface OutboxMetrics {
  pending: Gauge;
  oldestAge: Gauge;
}

const globalForOutbox = globalThis as unknown as { storefrontOutboxMetrics?: OutboxMetrics };

function outboxMetrics(): OutboxMetrics {
  globalForOutbox.storefrontOutboxMetrics ??= {
    pending: new Gauge({
      name: 'storefront_outbox_pending',
      help: 'Cache invalidations recorded and not yet applied (the outbox rows), at the last sweep.',
      registers: [getMetricsRegistry()],
    }),
    oldestAge: new Gauge({
      name: 'storefront_outbox_oldest_age_seconds',
      help: 'Age of the oldest unapplied cache invalidation at the last sweep (0: none).',
      registers: [getMetricsRegistry()],
    }),
  };
  return globalForOutbox.storefrontOutboxMetrics;
}

/** Records the backlog the sweeper measured. */
export function recordOutboxBacklog(pending: number, oldestAgeSeconds: number): void {
  const metrics = outboxMetrics();
  metrics.pending.set(pending);
  metrics.oldestAge.set(oldestAgeSeconds);
}

/** Registers the gauges so a scrape shows them (at 0) before the first sweep. */
export function registerOutboxMetrics(): void {
  outboxMetrics();
}
