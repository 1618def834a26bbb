import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { freePort, redisServerPorts } from '../../tooling/ports';
import { sharedSecrets } from '../../tooling/scale-out/secrets';
import { startTopology, type RunningTopology } from '../../tooling/scale-out/topology';
import type { BenchContext } from '../part';
import { windowStats, type PathKind, type Sample } from './window';

/*
 * The fleet of `npm run scale-out` (nginx in front of N `next start` instances, a private AOF Redis) on the
 * run's database, driven through nginx by autocannon on a mix of anonymous catalog requests. Each size gets
 * a topology of its own on free ports, in its own directory, stopped before the next one starts.
 */

/** Connections autocannon keeps open to nginx: enough to keep three instances busy. */
export const FLEET_CONNECTIONS = 64;
const HOT_PRODUCTS = 20;
/** Each instance gets every path of the mix this many times before the load: L1 and Redis filled. */
const WARM_ROUNDS = 2;

export interface FleetRun {
  instances: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  p99ByKind: Record<PathKind, number>;
  /** The slowest first answer of a new connection (opened at once, before the window). */
  openingMaxMs: number;
  non2xx: number;
  /** Connection errors, timeouts included, over the whole run (warm-up too). */
  errors: number;
}

/** The mix in words, for the table's note. */
export const MIX_DESCRIPTION = `a cycle of ${HOT_PRODUCTS} hot products' pages and product JSON, with \`/products\` and \`/\` after every fifth product`;

/**
 * One cycle of requests, which each connection walks in order: every hot product's page and its JSON
 * (what the page's live stock line fetches), with the listing and the home page after every fifth product.
 */
export async function catalogMix(databaseUrl: string): Promise<string[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    // The first product is the flash sale's (sold out); the next ones are the hot products.
    const products = await sql<{ slug: string }[]>`
      select slug from products order by id offset 1 limit ${HOT_PRODUCTS}`;
    return products.flatMap(({ slug }, index) => [
      `/products/${slug}`,
      `/api/products/${slug}`,
      ...(index % 5 === 4 ? ['/products', '/'] : []),
    ]);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function startFleet(context: BenchContext, instances: number, dir: string): Promise<RunningTopology> {
  const instancePorts: number[] = [];
  for (let index = 0; index < instances; index += 1) instancePorts.push(await freePort());
  const [redisPort, cacheRedisPort] = (await redisServerPorts(2)) as [number, number];
  const topology = await startTopology({
    dir,
    instances,
    port: await freePort(),
    tlsPort: await freePort(),
    instancePorts,
    redisPort,
    cacheRedisPort,
    redisCluster: false,
    databaseUrl: context.databaseUrl,
    env: { ...sharedSecrets(dir, {}), REDIS_KEY_PREFIX: context.keyPrefix(`fleet-${instances}`) },
  });
  context.defer(`stop the fleet of ${instances}`, () => topology.stop());
  return topology;
}

/** Every path on every instance directly (nginx would spread them unevenly), refusing anything but 200. */
async function warm(topology: RunningTopology, paths: string[]): Promise<void> {
  for (const instance of topology.instances) {
    for (let round = 0; round < WARM_ROUNDS; round += 1) {
      for (const requestPath of paths) {
        const response = await fetch(`${instance.url}${requestPath}`);
        await response.arrayBuffer();
        if (response.status !== 200) {
          throw new Error(`${instance.url}${requestPath} answered ${response.status} while warming`);
        }
      }
    }
  }
}

/**
 * One autocannon run on the cycle, every response recorded with its connection and path. autocannon
 * without a callback returns a thenable, not a Promise (no .finally): awaited, it is one.
 */
async function drive(url: string, paths: string[], seconds: number, samples: Sample[]) {
  // The thenable is also the instance, whose events the types only give with a callback.
  const run = autocannon({
    url,
    connections: FLEET_CONNECTIONS,
    duration: seconds,
    requests: paths.map((requestPath) => ({ method: 'GET', path: requestPath })),
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  const connections = new Map<unknown, number>();
  // With one request in flight per connection, the client's current request is the one answered.
  run.on('response', (client: unknown, status: number, _bytes: number, latencyMs: number) => {
    if (!connections.has(client)) connections.set(client, connections.size);
    const request = (client as { requestIterator: { currentRequest: { path: string } } }).requestIterator;
    samples.push({
      endedAt: Date.now(),
      connection: connections.get(client)!,
      path: request.currentRequest.path,
      latencyMs,
      status,
    });
  });
  return await run;
}

/**
 * A fleet of `instances` started, warmed (every path on every instance), driven through nginx for
 * `warmSeconds` + `seconds` in one run, and stopped. Only requests sent after the warm-up count, on the
 * connections the warm-up opened: a fresh `next start` is slow until its routes are loaded, and a
 * connection's opening is reported apart (./window.ts says why).
 */
export async function measureFleet(
  context: BenchContext,
  instances: number,
  paths: string[],
  { seconds, warmSeconds }: { seconds: number; warmSeconds: number },
): Promise<FleetRun> {
  const dir = mkdtempSync(path.join(tmpdir(), `storefront-bench-fleet-${instances}-`));
  context.defer(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  const topology = await startFleet(context, instances, dir);
  try {
    await warm(topology, paths);
    const progress = context.progress(`fleet of ${instances}`, warmSeconds + seconds);
    const ticker = setInterval(() => progress.increment(), 1000);
    const samples: Sample[] = [];
    const windowStart = Date.now() + warmSeconds * 1000;
    let result: autocannon.Result;
    try {
      result = await drive(topology.url, paths, warmSeconds + seconds, samples);
    } finally {
      clearInterval(ticker);
      progress.stop();
    }
    const stats = windowStats(samples, windowStart);
    return {
      instances,
      requestsPerSecond: Math.round(stats.requests / seconds),
      p50Ms: stats.p50Ms,
      p99Ms: stats.p99Ms,
      p99ByKind: stats.p99ByKind,
      openingMaxMs: stats.openingMaxMs,
      non2xx: stats.non2xx,
      errors: result.errors,
    };
  } finally {
    await topology.stop();
  }
}
