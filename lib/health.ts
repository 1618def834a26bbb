import 'server-only';
import { getSql } from './db/client';
import { getRedis, getSessionRedis, sessionRedisTarget, waitForFirstConnection } from './redis/client';
import type { RedisClient } from './redis/client';
import {
  durabilityWarnings,
  readDurability,
  type PersistenceMode,
  type RedisDurability,
  type RedisRole,
} from './redis/durability';

type DependencyState = 'up' | 'down';

/** Per Redis of the report: `redis`, and `sessionRedis` when sessions have their own. */
interface PerRedis<T> {
  redis: T;
  sessionRedis?: T;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  postgres: DependencyState;
  /** REDIS_URL (or the Cluster): the cache, and sessions too unless SESSION_REDIS_URL is set. */
  redis: DependencyState;
  /** SESSION_REDIS_URL's Redis, present only when it is set. */
  sessionRedis?: DependencyState;
  /** Seconds since this process started. */
  uptime: number;
  /** What each Redis keeps on disk; "unknown" when it cannot be told (down, or CONFIG refused). */
  persistence: PerRedis<PersistenceMode>;
  /** Each Redis's maxmemory-policy; "unknown" likewise. */
  evictionPolicy: PerRedis<string>;
  /**
   * The cache Redis's (REDIS_URL's) memory against its budget: `used_memory` and `maxmemory` in bytes
   * (summed over a Cluster's masters), `budgetBytes` null when it has none; null when it cannot be read.
   */
  cacheMemory: CacheMemory | null;
  /** Where sessions and carts could be lost or evicted, or the cache stop caching. Never affect `status`. */
  warnings: string[];
}

export interface CacheMemory {
  usedBytes: number;
  budgetBytes: number | null;
  /** usedBytes / budgetBytes, rounded to 0.001; null without a budget. */
  usedRatio: number | null;
}

/** The Redis clients and database a report is made of (tests bring private servers). */
export interface HealthTargets {
  sql: () => Promise<unknown>;
  /** REDIS_URL's client. */
  redis: RedisClient;
  /** SESSION_REDIS_URL's client, when sessions have their own Redis. */
  sessionRedis?: RedisClient;
}

const PROBE_TIMEOUT_MS = 1000;
/** Load balancers poll health every second or two; persistence settings change rarely. */
const DURABILITY_TTL_MS = 5000;

/** Resolves with the check's value, or `fallback` on any failure or when it takes longer than the timeout. */
async function within<T, F>(check: () => Promise<T>, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const probe = (check: () => Promise<unknown>): Promise<DependencyState> =>
  within(() => check().then(() => 'up' as const), 'down' as const);

/**
 * The shared client has no offline queue, so a freshly started process first waits for its first
 * connection; a client already retrying a lost one fails at once.
 */
async function ping(redis: RedisClient): Promise<void> {
  await waitForFirstConnection(redis, PROBE_TIMEOUT_MS);
  await redis.ping();
}

// One durability reading per client, kept a few seconds: INFO and CONFIG on every poll of every load
// balancer would be waste. A failed reading is not kept.
const readings = new WeakMap<RedisClient, { at: number; reading: Promise<RedisDurability | null> }>();

function durability(redis: RedisClient): Promise<RedisDurability | null> {
  const kept = readings.get(redis);
  if (kept && Date.now() - kept.at < DURABILITY_TTL_MS) return kept.reading;
  const reading = within(() => readDurability(redis), null);
  readings.set(redis, { at: Date.now(), reading });
  void reading.then((value) => {
    if (value === null && readings.get(redis)?.reading === reading) readings.delete(redis);
  });
  return reading;
}

/** Probes one Redis: up or down, and (when up) what it keeps and evicts, with the warnings of its role. */
async function redisHealth(redis: RedisClient, role: RedisRole) {
  const state = await probe(() => ping(redis));
  const reading = state === 'up' ? await durability(redis) : null;
  return {
    state,
    memory: reading ? memoryOf(reading) : null,
    persistence: reading?.persistence ?? ('unknown' as const),
    evictionPolicy: reading?.evictionPolicy ?? 'unknown',
    // A Redis that is down is reported as down; what it would keep is then unknown, not a warning.
    warnings: reading ? durabilityWarnings(role, reading) : [],
  };
}

function memoryOf(reading: RedisDurability): CacheMemory | null {
  const { usedMemoryBytes: usedBytes, memoryBudgetBytes: budgetBytes } = reading;
  if (usedBytes === null) return null;
  const usedRatio = budgetBytes ? Math.round((usedBytes / budgetBytes) * 1000) / 1000 : null;
  return { usedBytes, budgetBytes, usedRatio };
}

function configuredTargets(): HealthTargets {
  return {
    sql: () => getSql()`select 1`,
    redis: getRedis(),
    sessionRedis: sessionRedisTarget() ? getSessionRedis() : undefined,
  };
}

/**
 * Pings PostgreSQL and each Redis in parallel, each bounded by a short timeout, and reports how each Redis
 * persists and evicts. `status` is 'degraded' (503) only when a dependency is down; warnings never change it.
 */
export async function checkHealth(targets: HealthTargets = configuredTargets()): Promise<HealthReport> {
  const separate = targets.sessionRedis !== undefined;
  const [postgres, redis, sessionRedis] = await Promise.all([
    probe(targets.sql),
    redisHealth(targets.redis, separate ? 'cache' : 'shared'),
    targets.sessionRedis ? redisHealth(targets.sessionRedis, 'sessions') : undefined,
  ]);
  const states = [postgres, redis.state, sessionRedis?.state ?? 'up'];
  return {
    status: states.every((state) => state === 'up') ? 'ok' : 'degraded',
    postgres,
    redis: redis.state,
    ...(sessionRedis && { sessionRedis: sessionRedis.state }),
    uptime: Math.round(process.uptime()),
    persistence: {
      redis: redis.persistence,
      ...(sessionRedis && { sessionRedis: sessionRedis.persistence }),
    },
    evictionPolicy: {
      redis: redis.evictionPolicy,
      ...(sessionRedis && { sessionRedis: sessionRedis.evictionPolicy }),
    },
    cacheMemory: redis.memory,
    warnings: [...redis.warnings, ...(sessionRedis?.warnings ?? [])],
  };
}

/** How old an answer of /api/health may be. */
export const HEALTH_MAX_AGE_MS = 1000;

/**
 * One probe at a time, and at most one a second, whatever the request rate: a load balancer polling every
 * instance, or a stranger polling in a loop, costs PostgreSQL and each Redis one query a second per
 * instance. A caller shares the probe under way, or the last one while it started less than `maxAgeMs`
 * ago (so no answer is older than that), or starts the next one.
 */
export class RecentHealth {
  private last: { startedAt: number; settled: boolean; report: Promise<HealthReport> } | undefined;

  constructor(
    private readonly check: () => Promise<HealthReport> = () => checkHealth(),
    private readonly maxAgeMs = HEALTH_MAX_AGE_MS,
  ) {}

  report(): Promise<HealthReport> {
    const last = this.last;
    if (last && (!last.settled || Date.now() - last.startedAt < this.maxAgeMs)) return last.report;
    const probe = { startedAt: Date.now(), settled: false, report: this.check() };
    this.last = probe;
    probe.report.then(
      () => (probe.settled = true),
      // checkHealth does not reject; should a check fail anyway, the next caller probes again.
      () => this.last === probe && (this.last = undefined),
    );
    return probe.report;
  }
}

let recent: RecentHealth | undefined;

/** This process's health, from a probe at most HEALTH_MAX_AGE_MS old (what /api/health answers). */
export function recentHealth(): Promise<HealthReport> {
  recent ??= new RecentHealth();
  return recent.report();
}

/** What /api/health tells the public: up or not, nothing of how the shop is built or set up. */
export function publicHealth(report: HealthReport): Pick<HealthReport, 'status'> {
  return { status: report.status };
}
