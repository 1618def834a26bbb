import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { nodePid } from '../tooling/redis-cluster';
import { figures, printDrill, signedIn, timeUntil } from './support/checks';
import { failures, ShopperLoad, sleep } from './support/load';
import { probe } from './support/probes';
import { startDrillStack, type DrillStack } from '../tooling/stack';

/*
 * Drill 6: a master of the cache's Redis Cluster dies (scale-out with --redis-cluster: three masters, three
 * replicas, cluster-node-timeout 2 s; sessions on their own Redis beside it). Its replica is promoted; the
 * storefront serves cached pages to signed-in shoppers again within 10 s, and no shopper is signed out by
 * the cache's failover. Nothing here depends on L1 (the in-process cache) following the Cluster.
 */

const run = promisify(execFile);
let stack: DrillStack;

beforeAll(async () => {
  stack = await startDrillStack({ instances: 2, redisCluster: true });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail' && stack) console.log(stack.logTails());
});

afterAll(async () => {
  await stack?.close();
});

/** The nodes' roles as the node on `port` sees them: port → master | slave (and fail flags). */
async function roles(port: number): Promise<Map<number, string>> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'nodes']);
  const result = new Map<number, string>();
  for (const line of stdout.trim().split('\n')) {
    const [, address, flags] = line.split(' ');
    result.set(Number(/:(\d+)@/.exec(address ?? '')?.[1]), flags ?? '');
  }
  return result;
}

it('drill 6: a killed cache Cluster master is replaced by its replica; pages and sessions are back within 10 s', async () => {
  const cluster = stack.topology.cluster!;
  const shoppers = await stack.newShoppers(24);
  const pages = stack.products.slice(0, 10);
  for (const product of pages) expect((await probe(stack, `/products/${product.slug}`)).status).toBe(200);
  const load = new ShopperLoad({ url: stack.url, shoppers: shoppers.slice(0, 8), products: pages });
  await sleep(3000); // every session is now older than 2 s

  const before = await roles(cluster.ports[1]!);
  const victim = cluster.ports.find((port) => before.get(port)?.includes('master'))!;
  const survivor = cluster.ports.find((port) => port !== victim)!;
  process.kill(nodePid(cluster, victim)!, 'SIGKILL');

  // Back = every shopper signed in and a cached page answering 200, through nginx.
  const backMs = await timeUntil('sessions and pages after the failover', 30_000, async () => {
    const page = await probe(stack, `/products/${pages[0]!.slug}`);
    if (page.status !== 200) return false;
    const answers = await Promise.all(shoppers.map((shopper) => signedIn(stack, shopper)));
    return answers.every(Boolean);
  });
  const promotedMs = await timeUntil('a replica promoted', 30_000, async () => {
    const after = await roles(survivor);
    return (
      cluster.ports.filter(
        (port) => after.get(port)?.includes('master') && !after.get(port)?.includes('fail'),
      ).length === 3
    );
  });
  await sleep(2000);
  const report = await load.stop();
  const stillSignedIn = await Promise.all(shoppers.map((shopper) => signedIn(stack, shopper)));
  printDrill('6 cache Redis Cluster master killed', {
    ...figures(report.records),
    pageFailures: failures(report.records, ['page']).length,
    killedMaster: victim,
    backAfterKillMs: backMs,
    replicaPromotedByMs: promotedMs + backMs,
    sessionsValid: `${stillSignedIn.filter(Boolean).length}/${shoppers.length}`,
  });
  expect(backMs).toBeLessThan(10_000);
  expect(stillSignedIn).toEqual(shoppers.map(() => true));
});
