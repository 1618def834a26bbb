import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as redisCluster from '../../redis-cluster';
import { StorefrontInstance } from './instances';
import { ensureNginx, PrivateNginx } from './nginx';
import { AofRedis } from './redis';

/**
 * The whole topology on one machine: nginx in front of N `next start` instances of one build, a private
 * Redis with AOF (or a six-node Redis Cluster with replicas), PostgreSQL given by `databaseUrl`. What
 * `npm run scale-out` runs and what the fault drills start on free ports of their own.
 */

/** What `npm run scale-out` runs without options; docker-compose.yml runs the same (its compose test checks). */
export const SCALE_OUT_DEFAULTS = { instances: 3, port: 8080 } as const;

/** Settings every instance gets beside the shared secrets; docker-compose.yml's `app` has the first too. */
export const INSTANCE_SETTINGS = {
  // nginx is the one proxy in front: the client is the address it appends to X-Forwarded-For.
  TRUSTED_PROXY_HOPS: '1',
  // Our drain replaces next start's own SIGTERM handler (lib/lifecycle/graceful-shutdown.ts), which it
  // would do without this too; set, next start does not even install its own.
  NEXT_MANUAL_SIG_HANDLE: '1',
} as const;

export interface TopologyOptions {
  /** Where Redis's data and config, nginx's files and the logs go. */
  dir: string;
  instances: number;
  port: number;
  /** The instances' ports: these, in order. */
  instancePorts: number[];
  /** Standalone Redis port, or a Cluster's first node's (its six nodes take this port and the five above). */
  redisPort: number;
  redisCluster: boolean;
  databaseUrl: string;
  /** Every instance's shared secrets and settings (SESSION_SECRET, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, …). */
  env: Record<string, string>;
  log?: (line: string) => void;
}

export interface RunningTopology {
  url: string;
  nginx: PrivateNginx;
  redis?: AofRedis;
  cluster?: redisCluster.RedisCluster;
  instances: StorefrontInstance[];
  /** The Redis variables the instances got (REDIS_URL or REDIS_CLUSTER_NODES). */
  redisEnv: Record<string, string>;
  stop(): Promise<void>;
}

export async function startTopology(options: TopologyOptions): Promise<RunningTopology> {
  const log = options.log ?? (() => {});
  const { dir } = options;
  const logDir = path.join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    // Front to back: nginx first, so nothing new arrives while the instances drain.
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };
  try {
    const nginxBinary = await ensureNginx(log);
    let redis: AofRedis | undefined;
    let cluster: redisCluster.RedisCluster | undefined;
    let redisEnv: Record<string, string>;
    if (options.redisCluster) {
      cluster = await redisCluster.start(options.redisPort, {
        replicas: 1,
        aof: true,
        dir: path.join(dir, 'redis-cluster'),
      });
      const started = cluster;
      stops.push(() => redisCluster.stop(started));
      redisEnv = { REDIS_CLUSTER_NODES: cluster.nodes.map((node) => `${node.host}:${node.port}`).join(',') };
      log(
        `Redis Cluster: ${cluster.ports.length} nodes on 127.0.0.1:${cluster.ports.join(',')} (AOF), data in ${cluster.dir}`,
      );
    } else {
      // Its config is `<dir>/redis.conf` (.scale-out/redis.conf), its AOF in `<dir>/appendonlydir`.
      redis = new AofRedis(options.redisPort, dir);
      await redis.start();
      const started = redis;
      stops.push(() => started.stop());
      redisEnv = { REDIS_URL: redis.url };
      log(`Redis: ${redis.url} (AOF, noeviction), config ${redis.configFile}`);
    }

    const env = {
      ...options.env,
      ...redisEnv,
      DATABASE_URL: options.databaseUrl,
      ...INSTANCE_SETTINGS,
    };
    const instances = options.instancePorts
      .slice(0, options.instances)
      .map((port, index) => new StorefrontInstance(index, port, env, logDir));
    stops.push(() => Promise.all(instances.map((instance) => instance.stop('SIGTERM'))));
    // One at a time: several cold starts at once on two cores take longer than one after another.
    for (const instance of instances) {
      await instance.start();
      log(`instance ${instance.index + 1}: ${instance.url} (pid ${instance.pid})`);
    }

    const nginx = new PrivateNginx({
      binary: nginxBinary,
      prefix: path.join(dir, 'nginx'),
      port: options.port,
      upstreams: instances.map((instance) => `127.0.0.1:${instance.port}`),
    });
    await nginx.start();
    stops.push(() => nginx.stop());
    const url = `http://127.0.0.1:${options.port}`;
    log(`nginx: ${url} (config ${nginx.configFile})`);
    return { url, nginx, redis, cluster, instances, redisEnv, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
