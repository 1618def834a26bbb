import { createInterface } from 'node:readline';
import { createRedisClient, waitUntilReady, type RedisTarget } from '../../../lib/redis/client';
import { CacheEngine, cacheKey } from '../../../lib/cache';

/**
 * A stand-in for one storefront instance, run as its own OS process by the engine's cross-process tests:
 *
 *   node --import tsx tooling/vitest/cache/load-worker.ts '<WorkerArgs as JSON>'
 *
 * It connects, prints "ready", waits for "go" on stdin (so several workers start together), fires
 * `concurrency` reads of one key, and prints one JSON line: the distinct values it got and its errors. Its
 * loader counts every run in Redis (INCR counterKey) before sleeping `loaderMs`, so the test can count
 * loads across processes, including one that was killed mid-load.
 */

export interface WorkerArgs {
  target: RedisTarget;
  keyPrefix: string;
  namespace: string;
  id: string;
  counterKey: string;
  concurrency: number;
  loaderMs: number;
  lockTtlMs: number;
  lockWaitMs: number;
}

export interface WorkerResult {
  values: string[];
  errors: string[];
}

async function main(args: WorkerArgs): Promise<WorkerResult> {
  const redis = createRedisClient({
    target: args.target,
    commandTimeoutMs: 2000,
    connectionName: 'cache-test-worker',
  });
  redis.on('error', () => {});
  if (!(await waitUntilReady(redis, 10_000))) throw new Error('worker: Redis not ready');
  const engine = new CacheEngine({
    redis,
    keyPrefix: args.keyPrefix,
    lockTtlMs: args.lockTtlMs,
    lockWaitMs: args.lockWaitMs,
  });
  process.stdout.write('ready\n');
  await waitForGo();
  const key = cacheKey(args.namespace, args.id);
  const loader = async () => {
    await redis.incr(args.counterKey);
    await redis.pexpire(args.counterKey, 120_000);
    await new Promise((resolve) => setTimeout(resolve, args.loaderMs));
    return { loadedBy: process.pid };
  };
  const settled = await Promise.allSettled(
    Array.from({ length: args.concurrency }, () => engine.getOrLoad(key, loader)),
  );
  const values = new Set<string>();
  const errors: string[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') values.add(JSON.stringify(outcome.value));
    else errors.push(String(outcome.reason));
  }
  await engine.close();
  await redis.quit();
  return { values: [...values], errors };
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (line.trim() === 'go') {
        lines.close();
        resolve();
      }
    });
  });
}

main(JSON.parse(process.argv[2] ?? '{}') as WorkerArgs).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
