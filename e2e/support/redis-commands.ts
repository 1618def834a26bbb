import Redis from 'ioredis';

// The test's own probes, and the connection-level chatter of clients: not the storefront reading data.
const NOT_DATA = new Set([
  'info',
  'config',
  'ping',
  'client',
  'subscribe',
  'select',
  'hello',
  'command',
  'cluster',
]);

/** Counts the data commands a private redis-server receives, from its own INFO commandstats. */
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
    const info = await this.redis.info('commandstats');
    const counts: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      const [, name, calls] = match;
      if (name && !NOT_DATA.has(name.split('|')[0]!)) counts[name] = Number(calls);
    }
    return counts;
  }

  async total(): Promise<number> {
    return Object.values(await this.counts()).reduce((sum, calls) => sum + calls, 0);
  }

  close(): Promise<'OK'> {
    return this.redis.quit();
  }
}
