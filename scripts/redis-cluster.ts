import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePortInRange, redisServerPort } from '../test/ports';
import { PortTakenError, serverPid, waitForPing } from '../test/redis-server';

/**
 * A local three-master Redis Cluster on loopback ports, for the cache engine's Cluster tests and for trying
 * the storefront against a Cluster:
 *
 *   node --import tsx scripts/redis-cluster.ts start [basePort]   # prints REDIS_CLUSTER_NODES=…
 *   node --import tsx scripts/redis-cluster.ts stop [basePort]
 *
 * The masters listen on basePort..basePort+2 (cluster bus on +10000), without persistence, daemonized, in
 * a temporary directory recorded in a state file so `stop` (or another process) can find them.
 * `npm run scale-out -- --redis-cluster` asks for more (`ClusterOptions`): a replica per master (six
 * nodes, on basePort..basePort+5) and an append-only file on each.
 */

const run = promisify(execFile);
const MASTERS = 3;

export interface RedisCluster {
  basePort: number;
  ports: number[];
  nodes: Array<{ host: string; port: number }>;
  dir: string;
}

function stateFile(basePort: number): string {
  return path.join(tmpdir(), `storefront-redis-cluster-${basePort}.json`);
}

export interface ClusterOptions {
  /** Replicas per master (0: masters only). A replica is promoted when its master dies. */
  replicasPerMaster?: number;
  /** An append-only file (fsynced each second) on every node instead of no persistence. */
  appendOnly?: boolean;
  /** The nodes' directory; a fresh temporary one when omitted. Removed by `stop` either way. */
  dir?: string;
}

export async function start(basePort = 7000, options: ClusterOptions = {}): Promise<RedisCluster> {
  const replicas = options.replicasPerMaster ?? 0;
  const ports = Array.from({ length: MASTERS * (1 + replicas) }, (_, index) => basePort + index);
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'storefront-redis-cluster-'));
  mkdirSync(dir, { recursive: true });
  const persistence = options.appendOnly
    ? ['--appendonly', 'yes', '--appendfsync', 'everysec']
    : ['--appendonly', 'no'];
  const cluster: RedisCluster = {
    basePort,
    ports,
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    dir,
  };
  writeFileSync(stateFile(basePort), JSON.stringify(cluster));
  try {
    for (const port of ports) {
      // prettier-ignore
      await run('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--maxmemory-policy', 'noeviction',
        '--appendfilename', `appendonly-${port}.aof`, '--appenddirname', `appendonly-${port}`,
        '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000',
        '--daemonize', 'yes', '--pidfile', path.join(dir, `${port}.pid`), '--dir', dir,
        '--logfile', path.join(dir, `${port}.log`),
      ]);
    }
    await Promise.all(ports.map((port) => waitForPing(port, undefined, 10_000)));
    // A daemonized node that lost its port to another process exits unseen while the other server answers
    // our PING: each node must be the process its pidfile names.
    for (const port of ports) {
      if ((await serverPid(port)) !== readPid(path.join(dir, `${port}.pid`))) {
        throw new PortTakenError(`port ${port} is another server's`);
      }
    }
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...addresses,
      '--cluster-replicas',
      String(replicas),
      '--cluster-yes',
    ]);
    await waitForClusterOk(ports, 20_000);
    return cluster;
  } catch (error) {
    await stop(cluster).catch(() => {});
    throw error;
  }
}

/**
 * Starts a cluster on a base port whose node ports and their cluster bus ports (+10000) are all free: from
 * this test worker's own block (test/ports.ts), or from [lowest, highest] when given. Tries other ports
 * when another process took one first. How tests get a cluster of their own beside others'.
 */
export async function startOnFreePorts(
  lowest?: number,
  highest?: number,
  options: ClusterOptions = {},
): Promise<RedisCluster> {
  const nodes = MASTERS * (1 + (options.replicasPerMaster ?? 0));
  const offsets = Array.from({ length: nodes }, (_, index) => index);
  const also = (port: number) =>
    [...offsets.slice(1), ...offsets.map((offset) => offset + 10_000)].map((offset) => port + offset);
  for (let attempt = 1; ; attempt += 1) {
    const basePort =
      lowest === undefined || highest === undefined
        ? await redisServerPort(also)
        : await freePortInRange(lowest, highest, also);
    try {
      return await start(basePort, options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 5) throw error;
    }
  }
}

/** Stops the cluster started with `start` (by handle, or by base port through its state file). */
export async function stop(cluster: RedisCluster | number = 7000): Promise<void> {
  const file = stateFile(typeof cluster === 'number' ? cluster : cluster.basePort);
  const known = typeof cluster === 'number' ? readState(file) : cluster;
  if (!known) return;
  await Promise.all(known.ports.map((port) => killFromPidfile(path.join(known.dir, `${port}.pid`))));
  rmSync(known.dir, { recursive: true, force: true });
  rmSync(file, { force: true });
}

/** The pid of the node on `port` (from its pidfile), for a drill that kills one. */
export function nodePid(cluster: RedisCluster, port: number): number | undefined {
  return readPid(path.join(cluster.dir, `${port}.pid`));
}

function readState(file: string): RedisCluster | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RedisCluster) : undefined;
}

function readPid(pidfile: string): number | undefined {
  const pid = existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8').trim()) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function killFromPidfile(pidfile: string): Promise<void> {
  const pid = readPid(pidfile);
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return; // already gone
  }
  for (let waited = 0; waited < 5000; waited += 25) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function waitForClusterOk(ports: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const infos = await Promise.all(
      ports.map((port) =>
        run('redis-cli', ['-p', String(port), 'cluster', 'info']).then((out) => out.stdout),
      ),
    );
    if (infos.every((info) => info.includes('cluster_state:ok'))) return;
    if (Date.now() > deadline) throw new Error('the Redis Cluster did not reach cluster_state:ok');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const [command, portArgument] = process.argv.slice(2);
  const basePort = portArgument ? Number(portArgument) : 7000;
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 55_000) {
    throw new Error(`bad base port: ${portArgument}`);
  }
  if (command === 'start') {
    const cluster = await start(basePort);
    console.log(`REDIS_CLUSTER_NODES=${cluster.nodes.map((node) => `${node.host}:${node.port}`).join(',')}`);
  } else if (command === 'stop') {
    await stop(basePort);
    console.log(`stopped the Redis Cluster on ports ${basePort}..${basePort + MASTERS - 1}`);
  } else {
    throw new Error('usage: node --import tsx scripts/redis-cluster.ts start|stop [basePort]');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
