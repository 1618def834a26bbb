import 'server-only';
import { getSql } from './db/client';
import { getRedis, waitForFirstConnection } from './redis/client';

export type DependencyState = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'degraded';
  postgres: DependencyState;
  redis: DependencyState;
  /** Seconds since this process started. */
  uptime: number;
}

const PROBE_TIMEOUT_MS = 1000;

/** Resolves 'up' if the probe succeeds within the timeout, 'down' on any failure or when it takes longer. */
async function probe(check: () => Promise<unknown>): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyState>((resolve) => {
    timer = setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS);
  });
  const attempt = check().then(
    () => 'up' as const,
    () => 'down' as const,
  );
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The shared client has no offline queue, so a freshly started process first waits for its first
 * connection; a client already retrying a lost one fails at once.
 */
async function pingRedis(): Promise<void> {
  const redis = getRedis();
  await waitForFirstConnection(redis, PROBE_TIMEOUT_MS);
  await redis.ping();
}

/** Pings PostgreSQL and Redis in parallel, each bounded by a short timeout. */
export async function checkHealth(): Promise<HealthReport> {
  const [postgres, redis] = await Promise.all([probe(() => getSql()`select 1`), probe(pingRedis)]);
  return {
    status: postgres === 'up' && redis === 'up' ? 'ok' : 'degraded',
    postgres,
    redis,
    uptime: Math.round(process.uptime()),
  };
}
