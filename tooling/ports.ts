import net from 'node:net';

/*
 * Free loopback ports for tests, benchmarks and local tooling: the one place they are found.
 *
 * - `freePort()`: any port nothing listens on now, as the kernel hands them out (a `next start`, a Redis
 *   URL that must fail). Kernel-assigned ports never sit in the redis-server blocks below.
 * - `listenPort()`: for the servers of a drill's topology, outside the kernel's ephemeral range, where the
 *   load's own outgoing connections cannot take one before it is bound.
 * - `redisServerPort()`: a port from this worker's own block, for a redis-server that needs its port
 *   before it starts (restarted on the same port, a Cluster node with a bus port at +10000). Vitest and
 *   Playwright workers of one run get disjoint blocks, so two suites at once never pick the same ports;
 *   another run on the machine may, which is why tooling/redis-server.ts checks that the server answering
 *   is its own and tries another port when it is not.
 */

/** Whether nothing listens on 127.0.0.1:`port`. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port nothing listens on now, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// The servers of a drill's topology (nginx, its TLS port, the instances, PgBouncer, Prometheus and its
// exporters): 16000..19999, below the kernel's ephemeral range. A kernel-chosen port was once taken by an
// outgoing connection of the load between the moment it was chosen and nginx binding it ("Address already in
// use"); a drill makes thousands. Never the same port twice in a process, so one topology's are distinct.
const LISTEN_PORTS_FROM = 16_000;
const LISTEN_PORTS_TO = 19_999;
const listenPortsHandedOut = new Set<number>();

/** A free port for a server a topology starts: never in the ephemeral range, never handed out before here. */
export async function listenPort(): Promise<number> {
  const port = await freePortInRange(LISTEN_PORTS_FROM, LISTEN_PORTS_TO, () => [], listenPortsHandedOut);
  listenPortsHandedOut.add(port);
  return port;
}

/**
 * A random port in [min, max] that is free, with `also(port)` free too (a Cluster's bus ports, say), and
 * not one of `skip`.
 */
export async function freePortInRange(
  min: number,
  max: number,
  also: (port: number) => number[] = () => [],
  skip: ReadonlySet<number> = new Set(),
): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    if (skip.has(port)) continue;
    const free = await Promise.all([port, ...also(port)].map(isPortFree));
    if (free.every(Boolean)) return port;
  }
  throw new Error(`no free port found in ${min}..${max}`);
}

// redis-server ports: 10000..15999, split into blocks of 750, one per worker. Cluster bus ports (+10000)
// then fall in 20000..25999: both below the kernel's ephemeral range (32768 and up on Linux), so neither
// a `freePort()` nor an outgoing connection's local port lands on them.
const REDIS_PORTS_FROM = 10_000;
const BLOCK_SIZE = 750;
const BLOCKS = 8;
/** Ports a caller may use above the base it gets (a Cluster's further nodes). */
export const MAX_PORT_SPAN = 10;

/** This process's block: Vitest's pool id (1..maxWorkers), Playwright's parallel index, else random. */
export function workerPortBlock(): { min: number; max: number } {
  const vitest = Number(process.env.VITEST_POOL_ID);
  const playwright = Number(process.env.TEST_PARALLEL_INDEX);
  const slot = Number.isInteger(vitest)
    ? vitest - 1
    : Number.isInteger(playwright)
      ? BLOCKS - 1 - playwright // from the other end: a Playwright worker beside a vitest run
      : Math.floor(Math.random() * BLOCKS);
  const min = REDIS_PORTS_FROM + (((slot % BLOCKS) + BLOCKS) % BLOCKS) * BLOCK_SIZE;
  return { min, max: min + BLOCK_SIZE - 1 - MAX_PORT_SPAN };
}

/** A free port from this worker's block, with `also(port)` free too. */
export function redisServerPort(also: (port: number) => number[] = () => []): Promise<number> {
  const { min, max } = workerPortBlock();
  return freePortInRange(min, max, also);
}

/** `count` distinct free ports from this worker's block (servers that start together, say two Redis). */
export async function redisServerPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await redisServerPort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}
