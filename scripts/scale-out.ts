import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getConfig } from '../lib/config';
import { closeDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { isPortFree } from '../test/ports';
import { describeDatabase, loadEnv, runMain, UsageError } from './lib/cli';
import { DEFAULT_PRODUCTS, runSeed } from './lib/run-seed';
import { sharedSecrets } from './lib/scale-out/secrets';
import { SCALE_OUT_DEFAULTS, startTopology } from './lib/scale-out/topology';

/*
 * `npm run scale-out -- [--instances N] [--redis-cluster]`: the production topology on one machine, no
 * Docker. One build; a private Redis with AOF (or a six-node Cluster with replicas); N `next start`
 * instances; nginx on deploy/nginx.conf in front. Ctrl-C or SIGTERM stops everything it started, in order
 * (nginx, then the instances drain, then Redis), and nothing else.
 */

const USAGE = `usage: npm run scale-out -- [--instances N] [--redis-cluster] [--no-build]
         [--port 8080] [--first-instance-port 3001] [--redis-port 6380 (Cluster: 7000)] [--dir .scale-out]
   (each port also from SCALE_OUT_PORT, SCALE_OUT_FIRST_INSTANCE_PORT, SCALE_OUT_REDIS_PORT)`;

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
        'no-build': { type: 'boolean', default: false },
        port: { type: 'string' },
        'first-instance-port': { type: 'string' },
        'redis-port': { type: 'string' },
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
    build: !values['no-build'],
    dir: path.resolve(values.dir),
    port: portArg('port', values.port ?? env.SCALE_OUT_PORT, SCALE_OUT_DEFAULTS.port),
    firstInstancePort: portArg(
      'first-instance-port',
      values['first-instance-port'] ?? env.SCALE_OUT_FIRST_INSTANCE_PORT,
      3001,
    ),
    redisPort: portArg('redis-port', values['redis-port'] ?? env.SCALE_OUT_REDIS_PORT, cluster ? 7000 : 6380),
  };
}

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join('node_modules', '.bin', 'next'), ['build'], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`)),
    );
  });
}

runMain(async () => {
  const options = parseCommandLine();
  loadEnv();
  const { DATABASE_URL } = getConfig();
  const instancePorts = Array.from(
    { length: options.instances },
    (_, index) => options.firstInstancePort + index,
  );
  const redisPorts = Array.from({ length: options.cluster ? 6 : 1 }, (_, index) => options.redisPort + index);
  for (const port of [options.port, ...instancePorts, ...redisPorts]) {
    if (!(await isPortFree(port))) throw new Error(`port ${port} is in use; pick others (see --help)`);
  }
  mkdirSync(options.dir, { recursive: true });

  console.log(`▸ PostgreSQL: migrating ${describeDatabase(DATABASE_URL)}, seeding if the catalog is empty`);
  await migrateDatabase(DATABASE_URL);
  await runSeed({ products: DEFAULT_PRODUCTS, reset: false });
  await closeDb();
  if (options.build) {
    console.log('▸ Building (next build): one build for every instance; --no-build reuses the last one');
    await build();
  }

  console.log('▸ Starting');
  const topology = await startTopology({
    dir: options.dir,
    instances: options.instances,
    port: options.port,
    instancePorts,
    redisPort: options.redisPort,
    redisCluster: options.cluster,
    databaseUrl: DATABASE_URL,
    env: sharedSecrets(options.dir),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\nReady: ${topology.url}  (health: ${topology.url}/api/health, logs: ${options.dir}/logs)`);
  console.log('Ctrl-C or SIGTERM stops everything above.');

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${signal}: stopping nginx, draining the instances, stopping Redis…`);
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
