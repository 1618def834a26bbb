import 'server-only';
import { getCache, getCacheMetrics, type CacheStatus } from '../../cache';
import { getConfig } from '../../config';
import { getSql } from '../../db/client';
import { getMetricsRegistry } from '../../metrics/registry';
import { readCheckoutMinutes, type CheckoutMinute } from '../../orders/stats';
import { callRedis } from '../../redis/call';
import { getRedis, getSessionRedis, sessionRedisTarget } from '../../redis/client';
import { durabilityWarnings, type RedisRole } from '../../redis/durability';
import { statsKeys } from '../../redis/keys';
import type { RequestContext } from '../../session/current';
import { requireAdmin } from '../authorize';
import { readCacheCounters, type NamespaceCounters } from './cache-counters';
import { startHitRateSampler } from './hit-rate-sampler';
import { readHitRateSeries, type HitRatePoint } from './hit-rate-series';
import { readPoolUse, type PoolUse } from './postgres';
import { readSaleFigures, type SaleFigures } from './sales';
import { durabilityOf, readRedisFigures, type RedisFigures } from './redis-info';
import { countSessions, type SessionCount } from './sessions';

/**
 * Everything the operator's view shows, gathered at once. Each source may fail on its own (Redis down,
 * CONFIG refused, …): its figure is then null with a line in `problems`, and the rest still shows.
 */
export interface OperatorStats {
  at: string;
  /** This process: the per-namespace figures are its own (each instance counts its own reads). */
  instance: { pid: number; uptimeSeconds: number };
  cache: { namespaces: NamespaceCounters[]; status: CacheStatus };
  /** The last hour, minute by minute, summed over every instance. */
  series: HitRatePoint[] | null;
  /** Placed orders and sold-out refusals per minute over the last hour, all instances. */
  checkouts: CheckoutMinute[] | null;
  /** The sales running now (units left per item) and their checkouts' refusals per second. */
  sales: SaleFigures | null;
  /** REDIS_URL's Redis (or the Cluster): the cache, and sessions too unless they have their own. */
  redis: RedisFigures | null;
  /** SESSION_REDIS_URL's Redis when sessions have one (`separateSessionRedis`), else null. */
  sessionRedis: RedisFigures | null;
  separateSessionRedis: boolean;
  /** Per Redis: where sessions and carts could be lost or evicted, or the cache stop (durabilityWarnings). */
  redisWarnings: { redis: string[]; sessionRedis: string[] };
  sessions: SessionCount | null;
  postgres: PoolUse | null;
  problems: string[];
}

async function settle<T>(source: string, problems: string[], read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    problems.push(`${source}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

export async function getOperatorStats(ctx: RequestContext): Promise<OperatorStats> {
  await requireAdmin(ctx);
  // Normally started by instrumentation.ts; harmless if it already runs.
  startHitRateSampler();
  getCacheMetrics(); // registered before the first read, so an idle instance shows zeros
  const problems: string[] = [];
  const redis = getRedis();
  const sessionRedis = getSessionRedis();
  const separate = sessionRedisTarget() !== undefined;
  const prefix = getConfig().REDIS_KEY_PREFIX;
  const [namespaces, series, checkouts, redisFigures, sessionFigures, sessions, pool] = await Promise.all([
    readCacheCounters(getMetricsRegistry()),
    // callRedis: a process that has just started waits briefly for its first connection.
    settle('Hit-rate history (Redis)', problems, () =>
      callRedis(redis, () => readHitRateSeries(redis, statsKeys(prefix))),
    ),
    settle('Checkouts per minute (session Redis)', problems, () =>
      callRedis(sessionRedis, () => readCheckoutMinutes()),
    ),
    settle('Redis INFO', problems, () => callRedis(redis, () => readRedisFigures(redis))),
    separate
      ? settle('Session Redis INFO', problems, () =>
          callRedis(sessionRedis, () => readRedisFigures(sessionRedis)),
        )
      : null,
    settle('Session count (session Redis)', problems, () =>
      callRedis(sessionRedis, () => countSessions(sessionRedis, prefix)),
    ),
    settle('PostgreSQL', problems, () => readPoolUse(getSql())),
  ]);
  const sales = await settle('Sales', problems, () => readSaleFigures(checkouts));
  return {
    at: new Date().toISOString(),
    instance: { pid: process.pid, uptimeSeconds: Math.round(process.uptime()) },
    cache: { namespaces, status: getCache().status() },
    series,
    checkouts,
    sales,
    redis: redisFigures,
    sessionRedis: sessionFigures,
    separateSessionRedis: separate,
    redisWarnings: {
      redis: warningsFor(separate ? 'cache' : 'shared', redisFigures),
      sessionRedis: warningsFor('sessions', sessionFigures),
    },
    sessions,
    postgres: pool,
    problems,
  };
}

function warningsFor(role: RedisRole, figures: RedisFigures | null): string[] {
  return figures ? durabilityWarnings(role, durabilityOf(figures)) : [];
}

export type { NamespaceCounters } from './cache-counters';
export type { HitRatePoint, MinuteCounts } from './hit-rate-series';
export type { CheckoutMinute } from '../../orders/stats';
export type { RedisFigures } from './redis-info';
export type { LiveSaleFigures, SaleFigures } from './sales';
