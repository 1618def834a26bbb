import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { directDatabaseUrl, getConfig } from '../lib/config';
import { closeDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { isPortFree } from '../tooling/ports';
import { describeDatabase, loadEnv, runMain, UsageError } from '../tooling/cli';
import { DEFAULT_PRODUCTS, runSeed } from '../tooling/seed/run-seed';
import { sharedSecrets } from '../tooling/scale-out/secrets';
import { OBSERVE_DEFAULTS } from '../tooling/scale-out/prometheus';
import { SCALE_OUT_DEFAULTS, startTopology } from '../tooling/scale-out/topology';

/*
 * `npm run scale-out -- [--instances N] [--redis-cluster]`: the production topology on one machine, no
 * Docker. One build; two private Redis: the sessions' with AOF and noeviction, the cache's with a maxmemory
 * and allkeys-lru (or for the cache a six-node Cluster with replicas); N `next start` instances; nginx on
 * deploy/nginx.conf in front, over HTTPS (a self-signed certificate made once in `.scale-out/tls/`) and
 * plain HTTP. `--observe` adds PgBouncer (transaction pooling) between the instances and PostgreSQL
 * (tooling/scale-out/pgbouncer.ts). Ctrl-C or SIGTERM stops everything it started, in order (nginx, then the
 * instances drain, then PgBouncer and Redis), and nothing else.
 */

const USAGE = `usage: npm run scale-out -- [--instances N] [--redis-cluster] [--observe] [--no-build]
         [--port 8080] [--tls-port 8443] [--first-instance-port 3001] [--redis-port 6380]
         [--cache-redis-port 6381 (Cluster: 7000)] [--pgbouncer-port 6432] [--dir .scale-out]
         [--prometheus-port 9090] [--redis-exporter-port 9121] [--postgres-exporter-port 9187]
   (each port also from SCALE_OUT_PORT, SCALE_OUT_TLS_PORT, SCALE_OUT_FIRST_INSTANCE_PORT,
    SCALE_OUT_REDIS_PORT, SCALE_OUT_CACHE_REDIS_PORT, SCALE_OUT_PGBOUNCER_PORT, SCALE_OUT_PROMETHEUS_PORT,
    SCALE_OUT_REDIS_EXPORTER_PORT, SCALE_OUT_POSTGRES_EXPORTER_PORT; --redis-port is the session Redis's;
    --observe adds PgBouncer between the instances and PostgreSQL, and Prometheus (rules from
    deploy/prometheus/) with the Redis and PostgreSQL exporters)`;

function portArg(name: string, value: string | undefined, fallback: number): number {
  const port = Number(value ?? fallback);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UsageError(`--${name} must be a port number, not "${value}"`, USAGE);
  }
  return port;
}

function parseCommandLine() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        instances: { type: 'string', default: String(SCALE_OUT_DEFAULTS.instances) },
        'redis-cluster': { type: 'boolean', default: false },
        observe: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        port: { type: 'string' },
        'tls-port': { type: 'string' },
        'first-instance-port': { type: 'string' },
        'redis-port': { type: 'string' },
        'cache-redis-port': { type: 'string' },
        'pgbouncer-port': { type: 'string' },
        'prometheus-port': { type: 'string' },
        'redis-exporter-port': { type: 'string' },
        'postgres-exporter-port': { type: 'string' },
        dir: { type: 'string', default: '.scale-out' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 16) {
    throw new UsageError(`--instances must be an integer from 1 to 16, not "${values.instances}"`, USAGE);
  }
  const cluster = values['redis-cluster'];
  const env = process.env;
  return {
    instances,
    cluster,
    observe: values.observe,
    build: !values['no-build'],
    dir: path.resolve(values.dir),
    port: portArg('port', values.port ?? env.SCALE_OUT_PORT, SCALE_OUT_DEFAULTS.port),
    tlsPort: portArg('tls-port', values['tls-port'] ?? env.SCALE_OUT_TLS_PORT, SCALE_OUT_DEFAULTS.tlsPort),
    firstInstancePort: portArg(
      'first-instance-port',
      values['first-instance-port'] ?? env.SCALE_OUT_FIRST_INSTANCE_PORT,
      3001,
    ),
    redisPort: portArg('redis-port', values['redis-port'] ?? env.SCALE_OUT_REDIS_PORT, 6380),
    cacheRedisPort: portArg(
      'cache-redis-port',
      values['cache-redis-port'] ?? env.SCALE_OUT_CACHE_REDIS_PORT,
      cluster ? 7000 : 6381,
    ),
    pgbouncerPort: portArg('pgbouncer-port', values['pgbouncer-port'] ?? env.SCALE_OUT_PGBOUNCER_PORT, 6432),
    prometheus: {
      prometheusPort: portArg(
        'prometheus-port',
        values['prometheus-port'] ?? env.SCALE_OUT_PROMETHEUS_PORT,
        OBSERVE_DEFAULTS.prometheusPort,
      ),
      redisExporterPort: portArg(
        'redis-exporter-port',
        values['redis-exporter-port'] ?? env.SCALE_OUT_REDIS_EXPORTER_PORT,
        OBSERVE_DEFAULTS.redisExporterPort,
      ),
      postgresExporterPort: portArg(
        'postgres-exporter-port',
        values['postgres-exporter-port'] ?? env.SCALE_OUT_POSTGRES_EXPORTER_PORT,
        OBSERVE_DEFAULTS.postgresExporterPort,
      ),
      metricsToken: env.METRICS_TOKEN || undefined,
    },
  };
}

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`)),
    );
  });
}

runMain(async () => {
  const options = parseCommandLine();
  loadEnv();
  // PostgreSQL itself: the migrations and the seed connect to it, and PgBouncer (--observe) in front of it.
  const databaseUrl = directDatabaseUrl(getConfig());
  const instancePorts = Array.from(
    { length: options.instances },
    (_, index) => options.firstInstancePort + index,
  );
  const cachePorts = Array.from(
    { length: options.cluster ? 6 : 1 },
    (_, index) => options.cacheRedisPort + index,
  );
  const redisPorts = [options.redisPort, ...cachePorts];
  const { prometheusPort, redisExporterPort, postgresExporterPort } = options.prometheus;
  const observerPorts = options.observe
    ? [options.pgbouncerPort, prometheusPort, redisExporterPort, postgresExporterPort]
    : [];
  for (const port of [options.port, options.tlsPort, ...instancePorts, ...redisPorts, ...observerPorts]) {
    if (!(await isPortFree(port))) throw new Error(`port ${port} is in use; pick others (see --help)`);
  }
  mkdirSync(options.dir, { recursive: true });

  console.log(`▸ PostgreSQL: migrating ${describeDatabase(databaseUrl)}, seeding if the catalog is empty`);
  await migrateDatabase(databaseUrl);
  await runSeed({ products: DEFAULT_PRODUCTS, reset: false });
  await closeDb();
  if (options.build) {
    console.log('▸ Building (npm run build): one build for every instance; --no-build reuses the last one');
    await build();
  }

  console.log('▸ Starting');
  const topology = await startTopology({
    dir: options.dir,
    instances: options.instances,
    port: options.port,
    tlsPort: options.tlsPort,
    instancePorts,
    redisPort: options.redisPort,
    cacheRedisPort: options.cacheRedisPort,
    redisCluster: options.cluster,
    databaseUrl,
    pgbouncer: options.observe ? { port: options.pgbouncerPort } : undefined,
    prometheus: options.observe ? options.prometheus : undefined,
    env: sharedSecrets(options.dir),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\nReady: ${topology.httpsUrl} and ${topology.url}  (health: ${topology.url}/api/health)`);
  console.log(
    `HTTPS uses a self-signed certificate, ${path.join(options.dir, 'tls', 'cert.pem')}: trust it or accept the warning. Logs: ${options.dir}/logs`,
  );
  if (topology.prometheus)
    console.log(`Prometheus: ${topology.prometheus.url} (alerts: ${topology.prometheus.url}/alerts)`);
  console.log('Ctrl-C or SIGTERM stops everything above.');

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      const observers = options.observe ? ', Prometheus' : '';
      console.log(
        `\n${signal}: stopping nginx${observers}, draining the instances, stopping PgBouncer and Redis…`,
      );
      void topology.stop().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    for (const instance of topology.instances) {
      void instance.exited?.then(({ code, signal }) => {
        if (!stopping) console.warn(`instance ${instance.index + 1} exited (${signal ?? code}); see its log`);
      });
    }
  });
  console.log('Stopped.');
});
