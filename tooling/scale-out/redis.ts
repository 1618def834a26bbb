import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as redisCluster from '../redis-cluster';
import { serverPid, waitForPing } from '../redis-server';
import { OwnedProcess } from './child';

/*
 * The scale-out's two Redis, each set up for what it holds (docs/configuration.md, "Two Redis"):
 *
 * - The session Redis (SESSION_REDIS_URL): sessions, carts, login limits, the stock gate, checkout records.
 *   It persists every write to an append-only file fsynced each second (at most a second of writes lost on
 *   a crash) and never evicts (`noeviction`: a full Redis refuses writes rather than silently signing
 *   shoppers out). Config `<dir>/redis.conf` (.scale-out/redis.conf), data in `<dir>/appendonlydir`.
 * - The cache Redis (REDIS_URL): cached catalog data and pages, all of which can be loaded again. It has
 *   a memory budget (`maxmemory`) and evicts the least recently used keys when full (`allkeys-lru`), keeps
 *   nothing on disk, and so can never fill up and refuse the shop. Config `<dir>/redis-cache.conf`. With
 *   `--redis-cluster` the cache is a six-node Cluster instead, each node with the same budget and policy.
 *
 * Each config file is written beside its data, so an operator can restart a server by hand:
 * `redis-server .scale-out/redis.conf`.
 */

/** The cache Redis's memory budget (each Cluster node's, with --redis-cluster); docker-compose.yml's too. */
export const CACHE_REDIS_MAXMEMORY = '256mb';

const header = '# Written by `npm run scale-out`; restart by hand with: redis-server <this file>';

/** The session Redis: AOF fsynced each second, no RDB snapshots on top, never evicts. */
export function redisConfig(port: number, dir: string): string {
  return [
    header,
    `port ${port}`,
    'bind 127.0.0.1',
    `dir ${dir}`,
    'appendonly yes',
    'appendfsync everysec',
    'maxmemory-policy noeviction',
    // The AOF is the persistence; no RDB snapshots on top of it.
    'save ""',
    '',
  ].join('\n');
}

/** The cache Redis: a memory budget, least recently used keys evicted, nothing on disk. */
export function cacheRedisConfig(port: number, dir: string): string {
  return [
    header,
    `port ${port}`,
    'bind 127.0.0.1',
    `dir ${dir}`,
    `maxmemory ${CACHE_REDIS_MAXMEMORY}`,
    'maxmemory-policy allkeys-lru',
    'appendonly no',
    'save ""',
    '',
  ].join('\n');
}

/** One redis-server of the scale-out, on a config file of its own. */
export class ScaleOutRedis {
  readonly configFile: string;
  private process?: OwnedProcess;

  constructor(
    /** `redis` (the session Redis) or `redis-cache`: the config and log files' names. */
    readonly name: 'redis' | 'redis-cache',
    readonly port: number,
    readonly dir: string,
    config: (port: number, dir: string) => string,
  ) {
    this.configFile = path.join(dir, `${name}.conf`);
    writeFileSync(this.configFile, config(port, dir));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process?.running ? this.process.pid : undefined;
  }

  /** Starts redis-server on its config (loading the AOF if there is one); resolves once it answers. */
  async start(): Promise<void> {
    const logFile = path.join(this.dir, `${this.name}.log`);
    const server = new OwnedProcess(this.name, 'redis-server', [this.configFile], logFile);
    this.process = server;
    await waitForPing(this.port, server.child, 20_000);
    if ((await serverPid(this.port)) !== server.pid) {
      await server.stop('SIGKILL');
      throw new Error(`port ${this.port} is another Redis's`);
    }
  }

  /** `kill -9`: no chance to write anything more; an AOF holds what was fsynced. */
  async kill(): Promise<void> {
    await this.process?.stop('SIGKILL');
  }

  /** A clean stop (SIGTERM: Redis flushes its AOF first). */
  async stop(): Promise<void> {
    await this.process?.stop('SIGTERM', 10_000);
  }
}

export interface RedisTierOptions {
  /** Where the configs, the session Redis's AOF and the logs go (the cache's data under `redis-cache/`). */
  dir: string;
  /** The session Redis's port. */
  sessionPort: number;
  /** The cache Redis's port, or the Cluster's first node's (its six nodes take this port and the five above). */
  cachePort: number;
  cluster: boolean;
  log?: (line: string) => void;
}

export interface RedisTier {
  sessions: ScaleOutRedis;
  /** The standalone cache Redis; absent when the cache is a Cluster. */
  cache?: ScaleOutRedis;
  cluster?: redisCluster.RedisCluster;
  /** What the instances get: REDIS_URL (or REDIS_CLUSTER_NODES) for the cache, SESSION_REDIS_URL. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts both Redis; on a failure stops what it started and rethrows. */
export async function startRedisTier(options: RedisTierOptions): Promise<RedisTier> {
  const log = options.log ?? (() => {});
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
    stops.length = 0;
  };
  try {
    const sessions = new ScaleOutRedis('redis', options.sessionPort, options.dir, redisConfig);
    await sessions.start();
    stops.push(() => sessions.stop());
    log(`session Redis: ${sessions.url} (AOF, noeviction), config ${sessions.configFile}`);
    const env: Record<string, string> = { SESSION_REDIS_URL: sessions.url };
    if (options.cluster) {
      const cluster = await redisCluster.start(options.cachePort, {
        replicas: 1,
        maxmemory: CACHE_REDIS_MAXMEMORY,
        evictionPolicy: 'allkeys-lru',
        dir: path.join(options.dir, 'redis-cluster'),
      });
      stops.push(() => redisCluster.stop(cluster));
      env.REDIS_CLUSTER_NODES = cluster.nodes.map((node) => `${node.host}:${node.port}`).join(',');
      log(
        `cache Redis Cluster: ${cluster.ports.length} nodes on 127.0.0.1:${cluster.ports.join(',')} (maxmemory ${CACHE_REDIS_MAXMEMORY} each, allkeys-lru)`,
      );
      return { sessions, cluster, env, stop };
    }
    const cacheDir = path.join(options.dir, 'redis-cache');
    mkdirSync(cacheDir, { recursive: true });
    const cache = new ScaleOutRedis('redis-cache', options.cachePort, options.dir, (port) =>
      cacheRedisConfig(port, cacheDir),
    );
    await cache.start();
    stops.push(() => cache.stop());
    env.REDIS_URL = cache.url;
    log(
      `cache Redis: ${cache.url} (maxmemory ${CACHE_REDIS_MAXMEMORY}, allkeys-lru), config ${cache.configFile}`,
    );
    return { sessions, cache, env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
