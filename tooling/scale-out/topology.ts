import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type * as redisCluster from '../redis-cluster';
import { StorefrontInstance } from './instances';
import { ensureNginx, PrivateNginx } from './nginx';
import { startPgbouncer, type PgbouncerTopologyOptions, type PrivatePgbouncer } from './pgbouncer';
import { startPrometheus, type PrometheusOptions, type RunningPrometheus } from './prometheus';
import { startRedisTier, type ScaleOutRedis } from './redis';
import { ensureSelfSignedCertificate } from './tls';

/**
 * The whole topology on one machine: nginx (HTTPS with a self-signed certificate made once in
 * `<dir>/tls/`, and plain HTTP for local use) in front of N `next start` instances of one build, two private
 * Redis (./redis.ts: the sessions' with AOF and noeviction, the cache's with a maxmemory and allkeys-lru,
 * or for the cache a six-node Redis Cluster with replicas), PostgreSQL given by `databaseUrl`, with the
 * `pgbouncer` option through PgBouncer in transaction mode (./pgbouncer.ts). What
 * `npm run scale-out` runs and what the fault drills start on free ports of their own.
 */

/** What `npm run scale-out` runs without options; docker-compose.yml runs the same (its compose test checks). */
export const SCALE_OUT_DEFAULTS = { instances: 3, port: 8080, tlsPort: 8443 } as const;

/** Settings every instance gets beside the shared secrets; docker-compose.yml's `app` has the first too. */
export const INSTANCE_SETTINGS = {
  // nginx is the one proxy in front: the client is the address it appends to X-Forwarded-For.
  TRUSTED_PROXY_HOPS: '1',
  // libuv's thread pool, 4 threads by default, runs the password hashes and the Web Crypto behind every
  // request's session cookie alike: with 4, a burst of logins held every signed-in request waiting behind
  // the hashes (an HMAC took 2.9 s beside 8 hashes instead of 0.2 s). The hashes are now capped per machine
  // (lib/auth/hash-slots.ts); 8 still keeps the cookie's crypto clear of anything else on the pool.
  UV_THREADPOOL_SIZE: '8',
  // The instances of one machine share its password-hash slots (lib/auth/hash-slots.ts) under this name.
  MACHINE_ID: 'scale-out',
  // Our drain replaces next start's own SIGTERM handler (lib/lifecycle/graceful-shutdown.ts), which it
  // would do without this too; set, next start does not even install its own.
  NEXT_MANUAL_SIG_HANDLE: '1',
} as const;

export interface TopologyOptions {
  /** Where Redis's data and config, nginx's files and the logs go. */
  dir: string;
  instances: number;
  /** nginx's plain HTTP port. */
  port: number;
  /** nginx's HTTPS port. */
  tlsPort: number;
  /** The instances' ports: these, in order. */
  instancePorts: number[];
  /** The session Redis's port. */
  redisPort: number;
  /** The cache Redis's port, or the Cluster's first node's (its six nodes take this port and the five above). */
  cacheRedisPort: number;
  /** The cache on a Redis Cluster instead of one server. */
  redisCluster: boolean;
  /** PostgreSQL itself. */
  databaseUrl: string;
  /** PgBouncer (transaction mode) between the instances and PostgreSQL, on this port (./pgbouncer.ts). */
  pgbouncer?: PgbouncerTopologyOptions;
  /** Every instance's shared secrets and settings (SESSION_SECRET, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, …). */
  env: Record<string, string>;
  /** `--observe`: Prometheus and the exporters (./prometheus.ts) on these ports and settings. */
  prometheus?: ObserveOptions;
  log?: (line: string) => void;
}

/** What `--observe` sets; the rest (targets, Redis, PostgreSQL) the topology knows. */
export type ObserveOptions = Omit<
  PrometheusOptions,
  'dir' | 'instances' | 'sessionRedisUrl' | 'cacheRedisUrls' | 'databaseUrl' | 'log'
>;

export interface RunningTopology {
  /** nginx over plain HTTP. */
  url: string;
  /** nginx over HTTPS, with the certificate `ca`. */
  httpsUrl: string;
  /** The self-signed certificate nginx serves, in PEM: what a client trusts to reach `httpsUrl`. */
  ca: string;
  nginx: PrivateNginx;
  /** Sessions, carts, limits, stock and checkout records: AOF, noeviction. */
  sessionRedis: ScaleOutRedis;
  /** The standalone cache Redis (absent with a Cluster). */
  cacheRedis?: ScaleOutRedis;
  /** The cache's Cluster, with `redisCluster`. */
  cluster?: redisCluster.RedisCluster;
  instances: StorefrontInstance[];
  /** With the `pgbouncer` option: the PgBouncer the instances go through. */
  pgbouncer?: PrivatePgbouncer;
  /** The Redis variables the instances got (REDIS_URL or REDIS_CLUSTER_NODES, and SESSION_REDIS_URL). */
  redisEnv: Record<string, string>;
  /** Prometheus, with `prometheus` (`--observe`). */
  prometheus?: RunningPrometheus;
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
    const certificate = await ensureSelfSignedCertificate(dir);
    const redis = await startRedisTier({
      dir,
      sessionPort: options.redisPort,
      cachePort: options.cacheRedisPort,
      cluster: options.redisCluster,
      log,
    });
    stops.push(() => redis.stop());
    const redisEnv = redis.env;
    // With PgBouncer: its URL and pool settings in place of PostgreSQL's (./pgbouncer.ts).
    const pooler = options.pgbouncer
      ? await startPgbouncer({
          ...options.pgbouncer,
          dir,
          instances: options.instances,
          databaseUrl: options.databaseUrl,
          log,
        })
      : undefined;
    if (pooler) stops.push(() => pooler.pgbouncer.stop());

    const env = {
      ...options.env,
      ...redisEnv,
      DATABASE_URL: options.databaseUrl,
      ...pooler?.env,
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

    let prometheus: RunningPrometheus | undefined;
    if (options.prometheus) {
      prometheus = await startPrometheus({
        ...options.prometheus,
        dir,
        instances: instances.map((instance) => `127.0.0.1:${instance.port}`),
        sessionRedisUrl: redis.sessions.url,
        cacheRedisUrls: redis.cluster
          ? redis.cluster.nodes.map((node) => `redis://${node.host}:${node.port}`)
          : [redis.cache!.url],
        databaseUrl: options.databaseUrl,
        log,
      });
      stops.push(() => prometheus!.stop());
    }

    const nginx = new PrivateNginx({
      binary: nginxBinary,
      prefix: path.join(dir, 'nginx'),
      port: options.port,
      tlsPort: options.tlsPort,
      certificate,
      upstreams: instances.map((instance) => `127.0.0.1:${instance.port}`),
    });
    await nginx.start();
    stops.push(() => nginx.stop());
    const url = `http://127.0.0.1:${options.port}`;
    const httpsUrl = `https://127.0.0.1:${options.tlsPort}`;
    log(`nginx: ${httpsUrl} (certificate ${certificate.certFile}) and ${url} (config ${nginx.configFile})`);
    const ca = certificate.pem;
    return {
      url,
      httpsUrl,
      ca,
      nginx,
      sessionRedis: redis.sessions,
      cacheRedis: redis.cache,
      cluster: redis.cluster,
      instances,
      pgbouncer: pooler?.pgbouncer,
      redisEnv,
      prometheus,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
