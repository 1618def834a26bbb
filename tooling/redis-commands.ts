import Redis from 'ioredis';

/*
 * What a private redis-server was asked, from its own INFO commandstats: the end-to-end cache spec counts a
 * page view's commands with it, and the benchmark's redis-work part its commands per page type.
 */

/** Commands that only open, watch or probe a connection: not part of what a page view asks of Redis. */
export const NOT_DATA = new Set([
  'info',
  'config',
  'ping',
  'client',
  'subscribe',
  'unsubscribe',
  'psubscribe',
  'select',
  'hello',
  'command',
  'cluster',
  'echo',
  'monitor',
  'auth',
  'quit',
]);

/**
 * What every instance writes every 10 s whatever it serves: its cache counts into the minute's bucket
 * (lib/admin/stats/hit-rate-sampler.ts, MULTI, HINCRBY, EXPIRE, EXEC). A window of a page view may catch two
 * instances' writes (they start together, so they write together); none of these is a page view's read.
 */
export const SAMPLER_WRITES = ['multi', 'exec', 'hincrby', 'expire'] as const;

/** Calls per data command since the last CONFIG RESETSTAT, e.g. get → 1, evalsha → 2. */
export async function commandCounts(redis: Redis): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [, name, calls] of (await redis.info('commandstats')).matchAll(
    /^cmdstat_([^:]+):calls=(\d+)/gm,
  )) {
    if (name && !NOT_DATA.has(name.split('|')[0]!)) counts.set(name, Number(calls));
  }
  return counts;
}

/** Counts the data commands a private redis-server receives (the test's own probes left out). */
export class RedisCommands {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1 });
    this.redis.on('error', () => {});
  }

  async reset(): Promise<void> {
    await this.redis.config('RESETSTAT');
  }

  /** Calls per command since the last reset, e.g. { get: 1, evalsha: 2 }. */
  async counts(): Promise<Record<string, number>> {
    return Object.fromEntries(await commandCounts(this.redis));
  }

  /** All calls since the last reset, but those of the commands named in `except`. */
  async total(except: readonly string[] = []): Promise<number> {
    const counts = Object.entries(await this.counts()).filter(([name]) => !except.includes(name));
    return counts.reduce((sum, [, calls]) => sum + calls, 0);
  }

  close(): Promise<'OK'> {
    return this.redis.quit();
  }
}
