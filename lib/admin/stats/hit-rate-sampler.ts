import type { Registry } from 'prom-client';
import { CACHE_METRIC_NAMES } from '../../cache';
import { CATALOG_NAMESPACES } from '../../catalog/namespaces';
import { getMetricsRegistry } from '../../metrics/registry';
import { getRedis, type RedisClient } from '../../redis/client';
import { STATS_BUCKET_TTL_SECONDS, minuteOf, statsKeys, type StatsKeys } from '../../redis/keys';
import { readCounter } from './cache-counters';

/*
 * The hour's hit-rate chart, across every instance. Prometheus counters live in each process; to draw one
 * chart for the whole fleet without a Prometheus server, each instance adds what it counted since its
 * last sample into a per-minute Redis hash (HINCRBY is commutative, so instances never overwrite each
 * other). No server-only import: instrumentation.ts starts it.
 */

/** The namespaces charted: the two a shopper's browsing is made of. */
export const SAMPLED_NAMESPACES = [CATALOG_NAMESPACES.product, CATALOG_NAMESPACES.listing] as const;
const SAMPLED_RESULTS = ['hit', 'miss', 'stale'] as const;
export const SAMPLE_INTERVAL_MS = 10_000;

export interface HitRateSamplerOptions {
  registry?: () => Registry;
  redis?: () => RedisClient;
  keys?: StatsKeys;
  now?: () => number;
}

export class HitRateSampler {
  // What was already added to Redis, per `<namespace>:<result>` field.
  private readonly sent = new Map<string, number>();

  constructor(private readonly options: HitRateSamplerOptions = {}) {}

  /** Adds the counts since the last successful tick into the current minute's bucket. */
  async tick(): Promise<void> {
    const registry = (this.options.registry ?? getMetricsRegistry)();
    const totals = await readCounter(registry, CACHE_METRIC_NAMES.requests, ['namespace', 'result']);
    const deltas: [field: string, total: number, delta: number][] = [];
    for (const namespace of SAMPLED_NAMESPACES) {
      for (const result of SAMPLED_RESULTS) {
        const field = `${namespace}:${result}`;
        const total = totals.get(`${namespace}|${result}`) ?? 0;
        const previous = this.sent.get(field) ?? 0;
        // A counter that went down was reset (a test's fresh registry): all of it is new.
        const delta = total >= previous ? total - previous : total;
        if (delta > 0) deltas.push([field, total, delta]);
      }
    }
    if (deltas.length === 0) return;
    const keys = this.options.keys ?? statsKeys();
    const key = keys.hitRateMinute(minuteOf((this.options.now ?? Date.now)()));
    const transaction = (this.options.redis ?? getRedis)().multi();
    for (const [field, , delta] of deltas) transaction.hincrby(key, field, delta);
    transaction.expire(key, STATS_BUCKET_TTL_SECONDS);
    const replies = await transaction.exec();
    const failed = !replies || replies.some(([error]) => error);
    if (failed) throw new Error('the hit-rate sample was not stored');
    // Only now: a failed write leaves the counts to the next tick instead of losing them.
    for (const [field, total] of deltas) this.sent.set(field, total);
  }
}

const globalForSampler = globalThis as unknown as { storefrontHitRateSampler?: NodeJS.Timeout };

/**
 * Starts this process's sampler, once (later calls do nothing). Its timer is unref'd, so it never keeps a
 * process alive; a tick that fails (Redis away) is logged once per outage and retried on the next one.
 */
export function startHitRateSampler(intervalMs = SAMPLE_INTERVAL_MS): void {
  if (globalForSampler.storefrontHitRateSampler) return;
  const sampler = new HitRateSampler();
  let failing = false;
  const timer = setInterval(() => {
    sampler.tick().then(
      () => (failing = false),
      (error: unknown) => {
        if (!failing) console.error('hit-rate sampler:', error instanceof Error ? error.message : error);
        failing = true;
      },
    );
  }, intervalMs);
  timer.unref();
  globalForSampler.storefrontHitRateSampler = timer;
}
