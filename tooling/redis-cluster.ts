import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePortInRange, redisServerPort } from './ports';
import { signalAndWait } from './processes';
import { PortTakenError, serverPid, waitForPing } from './redis-server';

/**
 * A local three-master Redis Cluster on loopback ports, for the cache engine's Cluster tests and for trying
 * the storefront against a Cluster:
 *
 *   node --import tsx tooling/redis-cluster.ts start [basePort] [--replicas]   # prints REDIS_CLUSTER_NODES=…
 *   node --import tsx tooling/redis-cluster.ts stop [basePort]
 *
 * The masters listen on basePort..basePort+2 (cluster bus on +10000), without persistence, daemonized, in
 * a temporary directory recorded in a state file so `stop` (or another process) can find them. With
 * `--replicas` (`{ replicas: 1 }`) three more nodes on basePort+3..basePort+5 replicate one master each, so
 * a master's death promotes its replica (failover: `killNode`, then `waitForFailover`).
 * `npm run scale-out -- --redis-cluster` runs its cache on one, each node with a memory budget that evicts
 * the least recently used keys (`{ maxmemory, evictionPolicy: 'allkeys-lru', dir }`); `{ aof: true }` asks
 * for an append-only file on each node.
 */

const run = promisify(execFile);
const MASTERS = 3;

export interface RedisClusterOptions {
  /** Replicas per master: 0 (the default) or 1 (six nodes). */
  replicas?: 0 | 1;
  /** `cluster-node-timeout`: how long a silent node takes to be failed over (default 2000 ms). */
  nodeTimeoutMs?: number;
  /** `appendonly yes` (`appendfsync everysec`) on every node; default off. */
  aof?: boolean;
  /** Each node's `maxmemory` (e.g. '256mb'); default none. */
  maxmemory?: string;
  /** Each node's `maxmemory-policy`; default noeviction. */
  evictionPolicy?: string;
  /** The nodes' directory; a fresh temporary one when omitted. Removed by `stop` either way. */
  dir?: string;
}

export interface RedisCluster {
  basePort: number;
  /** Every node's port: the masters' first, then the replicas' (as created; failovers swap roles). */
  ports: number[];
  nodes: Array<{ host: string; port: number }>;
  dir: string;
  /** Replicas per master (absent in state files written before replicas existed: 0). */
  replicas?: number;
}

function stateFile(basePort: number): string {
  return path.join(tmpdir(), `storefront-redis-cluster-${basePort}.json`);
}

export async function start(basePort = 7000, options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const replicas = options.replicas ?? 0;
  const ports = Array.from({ length: MASTERS * (1 + replicas) }, (_, index) => basePort + index);
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'storefront-redis-cluster-'));
  mkdirSync(dir, { recursive: true });
  const cluster: RedisCluster = {
    basePort,
    ports,
    nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    dir,
    replicas,
  };
  const nodeTimeout = String(options.nodeTimeoutMs ?? 2000);
  // Nodes share one directory: each needs files of its own (a replica's full sync writes an RDB file).
  const files = (port: number) => [
    '--dbfilename',
    `dump-${port}.rdb`,
    ...(options.aof
      ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--appenddirname', `aof-${port}`]
      : ['--appendonly', 'no']),
    ...(options.maxmemory ? ['--maxmemory', options.maxmemory] : []),
    '--maxmemory-policy',
    options.evictionPolicy ?? 'noeviction',
  ];
  writeFileSync(stateFile(basePort), JSON.stringify(cluster));
  try {
    for (const port of ports) {
      // prettier-ignore
      await run('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--save', '', ...files(port),
        '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', nodeTimeout,
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
    // prettier-ignore
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes']);
    await waitForClusterOk(ports, 20_000);
    if (replicas > 0) await waitForReplicas(ports, MASTERS * replicas, 20_000);
    return cluster;
  } catch (error) {
    await stop(cluster).catch(() => {});
    throw error;
  }
}

/**
 * Starts a cluster on a base port whose node ports and their cluster bus ports (+10000) are all free: from
 * this test worker's own block (tooling/ports.ts), or from [lowest, highest] when given. Tries other ports
 * when another process took one first. How tests get a cluster of their own beside others'.
 */
export async function startOnFreePorts(
  lowest?: number,
  highest?: number,
  options: RedisClusterOptions = {},
): Promise<RedisCluster> {
  const count = MASTERS * (1 + (options.replicas ?? 0));
  const also = (port: number) =>
    Array.from({ length: count }, (_, index) => [index, 10_000 + index])
      .flat()
      .filter((offset) => offset !== 0)
      .map((offset) => port + offset);
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
  rmSync(known.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
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
  if (pid !== undefined) await signalAndWait(pid, 'SIGKILL', 5000);
}

/** Kills one node (SIGKILL, as a crash would) and waits until it is gone. */
export async function killNode(cluster: RedisCluster, port: number): Promise<void> {
  await killFromPidfile(path.join(cluster.dir, `${port}.pid`));
}

const clusterNodesOf = async (port: number) =>
  (await run('redis-cli', ['-p', String(port), 'cluster', 'nodes'])).stdout;

/** The ports of the nodes that are masters now, as a live node of the Cluster sees them. */
export async function masterPorts(cluster: RedisCluster, askPort?: number): Promise<number[]> {
  const ask = askPort ?? cluster.ports[0]!;
  return (await clusterNodesOf(ask))
    .split('\n')
    .filter((line) => / (myself,)?master /.test(line) && !/fail/.test(line.split(' ')[2] ?? ''))
    .map((line) => Number(/:(\d+)@/.exec(line)?.[1]))
    .filter(Number.isInteger)
    .sort((a, b) => a - b);
}

/**
 * Waits until every live node sees `deadPort` as failed and the Cluster is whole again (its replica
 * promoted, cluster_state:ok everywhere).
 */
export async function waitForFailover(cluster: RedisCluster, deadPort: number, timeoutMs = 20_000) {
  const live = cluster.ports.filter((port) => port !== deadPort);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const views = await Promise.all(live.map((port) => clusterNodesOf(port).catch(() => '')));
    const failed = views.every((view) =>
      view.split('\n').some((line) => line.includes(`:${deadPort}@`) && / \S*fail[ ,]/.test(line)),
    );
    if (failed) {
      await waitForClusterOk(live, Math.max(1000, deadline - Date.now()));
      return;
    }
    if (Date.now() > deadline) throw new Error(`node ${deadPort} was not failed over in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until `expected` replicas report their link to their master up. */
async function waitForReplicas(ports: number[], expected: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const infos = await Promise.all(
      ports.map((port) =>
        run('redis-cli', ['-p', String(port), 'info', 'replication']).then((out) => out.stdout),
      ),
    );
    if (infos.filter((info) => info.includes('master_link_status:up')).length >= expected) return;
    if (Date.now() > deadline) throw new Error('the Redis Cluster replicas did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 100));
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
  const args = process.argv.slice(2);
  const replicas = args.includes('--replicas') ? 1 : 0;
  const [command, portArgument] = args.filter((arg) => arg !== '--replicas');
  const basePort = portArgument ? Number(portArgument) : 7000;
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 55_000) {
    throw new Error(`bad base port: ${portArgument}`);
  }
  if (command === 'start') {
    const cluster = await start(basePort, { replicas });
    console.log(`REDIS_CLUSTER_NODES=${cluster.nodes.map((node) => `${node.host}:${node.port}`).join(',')}`);
  } else if (command === 'stop') {
    const known = readState(stateFile(basePort));
    await stop(basePort);
    const last = known ? Math.max(...known.ports) : basePort + MASTERS - 1;
    console.log(`stopped the Redis Cluster on ports ${basePort}..${last}`);
  } else {
    throw new Error('usage: node --import tsx tooling/redis-cluster.ts start|stop [basePort] [--replicas]');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
